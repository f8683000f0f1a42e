"""Settings shared by every environment.

Environment variables are read here once, typed, each with a one-line comment;
`docs/deploy/portal.env` lists them.
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
# Origins (scheme://host:port) trusted for forms when the site is not on its standard port.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Database; SQLite next to the code when unset (the embedded default).
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
# Elasticsearch for the public search; the database engine is used when unset.
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
# Prefix of every Elasticsearch index name, so several sites can share a cluster.
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "portal")
# Seconds the public search waits for Elasticsearch before answering from the database.
ELASTICSEARCH_TIMEOUT = float(env_str("ELASTICSEARCH_TIMEOUT", "2"))
# Seconds an index operation (create, bulk, refresh, alias switch, backlog drain) may take.
ELASTICSEARCH_ADMIN_TIMEOUT = float(env_str("ELASTICSEARCH_ADMIN_TIMEOUT", "60"))
# Replicas of each search index (0 on one node); a rebuild writes without them, then sets them.
ELASTICSEARCH_REPLICAS = env_int("ELASTICSEARCH_REPLICAS", 0)
# Primary shards of each search index: 1 holds a province's or the Academy's hundreds of
# thousands of entries (docs/deployment.md, "Growing past one machine").
ELASTICSEARCH_SHARDS = env_int("ELASTICSEARCH_SHARDS", 1)
# How soon a written entry is searchable ("1s"; "30s" eases a cluster taking large harvests).
ELASTICSEARCH_REFRESH_INTERVAL = env_str("ELASTICSEARCH_REFRESH_INTERVAL", "1s")
# Harvesting the other schools (search.harvest): seconds a peer may take to answer one request,
# and tries after the first when it is unreachable or answers 5xx (waiting 2, 4, 8 … seconds).
HARVEST_TIMEOUT = float(env_str("HARVEST_TIMEOUT", "30"))
HARVEST_RETRIES = env_int("HARVEST_RETRIES", 3)
# Seconds the public search keeps away from Elasticsearch after it failed (circuit breaker).
ELASTICSEARCH_COOLDOWN = float(env_str("ELASTICSEARCH_COOLDOWN", "30"))
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
# Seconds an SMTP connection waits for the mail server before giving up (a hung server fails the
# send, to be retried by the outbox, instead of blocking whoever sends).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# Sender address of the portal's e-mails.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "nckh@truongchinhtri.quangtri.gov.vn")
# Outbox: tries per e-mail before it is shown to the office as failed, and the first and longest
# wait between tries in seconds (the wait doubles after each failure).
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 10)
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 60)
OUTBOX_RETRY_MAX_SECONDS = env_int("OUTBOX_RETRY_MAX_SECONDS", 6 * 3600)
# Try each notification's first send as soon as its change commits, inside the user's request.
# Off (the default): only `send_outbox` (every minute) talks to the mail server, so a slow or hung
# server never delays an action.
OUTBOX_SEND_ON_COMMIT = env_bool("OUTBOX_SEND_ON_COMMIT", False)
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
# Largest spreadsheet the Excel import reads, in bytes (default 5 MB).
IMPORT_MAX_UPLOAD_SIZE = env_int("IMPORT_MAX_UPLOAD_SIZE", 5 * 1024 * 1024)
# Most data rows one imported sheet may hold (docs/reliability.md lists the limits).
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20_000)
# Most columns an imported sheet may declare or use.
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 100)
# Most cells (rows × columns) an imported sheet may declare.
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 1_000_000)
# Most bytes an imported workbook may unpack to, all its parts together (default 60 MB).
IMPORT_MAX_UNPACKED_SIZE = env_int("IMPORT_MAX_UNPACKED_SIZE", 60 * 1024 * 1024)
# Most bytes of the workbook's shared strings (every distinct text of the file; default 20 MB).
IMPORT_MAX_SHARED_STRINGS_SIZE = env_int("IMPORT_MAX_SHARED_STRINGS_SIZE", 20 * 1024 * 1024)
# Rows a confirmed import may have to be applied inside the office's request; larger files are
# applied by `manage.py run_imports` (a timer, docs/operations.md) while the office watches.
IMPORT_INLINE_ROWS = env_int("IMPORT_INLINE_ROWS", 300)
# The repository identifier in OAI-PMH identifiers (oai:<this>:topic/12): the site's domain.
OAI_REPOSITORY_ID = env_str("OAI_REPOSITORY_ID", "nckh.truongchinhtri.quangtri.gov.vn")
# Records per OAI-PMH list response; a resumption token fetches the next ones.
OAI_PAGE_SIZE = env_int("OAI_PAGE_SIZE", 100)
# Where uploaded restricted files (output and proposal attachments) live; never served directly.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
# Where `manage.py backup` writes its archives (copy them off the server: docs/deployment.md).
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / "backups")))
# Shared cache: db://<table> (Django's database cache), redis://host:port/db, or locmem://.
CACHE_URL = env_str("CACHE_URL", "db://portal_cache")
# Milliseconds a write of the database cache waits for SQLite's write lock before it is skipped
# (a miss, never an error page: portal/cache.py).
CACHE_WRITE_WAIT_MS = env_int("CACHE_WRITE_WAIT_MS", 200)
# Seconds a page rendered for anonymous visitors, and a listing's counts and page rows (for every
# visitor), are reused; any change they may show drops them sooner (cms/pagecache.py); 0: off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
LISTING_CACHE_SECONDS = env_int("LISTING_CACHE_SECONDS", 300)
# Hand permission-checked downloads to nginx (X-Accel-Redirect) instead of streaming them.
X_ACCEL_REDIRECT = env_bool("X_ACCEL_REDIRECT", False)
# Error reports: "Name <address>" pairs, comma-separated, e-mailed a traceback on every 500.
ADMINS = [
    (admin.split("<")[0].strip(), admin.split("<")[-1].rstrip(">").strip())
    for admin in env_list("ADMINS")
]
# Sentry (or a compatible service) receives errors when set.
SENTRY_DSN = env_str("SENTRY_DSN")
# Logs as one JSON object a line (for journald or a collector) instead of plain text.
LOG_JSON = env_bool("LOG_JSON", False)
# Free space under the media folders below which /readyz reports the disk as failing, in MB.
HEALTH_MIN_FREE_DISK_MB = env_int("HEALTH_MIN_FREE_DISK_MB", 1024)
# Client addresses /readyz shows its figures to (folders, free disk, errors), comma-separated;
# any other caller gets each check's ok or failing only.
HEALTH_DETAIL_ADDRESSES = env_list("HEALTH_DETAIL_ADDRESSES", "127.0.0.1,::1")
# Wrong passwords in a row, per user name and address, before the login is locked.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
# Wrong passwords from one address, whatever the user names, before that address may not log in
# for LOGIN_LOCKOUT_HOURS (password spraying). Higher than the per-login limit: a school's staff
# may share one address behind its router.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
# Hours a locked login stays locked unless the research office unlocks it first.
LOGIN_LOCKOUT_HOURS = env_int("LOGIN_LOCKOUT_HOURS", 1)
# The demo loaders may run (they reset the demo accounts' passwords); never in production.
DEMO_DATA_ALLOWED = True
# Behind nginx: take the client address and request id from its X-Real-IP and X-Request-ID.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
# Addresses of that proxy, comma-separated: those headers are believed only on a request coming
# from one of them (gunicorn reached directly is answered as the caller's own address).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")

EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

INSTALLED_APPS = [
    "research",
    "portal.operations",  # production plumbing: request ids, headers, throttling, health, backups
    "cms",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
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
    "axes",
    "rest_framework",
    "drf_spectacular",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # its catalogue: the admin's “5 phút trước” (Wagtail uses naturaltime)
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "portal.operations.requests.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.operations.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "research.core.middleware.ControlCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cms.pagecache.AnonymousPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "research.core.middleware.OutOfRangeMiddleware",
    "research.core.middleware.UnsupportedExportMiddleware",
    "research.core.middleware.LiaisonConfinementMiddleware",
    "research.core.middleware.WorkspaceNotAdminMiddleware",
    "axes.middleware.AxesMiddleware",
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


def cache_from_url(url):
    """CACHE_URL as Django's CACHES entry: every worker of every server shares what it caches."""
    scheme, _sep, rest = url.partition("://")
    if scheme == "db":
        # Culled past 10,000, soonest to expire first (portal/cache.py; Django's 300: too few).
        return {
            "BACKEND": "portal.cache.DatabaseCache",
            "LOCATION": rest,
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest}
    raise ValueError(f"CACHE_URL must start with db://, redis:// or locmem://, not {url!r}")


