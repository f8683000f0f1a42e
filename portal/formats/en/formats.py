# The school writes dates dd/mm/yyyy in both languages; English numbers keep English separators
# (1,250,000.5).
from portal.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
