"""Settings for Jadwal Pekerjaan, read from the environment only.

`.env.example` lists every variable. Local development keeps them in `.env` (created by
`python3 dev.py up`); production passes them through systemd, Docker or the shell, or points
`ENV_FILE` at a file. A value that cannot be used stops the process at start-up with
ImproperlyConfigured naming the variable. docs/DEPLOYMENT.md shows the production set.
"""

from __future__ import annotations

import os
import re
import zoneinfo
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    database_from_env,
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_list,
    env_networks,
    env_path,
    env_rate,
    env_str,
    env_url_list,
    load_dotenv,
)

BASE_DIR = Path(__file__).resolve().parent.parent
# `.env` beside manage.py unless ENV_FILE names another file (or is empty: read none). The real
# environment always wins over the file.
if "ENV_FILE" not in os.environ:
    load_dotenv(BASE_DIR / ".env")
elif os.environ["ENV_FILE"].strip():
    _env_file = env_path("ENV_FILE", "", base_dir=BASE_DIR)
    if not _env_file.is_file():
        raise ImproperlyConfigured(f"ENV_FILE={str(_env_file)!r} is not a readable file")
    load_dotenv(_env_file)

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
# Full origins (scheme://host[:port]) allowed to POST: https://jadwal.example.com
CSRF_TRUSTED_ORIGINS = env_url_list("CSRF_TRUSTED_ORIGINS", schemes=("https", "http"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "accounts",
    "dashboard",
    "ahsp",
    "detail_project",
]

MIDDLEWARE = [
    # First: answers /health/ for load balancers and container probes that call by IP address,
    # before the host check and the HTTPS redirect.
    "config.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response below (the 413 page and static files included).
    "csp.middleware.CSPMiddleware",
    # Before anything reads a body: one larger than any form or API call needs is refused.
    "config.request_limits.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "detail_project.api.middleware.ApiErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.signup",
            ],
        },
    },
]

