"""Settings for the NGO cooperation programme consultation portal.

Nothing here names a local government: its names, addresses and contacts are the
``programmes.Municipality`` record, edited in the admin (docs/municipality.md).

One file, driven by the environment (healthchecks style). The defaults are the
zero-setup mode (docs/operations.md, "Running"): SQLite, Celery tasks run eagerly, e-mail printed to
the console. ``DJANGO_ENV=production`` turns on production mode, in which every
variable listed in ``PRODUCTION_REQUIRED`` must be present and well formed, or
start-up stops with a message naming it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


# ------------------------------------------------------------------------------
# Environment helpers
# ------------------------------------------------------------------------------
def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = env(name)
    if not raw:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = env(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env(name)
    return [part.strip() for part in raw.split(",") if part.strip()] if raw else default


DJANGO_ENV = env("DJANGO_ENV", "development").lower()
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be 'development' or 'production', got {DJANGO_ENV!r}."
    )
PRODUCTION = DJANGO_ENV == "production"
# pytest >= 8.2 exports PYTEST_VERSION for the whole session, before Django loads.
TESTING = "PYTEST_VERSION" in os.environ

PRODUCTION_REQUIRED = (
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "ALLOWED_HOSTS",
    "EMAIL_HOST",
    "DEFAULT_FROM_EMAIL",
)
if PRODUCTION:
    for _name in PRODUCTION_REQUIRED:
        if not env(_name):
            raise ImproperlyConfigured(
                f"{_name} is required when DJANGO_ENV=production (see README, 'Production')."
            )
    if len(env("SECRET_KEY")) < 40:
        raise ImproperlyConfigured("SECRET_KEY must be at least 40 characters long.")


# ------------------------------------------------------------------------------
# Core
# ------------------------------------------------------------------------------
# The development key is public on purpose: production refuses to start without its own.
SECRET_KEY = env("SECRET_KEY") or "dev-insecure-ngo-portal-key-never-use-in-production-0123456789"
DEBUG = env_bool("DEBUG", default=not PRODUCTION and not TESTING)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if urlparse(SITE_URL).scheme not in {"http", "https"}:
    raise ImproperlyConfigured(f"SITE_URL must be an http(s) URL, got {SITE_URL!r}.")

DJANGO_APPS = [
    "krakow_ngo.admin.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "krakow_ngo.staticfiles.CollectedStaticConfig",  # django.contrib.staticfiles, trimmed
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "django_celery_beat",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "axes",
    "ninja",
]
LOCAL_APPS = [
    "core",
    "programmes",
    "teams",
    "swot",
    "consultations",
    "implementation",
    "reminders",
    "grouping",
    "search",
    "feeds",
    "opendata",
    "personal_data",
    "krakow_ngo",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS
# Coordinators run the whole programme: every model of the domain apps (and the
# history and beat schedule screens); teams.services.coordinators_group_sync reads this.
COORDINATED_APPS = (
    "programmes",
    "teams",
    "swot",
    "consultations",
    "implementation",
    "reminders",
    "grouping",
    "personal_data",
    "simple_history",
    "django_celery_beat",
)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that reads the database: maintenance and a database that does not
    # answer both give the static 503 page (docs/operations.md, "Error pages").
    "core.middleware.ServiceUnavailableMiddleware",
    # An unchanged SWOT board answers its poll (every 3 s per member) here, before the
    # session and everything after it (swot/middleware.py).
    "swot.middleware.BoardPollMiddleware",
    "opendata.middleware.OpenDataApiMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, as django-axes requires: it turns lockouts into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out login is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "krakow_ngo.urls"
WSGI_APPLICATION = "krakow_ngo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "krakow_ngo.context_processors.site",
            ],
        },
    },
]


# ------------------------------------------------------------------------------
# Database
# ------------------------------------------------------------------------------
# PostgreSQL only when DATABASE_URL says so (CI sets it); SQLite otherwise, tests
# included. Each test run names its own test databases (conftest.py).
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    try:
        # Health checks: after a PostgreSQL restart a kept connection is tested and
        # replaced at the next request instead of failing it.
        DATABASES = {
            "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
        }
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is malformed: {exc}") from None
    if PRODUCTION and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")
    if TESTING and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # A test's commits need not survive a crash of the server: without waiting for
        # the WAL flush at each commit the transactional tests (each ends by emptying
        # every table, conftest.py) and the template copies run faster. Per session; the
        # server's own setting, and every process the tests start, keep the default.
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH") or str(BASE_DIR / "db.sqlite3"),
            # Several writers (web + eager tasks) share one file in the demo mode.
            "OPTIONS": {"timeout": 20},
        }
    }
    if env("SQLITE_TEST_PATH"):
        # A test run's database: a file migrated beforehand, kept with --reuse-db, instead
        # of a new in-memory one migrated again (search/tests/test_search_sqlite.py).
        DATABASES["default"]["TEST"] = {"NAME": env("SQLITE_TEST_PATH")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# ------------------------------------------------------------------------------
# Cache, Celery
# ------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL and urlparse(REDIS_URL).scheme not in {"redis", "rediss"}:
    raise ImproperlyConfigured(
        f"REDIS_URL must start with redis:// or rediss://, got {REDIS_URL!r}."
    )

if REDIS_URL and not TESTING:
    CACHES = {
        "default": {
            # Redis, and the database while Redis is down (docs/operations.md, "Redis down").
            "BACKEND": "core.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Eager unless a broker is configured; tests are eager and start a real worker
# explicitly where queues matter (one mechanism only: docs/operations.md, "Pitfalls on our machines", item 2).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=TESTING or not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Unacknowledged tasks come back after this; nothing may be scheduled further out.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    # How often a worker looks for tasks a killed worker left unacknowledged.
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": env_int("CELERY_UNACKED_RESTORE_THROTTLE", 10),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/Warsaw"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# PDF renders go to this queue (core.rendering): a worker must consume it. A separate
# queue keeps a long render from delaying receipts and reminders.
RENDER_QUEUE = env("RENDER_QUEUE", "celery")
# The transactional outbox (docs/operations.md, "Outbox"). An entry the broker never
# handed to a worker is dispatched again after OUTBOX_RETRY_AFTER; one whose worker
# died or failed (a killed render, an SMTP error) after OUTBOX_CLAIM_TIMEOUT, which
# must exceed the longest side effect (CELERY_TASK_TIME_LIMIT); up to OUTBOX_MAX_ATTEMPTS.
OUTBOX_RETRY_AFTER = env_int("OUTBOX_RETRY_AFTER", 60)
OUTBOX_CLAIM_TIMEOUT = env_int("OUTBOX_CLAIM_TIMEOUT", 330)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 10)
OUTBOX_SWEEP_BATCH = env_int("OUTBOX_SWEEP_BATCH", 1000)


# ------------------------------------------------------------------------------
# E-mail
# ------------------------------------------------------------------------------
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Konsultacje NGO <konsultacje@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


# ------------------------------------------------------------------------------
# Authentication
# ------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # A PBKDF2 hash costs a quarter of a second here and the suite creates thousands of
    # users; tests check who may log in, not the strength of the hash (docs/operations.md, "Tests and CI").
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
# django-allauth: people sign up with an e-mail address that they must confirm
# before they can log in (and so before they can comment: docs/domain.md, "Consultation practice").
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_SIGNUP_REDIRECT_URL = "/me/organisation/"
# The subject prefix names the local government (krakow_ngo.auth.AccountAdapter).
ACCOUNT_ADAPTER = "krakow_ngo.auth.AccountAdapter"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# django-axes: brute-force limit on every login form (allauth's and the admin's).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
# Never the name alone: a stranger's wrong passwords lock only the stranger's address
# out of that account (docs/operations.md, "Throttles and the client's address").
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "krakow_ngo.auth.axes_username"
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
# allauth's own limits, per client address from core.http.client_ip (through the
# adapter). Its default also limits failed logins per *name* (5 in 5 minutes), which
# lets anyone lock a known account out: failures are counted per name and address by
# django-axes instead.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip",
    "signup": "5/10m/ip,20/h/ip",
    "reset_password": "5/10m/ip,3/10m/key",
    "reset_password_from_key": "20/m/ip",
}
# The group whose members (and superusers) coordinate the whole programme.
COORDINATORS_GROUP = "Koordynatorzy"


# ------------------------------------------------------------------------------
# Internationalisation
# ------------------------------------------------------------------------------
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True


# ------------------------------------------------------------------------------
# Static and media files
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
if TESTING:
    # Every test client builds the middleware again, and WhiteNoise would index every
    # collected static file each time (60 ms with 1,200 files, thousands of times per
    # run): under pytest it looks a file up when one is asked for.
    WHITENOISE_AUTOREFRESH = True
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT") or BASE_DIR / "media")
# Where stored and generated files live (docs/operations.md, "Stored files"): in
# PostgreSQL by default, so that any number of machines serve them without a shared
# disk; S3-compatible object storage when FILE_STORAGE=s3. "private" holds the
# coordinators' scans: no URL, served only by a view that checks the role.
FILE_STORAGE = env("FILE_STORAGE", "database")
if FILE_STORAGE == "database":
    _FILE_STORAGES: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "core.storage.DatabaseStorage"},
        "private": {
            "BACKEND": "core.storage.DatabaseStorage",
            "OPTIONS": {"location": "private", "base_url": None},
        },
    }
elif FILE_STORAGE == "s3":
    if not env("S3_BUCKET"):
        raise ImproperlyConfigured("FILE_STORAGE=s3 needs S3_BUCKET (and usually S3_ENDPOINT_URL).")
    _S3_OPTIONS = {
        "bucket_name": env("S3_BUCKET"),
        "endpoint_url": env("S3_ENDPOINT_URL") or None,
        "region_name": env("S3_REGION") or None,
        "access_key": env("S3_ACCESS_KEY_ID") or None,
        "secret_key": env("S3_SECRET_ACCESS_KEY") or None,
        # Nothing public in the bucket: links are signed and expire.
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": env_int("S3_URL_EXPIRE", 300),
        "file_overwrite": False,
    }
    _S3_PREFIX = env("S3_PREFIX").strip("/")
    _FILE_STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_S3_OPTIONS, "location": _S3_PREFIX},
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_S3_OPTIONS, "location": f"{_S3_PREFIX}/private".lstrip("/")},
        },
    }
else:
    raise ImproperlyConfigured(f"FILE_STORAGE must be database or s3, got {FILE_STORAGE!r}.")
STORAGES = {
    **_FILE_STORAGES,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}


# ------------------------------------------------------------------------------
# Security (docs/operations.md, "Headers")
# ------------------------------------------------------------------------------
# Production defaults, each one can be turned off from the environment (e.g. a staging
# host without TLS); `manage.py check --deploy` is clean with the defaults.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PRODUCTION)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
# A load balancer's health probe comes over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
# One year: the minimum the browsers' preload list accepts.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# How many reverse proxies in front of the portal append to X-Forwarded-For; 0 ignores
# the header. Every per-address limit reads the client through core.http.client_ip.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")

# django-csp: scripts and styles only from our own files. The one inline <style> (the
# local government's colours in base.html) carries the request's nonce; no
# 'unsafe-inline' anywhere, so style="" attributes and inline scripts never run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        # Bootstrap's CSS draws its small icons as data: SVG images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}


# ------------------------------------------------------------------------------
# Third-party apps
# ------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False


# ------------------------------------------------------------------------------
# Domain
# ------------------------------------------------------------------------------
# Local consultation resolutions commonly require at least 14 days (docs/domain.md, "Consultation practice").
CONSULTATION_MIN_DAYS = env_int("CONSULTATION_MIN_DAYS", 14)
# Art. 5a ust. 3: 30 April in the 2010/2011 text, 31 May in the current one.
IMPLEMENTATION_REPORT_DUE = env("IMPLEMENTATION_REPORT_DUE", "05-31")
ACCESSIBILITY_PUBLISHED = env("ACCESSIBILITY_PUBLISHED", "2026-11-28")
ACCESSIBILITY_UPDATED = env("ACCESSIBILITY_UPDATED", "2026-11-28")
CONTACT_EMAIL = env("CONTACT_EMAIL", "konsultacje@example.org")
# How often an open SWOT board and a "PDF being prepared" notice ask the server again
# (htmx). An unchanged board answers 304 at about the hello view's rate (docs/architecture.md,
# "Caching"); the browser tests poll every second so as not to wait 3 s for each change.
POLL_SECONDS = max(1, env_int("POLL_SECONDS", 1 if TESTING else 3))
# Anonymous forms, per client address (or per account when logged in):
# core.ratelimit. "N/h", "N/10m", "N/600s".
PORTAL_RATE_LIMITS = {
    "team_contact": env("RATE_LIMIT_TEAM_CONTACT", "5/h"),
    "comment_draft": env("RATE_LIMIT_COMMENT_DRAFT", "10/h"),
}
# During a restore or an upgrade: while this file exists every page answers the 503
# maintenance page (docs/operations.md, "Error pages"). Empty: never.
MAINTENANCE_FILE = env("MAINTENANCE_FILE")
# Deadline reminders (issue 5). Offsets themselves are edited in the admin.
# Open-data API (docs/opendata.md): requests per minute from one address, then 429.
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 120)

REMINDERS_CHUNK_SIZE = env_int("REMINDERS_CHUNK_SIZE", 100)
# The queue the sending tasks go to; a worker must consume it (`celery worker -Q`).
REMINDERS_QUEUE = env("REMINDERS_QUEUE", "celery")
REMINDERS_MAX_ATTEMPTS = env_int("REMINDERS_MAX_ATTEMPTS", 5)
# Retry backoff cap: must stay below the broker's visibility timeout (docs/operations.md, "Pitfalls on our machines", item 3).
REMINDERS_RETRY_BACKOFF_MAX = env_int("REMINDERS_RETRY_BACKOFF_MAX", 600)


# ------------------------------------------------------------------------------
# Logging
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env("LOG_LEVEL", "INFO" if PRODUCTION else "WARNING"),
    },
    # WeasyPrint logs a line per page and font at INFO: kept out of production logs.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
