"""Settings shared by every environment.

Environment variables are read here once, typed, each with a one-line comment;
`.env.example` lists them.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Secret key for signing; production refuses to start without one.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
# Debug pages; never on in production.
DEBUG = env_bool("DEBUG", False)
# Host names the site answers to, comma-separated.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
# Database; SQLite next to the code when unset (the embedded default).
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
# Elasticsearch for the public search; the database engine is used when unset.
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
# Prefix of every Elasticsearch index name, so several sites can share a cluster.
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "portal")
# Seconds the public search waits for Elasticsearch before answering from the database.
ELASTICSEARCH_TIMEOUT = float(env_str("ELASTICSEARCH_TIMEOUT", "2"))
# The oldest year a record (topic, output, event…) may be dated in; older dates are typos.
EARLIEST_RECORD_YEAR = env_int("EARLIEST_RECORD_YEAR", 1990)
# How many years ahead of this one a record may be dated (plans, extended topics).
LATEST_YEARS_AHEAD = env_int("LATEST_YEARS_AHEAD", 10)
# Days before a deadline on which its responsible person is reminded, comma-separated.
DEADLINE_REMINDER_DAYS = [int(day) for day in env_list("DEADLINE_REMINDER_DAYS", "30,7,1")]
# Public base URL of the site, used in e-mails and the admin.
SITE_BASE_URL = env_str("SITE_BASE_URL", "http://127.0.0.1:8000")
# Outgoing e-mail: an SMTP URL-free set of variables; console output when EMAIL_HOST is unset.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# Sender address of the portal's e-mails.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "nckh@truongchinhtri.quangtri.gov.vn")
# Outbox: tries per e-mail before it is shown to the office as failed, and the first and longest
# wait between tries in seconds (the wait doubles after each failure).
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 10)
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 60)
OUTBOX_RETRY_MAX_SECONDS = env_int("OUTBOX_RETRY_MAX_SECONDS", 6 * 3600)
# LibreOffice program that turns generated .docx documents into PDF (skipped when not installed),
# and how many seconds one conversion may take.
DOCUMENT_PDF_CONVERTER = env_str("DOCUMENT_PDF_CONVERTER", "soffice")
DOCUMENT_PDF_TIMEOUT = env_int("DOCUMENT_PDF_TIMEOUT", 60)
# User-Agents the library statistics leave out (a regular expression, case ignored); a request
# without one is not counted either.
LIBRARY_STATS_BOT_PATTERN = env_str(
    "LIBRARY_STATS_BOT_PATTERN",
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|preview|monitor|headless|python-requests"
    r"|curl|wget|httpclient|java/|go-http|lighthouse|pingdom|uptime",
)
# Where uploaded public files (photos, images) live.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Where uploaded restricted files (output and proposal attachments) live; never served directly.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))

EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

INSTALLED_APPS = [
    "research",
    "cms",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "research.middleware.OutOfRangeMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default under a small school's real load: readers never wait for the writer
    # (WAL), a writer queues for up to SQLITE_BUSY_TIMEOUT seconds instead of failing, and every
    # transaction takes the write lock at its start (IMMEDIATE), so two of them never deadlock
    # upgrading read locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# Our catalogue first; then our supplement to Wagtail's partial Vietnamese admin translation.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-admin"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "research.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "research:dashboard"
LOGOUT_REDIRECT_URL = "/"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Upload limits: photos are checked by Pillow, attachments by extension and size.
PHOTO_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
ATTACHMENT_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
ATTACHMENT_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "zip"]
PROPOSAL_ATTACHMENT_EXTENSIONS = ["pdf", "docx"]

WAGTAIL_SITE_NAME = "Cổng nghiên cứu khoa học — Trường Chính trị Lê Duẩn"
WAGTAILADMIN_BASE_URL = SITE_BASE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "research.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ATTACHMENT_EXTENSIONS
WAGTAILDOCS_MAX_UPLOAD_SIZE = ATTACHMENT_MAX_UPLOAD_SIZE
WAGTAILIMAGES_MAX_UPLOAD_SIZE = PHOTO_MAX_UPLOAD_SIZE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # WARNING and up: Django's own console handler already prints its INFO lines in development
    # (“Watching for file changes”), which would otherwise be printed twice.
    "handlers": {"console": {"class": "logging.StreamHandler", "level": "WARNING"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
