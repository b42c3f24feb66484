"""Settings, read from the environment with strict helpers that refuse bad values.

Production mode (DEBUG off) refuses to start without a real SECRET_KEY.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("MUFAKAT_HOME", Path.cwd())).resolve()
VAR_DIR = BASE_DIR / "var"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use one of: true, false, 1, 0.")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

_INSECURE_KEY = "insecure-development-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production (DEBUG=false) mufakat needs a real secret key: "
            "export SECRET_KEY to at least 50 random characters, e.g. "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`. "
            "For local development set DEBUG=true instead."
        )
    SECRET_KEY = _INSECURE_KEY
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY == _INSECURE_KEY or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production (DEBUG=false): use at least 50 random characters."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is empty. In production set ALLOWED_HOSTS to the host names mufakat is served "
        "under, comma-separated (e.g. ALLOWED_HOSTS=mufakat.example.org)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int = 10) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if not minimum <= value <= maximum:
        raise ImproperlyConfigured(f"{name}={value} is outside {minimum}..{maximum}.")
    return value


# How many reverse proxies of ours stand in front of mufakat (0: clients connect directly).
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 0)

_default_database_url = f"sqlite:///{VAR_DIR / 'mufakat.sqlite3'}"
DATABASE_URL = os.environ.get("DATABASE_URL", _default_database_url)
if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL={DATABASE_URL!r} cannot be parsed: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the web server read while a CLI job writes; a busy timeout instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "mufakat.accounts",
    "mufakat.reference",
    "mufakat.meetings",
    "mufakat.delegations",
    "mufakat.documents",
    "mufakat.bilaterals",
    "mufakat.plans",
    "mufakat.jobs",
    "mufakat.notifications",
    "mufakat.publishing",
    "mufakat.search",
    "mufakat.live",
    "django_tasks",
    "django_tasks_db",
    "mufakat.web",
    "mufakat.api",
]

# Background jobs: Django's Tasks API (django-tasks; the API Django 6 ships) on the database backend, so the
# embedded set-up needs no other service; `mufakat worker` processes run them (several, on several machines,
# on PostgreSQL: a worker claims a task with SELECT … FOR UPDATE SKIP LOCKED).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
MUFAKAT_JOB_MAX_ATTEMPTS = int(os.environ.get("MUFAKAT_JOB_MAX_ATTEMPTS", "5"))
MUFAKAT_JOB_BACKOFF_SECONDS = float(os.environ.get("MUFAKAT_JOB_BACKOFF_SECONDS", "30"))
# A job still running after this long was left by a worker that died: the sweep retries it (or fails it).
# Longer than any bilateral solve may run (600 s at most).
MUFAKAT_JOB_STALE_SECONDS = float(os.environ.get("MUFAKAT_JOB_STALE_SECONDS", "900"))

# Notices by e-mail through Django's e-mail framework: the console under DEBUG (`make run` prints each mail),
# SMTP in production (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS), or any
# backend named in EMAIL_BACKEND (a provider's package). Links in mails start with MUFAKAT_SITE_URL.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "").lower() in {"1", "true", "yes"}
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "mufakat <noreply@localhost>")
MUFAKAT_SITE_URL = os.environ.get("MUFAKAT_SITE_URL", "http://127.0.0.1:8000")
# publishing.fastpath: anonymous GETs of cached public bytes answered before sessions/CSRF/auth; the public
# stamp it checks is read at most once per PUBLIC_STAMP_TTL seconds per process.
PUBLIC_FAST_PATH = os.environ.get("MUFAKAT_PUBLIC_FAST_PATH", "true").lower() not in ("0", "false", "no")
PUBLIC_STAMP_TTL = float(os.environ.get("MUFAKAT_PUBLIC_STAMP_TTL", "1.0"))

MIDDLEWARE = [
    "mufakat.core.context.RequestIdMiddleware",
    "mufakat.core.context.RejectNulMiddleware",
    "mufakat.core.context.CleanFormTextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "mufakat.core.security.ContentSecurityPolicyMiddleware",
    # Anonymous GETs of cached public bytes answered here, before sessions, CSRF and auth (publishing.fastpath).
    "mufakat.publishing.fastpath.PublicFastPathMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "mufakat.urls"
WSGI_APPLICATION = "mufakat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("vi", _("Vietnamese"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["mufakat.formats"]
USE_I18N = True
# Stored aware in UTC; shown in the venue's time zone by the templates and serialisers.
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        # Compressed, not hashed: works without a collectstatic manifest (fresh clones, tests).
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Every password check goes through the login throttle (5 failures per account, 20 per address, in 15 minutes).
AUTHENTICATION_BACKENDS = ["mufakat.accounts.backends.ThrottledModelBackend"]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Strict-Transport-Security on HTTPS responses in production (a year; HSTS_SECONDS=0 turns it off).
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("HSTS_SECONDS", 31_536_000, maximum=63_072_000)
# The Content-Security-Policy (core.security): on in production, CSP=true|false to choose.
CONTENT_SECURITY_POLICY = env_bool("CSP", default=not DEBUG)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # The queue's own worker loop logs every idle look at the queue; each task's start and end is logged by
    # django_tasks, which stays at the root's level.
    "loggers": {"django_tasks_db": {"level": "WARNING"}},
}
