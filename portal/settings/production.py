"""Production: behind nginx (docs/deploy/), fails fast on a missing or weak secret."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, SENTRY_DSN, STORAGES, env_bool, env_int

DEBUG = False

# Values published in this repository or its documentation, never a real key.
EXAMPLE_SECRET_KEYS = {"change-me", "changeme", "secret", "django-insecure", "your-secret-key"}


def weak_secret_key(key):
    """Why `key` may not sign production sessions, or "" when it may (Django's own W009 bar)."""
    if not key:
        return "SECRET_KEY must be set in production."
    if key.lower() in EXAMPLE_SECRET_KEYS or key.startswith(("dev-only", "django-insecure-")):
        return "SECRET_KEY is an example value; generate one (docs/deployment.md)."
    if len(key) < 50 or len(set(key)) < 5:
        return "SECRET_KEY is too weak: use at least 50 random characters (docs/deployment.md)."
    return ""


if reason := weak_secret_key(SECRET_KEY):
    raise ImproperlyConfigured(reason)

# The demo loaders reset the demo accounts to a published password: never here.
DEMO_DATA_ALLOWED = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes may come over plain HTTP
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
BEHIND_PROXY = env_bool("BEHIND_PROXY", True)
X_ACCEL_REDIRECT = env_bool("X_ACCEL_REDIRECT", True)

# Hashed names (app.3f2a9c.css) that nginx may cache for a year.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(dsn=SENTRY_DSN, send_default_pii=False, traces_sample_rate=0)