CACHES = {"default": cache_from_url(CACHE_URL)}
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
        "BACKEND": "research.core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

AUTHENTICATION_BACKENDS = [
    "portal.operations.security.LoginThrottleBackend",  # counts wrong passwords, locks
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = LOGIN_LOCKOUT_HOURS
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.operations.security.locked_out"
AXES_ENABLE_ADMIN = False  # unlocking is in the Wagtail admin (research office)
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "research:dashboard"
LOGOUT_REDIRECT_URL = "/"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Upload limits: photos are re-encoded by Pillow, attachments checked by extension, content and size.
PHOTO_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
IMAGE_MAX_SIDE = 6000  # pixels, either side, of a photo or a Wagtail image
# Ceilings on what users type: a VND amount, a duration in months, a comment or a section.
MAX_AMOUNT_VND = 100_000_000_000
MAX_DURATION_MONTHS = 120
MAX_TEXT_LENGTH = 20_000
ATTACHMENT_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Ceilings on the lists one person grows in one form (docs/reliability.md, “Limits”): the authors
# of an output, the keywords of a record, the team rows and every other row list of a proposal,
# and the files of one declaration. A school with larger author lists raises them here.
MAX_AUTHORS = env_int("MAX_AUTHORS", 100)
MAX_KEYWORDS = env_int("MAX_KEYWORDS", 30)
MAX_FORM_ROWS = env_int("MAX_FORM_ROWS", 100)
MAX_FILES_PER_RECORD = env_int("MAX_FILES_PER_RECORD", 20)
ATTACHMENT_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "zip"]
PROPOSAL_ATTACHMENT_EXTENSIONS = ["pdf", "docx"]