DATABASES = {"default": database_from_env(base_dir=BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:project_list"
LOGOUT_REDIRECT_URL = "login"

# Indonesian is the product's language (SPEC §12): the browser's Accept-Language chooses between
# the two, a signed-in user's saved choice wins (accounts.middleware), anything else gets
# Indonesian. Catalogs live in each app's locale/ and in locale/ for templates/ and config/.
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LANGUAGE_CODE = env_choice("LANGUAGE_CODE", "id", [code for code, _ in LANGUAGES])
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (ValueError, zoneinfo.ZoneInfoNotFoundError):
    raise ImproperlyConfigured(
        f"TIME_ZONE={TIME_ZONE!r} is not a time zone name (e.g. Asia/Jakarta)"
    ) from None
USE_I18N = True
USE_TZ = True

# Static files: collected into STATIC_ROOT, served by nginx in production and by WhiteNoise
# when nothing sits in front of gunicorn. Hashed names make every deploy cache-safe.
# Relative STATIC_ROOT / MEDIA_ROOT are taken from the project folder (the guide's
# `staticfiles` beside manage.py), whatever directory the server is started from.
STATIC_URL = env_str("STATIC_URL", "/static/")
STATIC_ROOT = env_path("STATIC_ROOT", "staticfiles", base_dir=BASE_DIR)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = env_path("MEDIA_ROOT", "media", base_dir=BASE_DIR)
for _name, _url in (("STATIC_URL", STATIC_URL), ("MEDIA_URL", MEDIA_URL)):
    if not _url.endswith("/"):
        raise ImproperlyConfigured(f"{_name}={_url!r} must end with '/'")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 30 * 24 * 3600

# Request bodies: a grid save of every cell of a large project stays far below this; a larger
# body is refused with 413 by the API middleware rather than read into memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
RAB_IMPORT_MAX_BYTES = env_int("RAB_IMPORT_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
# The largest request body of any kind (the import's file plus its multipart envelope), refused
# before it is read (config/request_limits.py); keep nginx's client_max_body_size above it.
MAX_REQUEST_BODY_BYTES = env_int(
    "MAX_REQUEST_BODY_BYTES", RAB_IMPORT_MAX_BYTES + 1024 * 1024, minimum=64 * 1024
)
# Reading an uploaded RAB runs in a child process that may use at most this much CPU time and
# memory (detail_project/importing/sandbox.py): no upload can hold a web worker for longer.
RAB_IMPORT_PARSE_SECONDS = env_int("RAB_IMPORT_PARSE_SECONDS", 5, minimum=1)
RAB_IMPORT_PARSE_MEMORY_MB = env_int("RAB_IMPORT_PARSE_MEMORY_MB", 512, minimum=64)

# Security. Secure by default when DEBUG is off; each can be relaxed explicitly (for example
# SECURE_SSL_REDIRECT=false when TLS ends at a proxy that already redirects).
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
if env_bool("USE_X_FORWARDED_PROTO", not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# HSTS preloading is a per-domain commitment (every subdomain, for good), not a default: until
# SECURE_HSTS_PRELOAD=true the deploy check that asks for it (security.W021) stays quiet.
SILENCED_SYSTEM_CHECKS = env_list(
    "SILENCED_SYSTEM_CHECKS", [] if SECURE_HSTS_PRELOAD else ["security.W021"]
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the grid reads the token to send it with fetch()

# Content Security Policy (django-csp): scripts, styles, fonts and requests from this site only;
# an inline <script> or <style> runs only with the nonce of its response (the Jadwal page's
# import map, RevoGrid's injected styles); no style="" attributes, no eval. Images may also be
# data: URLs (Bootstrap's icons). docs/FRONTEND.md, "Content Security Policy", tells how each
# page complies. CSP_REPORT_ONLY=true sends the same policy as -Report-Only (browsers report
# and block nothing), to try a change in production first; CSP_REPORT_URI is where browsers
# post what they found.
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)
CSP_REPORT_URI = env_url_list("CSP_REPORT_URI", schemes=("https", "http"))
_csp_directives: dict[str, object] = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE],
    "style-src": [SELF, NONCE],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}
if CSP_REPORT_URI:
    _csp_directives["report-uri"] = CSP_REPORT_URI
CONTENT_SECURITY_POLICY: dict[str, object] | None = (
    None if CSP_REPORT_ONLY else {"DIRECTIVES": _csp_directives}
)
CONTENT_SECURITY_POLICY_REPORT_ONLY: dict[str, object] | None = (
    {"DIRECTIVES": _csp_directives} if CSP_REPORT_ONLY else None
)

# Cache: Redis when REDIS_URL is set, process memory otherwise. Holds the tahapan summary, which
# is safe to lose. Rate limits have their own alias, `ratelimit`, that every app server must
# share: the same Redis, or else a table in the database (created by `migrate`, see
# config/ratelimit.py); never a process's memory.
REDIS_URL = env_str("REDIS_URL")
# Two sites sharing one Redis must not read each other's keys (project ids repeat).
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "jadwal")
if REDIS_URL:
    if not re.match(r"^(redis|rediss|unix)://", REDIS_URL):
        raise ImproperlyConfigured(
            "REDIS_URL must start with redis://, rediss:// or unix:// "
            "(e.g. redis://127.0.0.1:6379/0)"
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        },
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # A Redis that does not answer refuses a log in within seconds, not minutes.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {
            "BACKEND": "config.ratelimit.DatabaseCounterCache",
            "LOCATION": "accounts_ratelimit",  # accounts.RateLimitEntry's table
            # Counts expire within two windows; culling live ones would forget a lockout.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }

# Accounts. Log-in failures are counted per username and per address, only failures, and a
# success clears its username's count; the next attempt past a limit is refused (HTTP 429)
# before the password is looked at. Sign-ups are counted per address. Rates read "count/period":
# 5/15min, 20/15min, 5/hour. When the rate-limit store cannot be reached, log ins, sign-ups and
# time-scale switches are refused (HTTP 503 / 429) rather than let through unlimited.
LOGIN_FAILURE_RATE_PER_USERNAME = env_rate("LOGIN_FAILURE_RATE_PER_USERNAME", "5/15min")
LOGIN_FAILURE_RATE_PER_IP = env_rate("LOGIN_FAILURE_RATE_PER_IP", "20/15min")
SIGNUP_RATE_PER_IP = env_rate("SIGNUP_RATE_PER_IP", "5/hour")
# Anyone may create an account (development, demos); a production site whose accounts are made
# by an administrator turns it off: no sign-up link, and /accounts/signup/ answers 404.
SIGNUP_ENABLED = env_bool("SIGNUP_ENABLED", True)
# The proxies in front of gunicorn: from these addresses the client's address is read from the
# X-Real-IP header they set (deploy/nginx.conf, deploy/apache.conf); from any other address the
# header is ignored. Default: this machine and the private networks (a Docker network).
TRUSTED_PROXIES = env_networks(
    "TRUSTED_PROXIES",
    ["127.0.0.0/8", "::1", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
)

# Logging: stderr by default (journald and Docker collect it); a file as well when
# DJANGO_LOG_FILE is set, as the deployment guide's /var/log/django/error.log.
_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
LOG_LEVEL = env_choice("DJANGO_LOG_LEVEL", "INFO", _LEVELS)
LOG_FILE = env_str("DJANGO_LOG_FILE")
_handlers: dict[str, dict[str, object]] = {
    "console": {"class": "logging.StreamHandler", "formatter": "plain"},
}
if LOG_FILE:
    _log_dir = Path(LOG_FILE).expanduser().resolve().parent
    if not _log_dir.is_dir() or not os.access(_log_dir, os.W_OK):
        raise ImproperlyConfigured(
            f"DJANGO_LOG_FILE={LOG_FILE!r}: the folder {str(_log_dir)!r} does not exist or is "
            "not writable by this user"
        )
    _handlers["file"] = {
        # Reopens the file when logrotate moves it away (no copytruncate needed).
        "class": "logging.handlers.WatchedFileHandler",
        "filename": LOG_FILE,
        "level": env_choice("DJANGO_LOG_FILE_LEVEL", "ERROR", _LEVELS),
        "formatter": "plain",
    }
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": _handlers,
    "root": {"handlers": list(_handlers), "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": list(_handlers), "level": LOG_LEVEL, "propagate": False},
    },
}

