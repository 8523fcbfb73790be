"""Django settings, all from environment variables.

Embedded mode (the default) runs on SQLite with a development key and needs nothing set.
`KOHTAANTO_ENV=production` refuses to start without `KOHTAANTO_SECRET_KEY`,
`DATABASE_URL` and `KOHTAANTO_FIELD_KEY`, and turns on the transport-security settings.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = os.environ.get("KOHTAANTO_ENV", "development")
PRODUCTION = ENV == "production"


def _env_list(name: str, default: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


def _required(name: str) -> str:
    value = os.environ.get(name, "")
    if PRODUCTION and not value:
        raise ImproperlyConfigured(f"{name} must be set when KOHTAANTO_ENV=production")
    return value


DEV_SECRET = "dev-insecure-kohtaanto-key-change-me-for-production-0123456789"  # noqa: S105
SECRET_KEY = _required("KOHTAANTO_SECRET_KEY") or DEV_SECRET
if PRODUCTION and (SECRET_KEY == DEV_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("KOHTAANTO_SECRET_KEY must be a random string of at least 50 characters")

# Key for encrypting identity codes and keying their lookup hash; separate from SECRET_KEY so
# that rotating sessions does not make stored identity codes unreadable.
FIELD_KEY = _required("KOHTAANTO_FIELD_KEY") or "dev-field-key-not-for-production"
# Key for the analytics pseudonyms: stable across extracts, never leaves the server.
PSEUDONYM_KEY = os.environ.get("KOHTAANTO_PSEUDONYM_KEY") or FIELD_KEY + ":pseudonym"

DEBUG = os.environ.get("KOHTAANTO_DEBUG", "0" if PRODUCTION else "1") == "1"
ALLOWED_HOSTS = _env_list("KOHTAANTO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = _env_list("KOHTAANTO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "kohtaanto.accounts",
    "kohtaanto.organisation",
    "kohtaanto.clients",
    "kohtaanto.audit",
    "kohtaanto.privacy",
    "kohtaanto.catalogue",
    "kohtaanto.notifications",
    "kohtaanto.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kohtaanto.audit.middleware.RequestIdMiddleware",
    "kohtaanto.web.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "kohtaanto.urls"
WSGI_APPLICATION = "kohtaanto.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kohtaanto" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATA_DIR = Path(os.environ.get("KOHTAANTO_DATA_DIR", BASE_DIR / "var"))
_default_db = f"sqlite:///{DATA_DIR / 'kohtaanto.sqlite3'}"
_db_url = _required("DATABASE_URL") or _default_db
DATABASES = {"default": dj_database_url.parse(_db_url, conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "kohtaanto" / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "kohtaanto" / "static"]
WHITENOISE_USE_FINDERS = DEBUG

# Sessions: short idle timeout for sensitive data; cookies hardened.
SESSION_COOKIE_AGE = int(os.environ.get("KOHTAANTO_SESSION_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("KOHTAANTO_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

EMAIL_BACKEND = os.environ.get(
    "KOHTAANTO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("KOHTAANTO_FROM_EMAIL", "Kohtaanto <no-reply@localhost>")
# Notifications (kohtaanto.notifications): the sender class, dotted path of a class with
# send(recipient, subject, body) (email by default; SMS or Suomi.fi Messages plug in here),
# and the public address that notification links point to.
KOHTAANTO_NOTIFIER = os.environ.get("KOHTAANTO_NOTIFIER", "kohtaanto.notifications.senders.EmailNotifier")
KOHTAANTO_BASE_URL = os.environ.get("KOHTAANTO_BASE_URL", "http://localhost:8000")

# Caseload norm: specialists' clients (Uusimaa 2018 anchor: 136 job seekers per specialist).
CASELOAD_NORM = int(os.environ.get("KOHTAANTO_CASELOAD_NORM", "136"))

# Years client data is kept after the job search ends, before it is anonymised.
RETENTION_YEARS = int(os.environ.get("KOHTAANTO_RETENTION_YEARS", "5"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KOHTAANTO_LOG_LEVEL", "WARNING")},
}
