from .base import *  # noqa: F403

DEBUG = True

# The benchmarks (make bench): their corpora and bench_* commands, never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