# Optional error tracking. Personal data (user names, e-mail, IP addresses, cookies, request
# bodies) is not sent unless SENTRY_SEND_DEFAULT_PII=true says so explicitly.
SENTRY_DSN = env_str("SENTRY_DSN")
SENTRY_SEND_DEFAULT_PII = env_bool("SENTRY_SEND_DEFAULT_PII", False)
SENTRY_TRACES_SAMPLE_RATE = env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0, minimum=0.0)
if SENTRY_TRACES_SAMPLE_RATE > 1:
    raise ImproperlyConfigured(
        f"SENTRY_TRACES_SAMPLE_RATE={SENTRY_TRACES_SAMPLE_RATE} must be between 0 and 1"
    )
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,
        send_default_pii=SENTRY_SEND_DEFAULT_PII,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        release=env_str("SENTRY_RELEASE") or None,
    )

# Email. With EMAIL_HOST set, mail goes out by SMTP and a project's pemilik may invite people
# to its team by email (a link that expires after TEAM_INVITATION_DAYS); without it no mail is
# sent and members are added by their username only.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Jadwal Pekerjaan <noreply@localhost>")
if not EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
TEAM_INVITATIONS_BY_EMAIL = env_bool("TEAM_INVITATIONS_BY_EMAIL", bool(EMAIL_HOST))
TEAM_INVITATION_DAYS = env_int("TEAM_INVITATION_DAYS", 7, minimum=1)

# Jadwal behaviour.
JADWAL_REGENERATE_RATE = env_rate("JADWAL_REGENERATE_RATE", "10/min")
JADWAL_SUMMARY_CACHE_SECONDS = env_int("JADWAL_SUMMARY_CACHE_SECONDS", 300, minimum=0)
