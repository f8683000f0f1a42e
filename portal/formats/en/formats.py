# The school writes dates dd/mm/yyyy in both languages.
from portal.formats.vi.formats import *  # noqa: F403