# No avatars from Gravatar: no address hashes sent abroad, nothing outside the CSP.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor the admin's check for a newer Wagtail release (a school server need not reach it).
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The admin's title; the school's own name is a site setting (cms.SiteSettings), never code.
WAGTAIL_SITE_NAME = "Cổng nghiên cứu khoa học"
WAGTAILADMIN_BASE_URL = SITE_BASE_URL
# The admin's date pickers write and read dates as every other form does (portal/formats): dd/mm/yyyy.
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# The public site in both languages: an English page tree kept in step with the Vietnamese one
# (Wagtail's simple translation; docs/public-site.md says how pages join the English site).
WAGTAIL_I18N_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "research.core.search_backend"}}
# The public search's database engine (docs/search.md): matches and facets counted exactly up to
# this many entries (beyond, estimated from a sample of about as many), and the entries of a
# ranking tier scored by relevance.
SEARCH_EXACT_COUNT = 2000
SEARCH_RANK_CANDIDATES = 200
WAGTAILDOCS_EXTENSIONS = ATTACHMENT_EXTENSIONS
WAGTAILDOCS_MAX_UPLOAD_SIZE = ATTACHMENT_MAX_UPLOAD_SIZE
WAGTAILIMAGES_MAX_UPLOAD_SIZE = PHOTO_MAX_UPLOAD_SIZE
WAGTAILIMAGES_MAX_IMAGE_PIXELS = IMAGE_MAX_SIDE * IMAGE_MAX_SIDE
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.forms.ReencodedImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.forms.CheckedDocumentForm"
# Wagtail documents leave through nginx too (portal.operations.files), after Wagtail's checks.
SENDFILE_BACKEND = "portal.operations.files"

# The domain's permission map, asked by the plumbing's own admin screen (Locked logins) by name,
# so that portal.operations imports no app: check(user, rule) → a decision with a reason.
PERMISSION_CHECK = "research.core.permissions.check"

# Readiness (/readyz, manage.py check_health): name → {"check": dotted path, its options}.
# A check returns a dict with "ok"; portal.operations.health documents the interface.
HEALTH_CHECKS = {
    "database": {"check": "portal.operations.health.check_database"},
    "cache": {"check": "portal.operations.health.check_cache"},
    "media_disk": {
        "check": "portal.operations.health.check_disk",
        "paths": [MEDIA_ROOT, PRIVATE_MEDIA_ROOT],
        "min_free_mb": HEALTH_MIN_FREE_DISK_MB,
    },
    "elasticsearch": {"check": "search.health.check_elasticsearch"},
    # Pages waiting for their search entries (search_index --drain runs every minute).
    "search_backlog": {
        "check": "portal.operations.health.check_backlog",
        "measure": "search.indexing.backlog",
        "max_size": 500,
        "max_age_seconds": 900,
    },
    # E-mails waiting to be sent (send_outbox runs every minute; failures are retried).
    "outbox": {
        "check": "portal.operations.health.check_backlog",
        "measure": "research.inbox.outbox.backlog_measure",
        "max_size": 500,
        "max_age_seconds": 3600,
    },
}

# Content-Security-Policy (django-csp): our pages run no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# Wagtail's admin still carries inline scripts and styles (its panels and date widgets).
CONTENT_SECURITY_POLICY_ADMIN = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)

# The read-only JSON API (cms/opendata/api.py): anonymous, public data only, JSON, paginated.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cổng nghiên cứu khoa học — API dữ liệu mở",
    "DESCRIPTION": "Published research topics, library items and lecturer profiles (read-only).",
    "VERSION": "1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Only the open-data endpoints, not Wagtail's own admin API, go into the description.
    "PREPROCESSING_HOOKS": ["cms.opendata.api.open_data_only"],
    # The description is tested (tests/cms/test_api.py); `check --deploy` has no database to build it.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}

# One line a record with the request id; JSON when LOG_JSON; a traceback e-mailed to ADMINS.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request": {"()": "portal.operations.requests.RequestContextFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {"()": "portal.operations.requests.JsonFormatter"},
    },
    "handlers": {
        # WARNING and up: Django's own console handler already prints its INFO lines in
        # development (“Watching for file changes”), which would otherwise be printed twice.
        "console": {
            "class": "logging.StreamHandler",
            "level": "WARNING",
            "filters": ["request"],
            "formatter": "json" if LOG_JSON else "plain",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false"],
            "level": "ERROR",
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {
            "handlers": ["console", "mail_admins"],
            "level": "WARNING",
            "propagate": False,
        },
        "axes": {"level": "WARNING"},
    },
}
