"""Django settings, built from the typed environment in `kohtaanto.config` (every variable
is declared there, with its type, default and meaning: docs/configuration.md).

Embedded mode (the default) runs on SQLite with a development key and needs nothing set.
`KOHTAANTO_ENV=production` refuses to start without `KOHTAANTO_SECRET_KEY`,
`DATABASE_URL` and `KOHTAANTO_FIELD_KEY`, and turns on the transport-security settings.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from kohtaanto.config import ConfigError, env_name, load_config

BASE_DIR = Path(__file__).resolve().parent.parent
try:
    CONFIG = load_config()
except ConfigError as exc:
    raise ImproperlyConfigured(str(exc)) from None
ENV = CONFIG.env
PRODUCTION = ENV == "production"


def _list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _required(field: str) -> str:
    value = getattr(CONFIG, field)
    if PRODUCTION and not value:
        raise ImproperlyConfigured(f"{env_name(field)} must be set when KOHTAANTO_ENV=production")
    return value


DEV_SECRET = "dev-insecure-kohtaanto-key-change-me-for-production-0123456789"  # noqa: S105
SECRET_KEY = _required("secret_key") or DEV_SECRET
if PRODUCTION and (SECRET_KEY == DEV_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("KOHTAANTO_SECRET_KEY must be a random string of at least 50 characters")

# Key for encrypting identity codes and keying their lookup hash; separate from SECRET_KEY so
# that rotating sessions does not make stored identity codes unreadable.
FIELD_KEY = _required("field_key") or "dev-field-key-not-for-production"
if PRODUCTION and len(FIELD_KEY) < 32:
    # The encryption and lookup keys are derived from it without stretching: it must be random.
    raise ImproperlyConfigured("KOHTAANTO_FIELD_KEY must be a random string of at least 32 characters")
# Retired field keys, still accepted for decryption until `kohtaanto keys rotate` has
# re-encrypted every identity code with FIELD_KEY (whitespace-separated, newest first).
FIELD_KEYS_OLD = tuple(CONFIG.field_keys_old.split())
# Key for the analytics pseudonyms: stable across extracts, never leaves the server. When it
# is derived from FIELD_KEY, changing FIELD_KEY changes every pseudonym: set it explicitly
# (to the old FIELD_KEY + ":pseudonym") before rotating if analytics series must continue.
PSEUDONYM_KEY = CONFIG.pseudonym_key or FIELD_KEY + ":pseudonym"
# Signs the audit log's checkpoints (kohtaanto/audit/checkpoints.py); both live outside the DB.
# Required in production: a default derived from FIELD_KEY would change when that key is
# rotated, and every stored hash would then fail verification.
AUDIT_KEY = _required("audit_key") or FIELD_KEY + ":audit"
if PRODUCTION and len(AUDIT_KEY) < 32:
    raise ImproperlyConfigured("KOHTAANTO_AUDIT_KEY must be a random string of at least 32 characters")
AUDIT_CHECKPOINT_DIR = CONFIG.audit_checkpoint_dir or ""  # empty: DATA_DIR / "audit-checkpoints"

DEBUG = (not PRODUCTION) if CONFIG.debug is None else CONFIG.debug
ALLOWED_HOSTS = _list(CONFIG.allowed_hosts or ("" if PRODUCTION else "127.0.0.1,localhost,testserver"))
CSRF_TRUSTED_ORIGINS = _list(CONFIG.csrf_trusted_origins)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "kohtaanto.accounts",
    "kohtaanto.organisation",
    "kohtaanto.clients",
    "kohtaanto.outcomes",
    "django_tasks",
    "django_tasks_db",
    "kohtaanto.jobs",
    "kohtaanto.audit",
    "kohtaanto.privacy",
    "kohtaanto.catalogue",
    "kohtaanto.referrals",
    "kohtaanto.notifications",
    "kohtaanto.portal",
    "kohtaanto.market",
    "kohtaanto.insights",
    "kohtaanto.employers",
    "kohtaanto.procurement",
    "kohtaanto.typ",
    "kohtaanto.ohjaamo",
    "kohtaanto.subsidies",
    "kohtaanto.pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kohtaanto.audit.middleware.RequestIdMiddleware",
    "kohtaanto.web.middleware.SecurityHeadersMiddleware",
    "kohtaanto.web.input.RejectBadTextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kohtaanto.accounts.sessions.SessionLifetimeMiddleware",
    "kohtaanto.audit.middleware.RefusedAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 response.
    "axes.middleware.AxesMiddleware",
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
                "kohtaanto.accounts.oidc.login_options",
                "kohtaanto.accounts.policy.navigation",
            ],
        },
    }
]

DATA_DIR = Path(CONFIG.data_dir or BASE_DIR / "var")
_default_db = f"sqlite:///{DATA_DIR / 'kohtaanto.sqlite3'}"
_db_url = _required("database_url") or _default_db
DATABASES = {"default": dj_database_url.parse(_db_url, conn_max_age=60)}

# Background jobs: Django's tasks framework (django-tasks backport) on the database, run by
# `kohtaanto worker`; the schedule is kept in the database (kohtaanto.jobs).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
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

# Single sign-on with OpenID Connect (Helsinki-tunnistus, or Suomi.fi through a broker) beside
# the local login; off unless KOHTAANTO_OIDC_CLIENT_ID is set. Who may sign in this way, and
# the checks on the tokens: kohtaanto/accounts/oidc.py and docs/security.md.
OIDC_RP_CLIENT_ID = CONFIG.oidc_client_id
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = CONFIG.oidc_client_secret
OIDC_PROVIDER_NAME = CONFIG.oidc_provider_name
OIDC_OP_ISSUER = CONFIG.oidc_issuer
OIDC_OP_AUTHORIZATION_ENDPOINT = CONFIG.oidc_authorization_endpoint
OIDC_OP_TOKEN_ENDPOINT = CONFIG.oidc_token_endpoint
OIDC_OP_USER_ENDPOINT = CONFIG.oidc_userinfo_endpoint
OIDC_OP_JWKS_ENDPOINT = CONFIG.oidc_jwks_endpoint
OIDC_RP_SIGN_ALGO = CONFIG.oidc_sign_algo
OIDC_RP_SCOPES = CONFIG.oidc_scopes
OIDC_ALLOWED_EMAIL_DOMAINS = _list(CONFIG.oidc_email_domains)
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
if OIDC_ENABLED:
    _oidc_urls = {
        "ISSUER": OIDC_OP_ISSUER,
        "AUTHORIZATION_ENDPOINT": OIDC_OP_AUTHORIZATION_ENDPOINT,
        "TOKEN_ENDPOINT": OIDC_OP_TOKEN_ENDPOINT,
        "USERINFO_ENDPOINT": OIDC_OP_USER_ENDPOINT,
        "JWKS_ENDPOINT": OIDC_OP_JWKS_ENDPOINT,
    }
    _required_oidc = {**_oidc_urls, "CLIENT_SECRET": OIDC_RP_CLIENT_SECRET}
    _missing = ", ".join(f"KOHTAANTO_OIDC_{k}" for k, v in _required_oidc.items() if not v)
    if _missing:
        raise ImproperlyConfigured(f"OIDC is on (KOHTAANTO_OIDC_CLIENT_ID) but not set: {_missing}")
    if OIDC_RP_SIGN_ALGO[:2] not in ("RS", "PS", "ES"):
        raise ImproperlyConfigured("KOHTAANTO_OIDC_SIGN_ALGO must be an asymmetric algorithm such as RS256")
    if PRODUCTION and any(not u.startswith("https://") for u in _oidc_urls.values()):
        raise ImproperlyConfigured("OIDC issuer and endpoints must be https:// URLs in production")

# Clients' strong identification (kohtaanto/portal/signin.py): its own provider, in the names
# mozilla-django-oidc reads, so the staff settings above stay the staff's.
CLIENT_OIDC = {
    "OIDC_RP_CLIENT_ID": CONFIG.client_oidc_client_id,
    "OIDC_RP_CLIENT_SECRET": CONFIG.client_oidc_client_secret,
    "OIDC_OP_ISSUER": CONFIG.client_oidc_issuer,
    "OIDC_OP_AUTHORIZATION_ENDPOINT": CONFIG.client_oidc_authorization_endpoint,
    "OIDC_OP_TOKEN_ENDPOINT": CONFIG.client_oidc_token_endpoint,
    "OIDC_OP_USER_ENDPOINT": CONFIG.client_oidc_userinfo_endpoint,
    "OIDC_OP_JWKS_ENDPOINT": CONFIG.client_oidc_jwks_endpoint,
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_RP_SCOPES": CONFIG.client_oidc_scopes,
    "OIDC_USE_PKCE": True,
    "OIDC_AUTHENTICATION_CALLBACK_URL": "portal_signin_callback",
    "LOGIN_REDIRECT_URL": "portal_home",
}
CLIENT_OIDC_PROVIDER_NAME = CONFIG.client_oidc_provider_name
CLIENT_OIDC_HETU_CLAIM = CONFIG.client_oidc_hetu_claim
if CONFIG.client_oidc_client_id:
    _missing = ", ".join(
        "KOHTAANTO_CLIENT_" + k.replace("_RP_", "_").replace("_OP_", "_").replace("USER_END", "USERINFO_END")
        for k, v in CLIENT_OIDC.items()
        if k.startswith("OIDC_") and v in ("", None)
    )
    if _missing:
        raise ImproperlyConfigured(f"client identification is on but not set: {_missing}")
    if PRODUCTION and not CONFIG.client_oidc_issuer.startswith("https://"):
        raise ImproperlyConfigured("client identification must use https:// URLs in production")
# The demo's test identification page never exists in production.
TEST_IDENTIFICATION = CONFIG.test_identification and not PRODUCTION

# The GDPR API's bearer tokens from Helsinki-profiili (kohtaanto/privacy/jwt_auth.py).
GDPR_API = {
    "issuer": CONFIG.gdpr_api_issuer,
    "jwks": CONFIG.gdpr_api_jwks_endpoint,
    "audience": CONFIG.gdpr_api_audience,
    "query_scope": CONFIG.gdpr_api_query_scope,
    "delete_scope": CONFIG.gdpr_api_delete_scope,
}

AUTHENTICATION_BACKENDS = [
    # First: refuses any login attempt for a locked-out username and address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    *(["kohtaanto.accounts.oidc.KohtaantoOIDCBackend"] if OIDC_ENABLED else []),
    *(["kohtaanto.portal.signin.ClientOIDCBackend"] if CONFIG.client_oidc_client_id else []),
]

# Login throttling (django-axes), for the login page and the admin login alike: after
# KOHTAANTO_LOGIN_FAILURE_LIMIT failures for one username from one address, that pair is
# locked out for KOHTAANTO_LOGIN_LOCKOUT_MINUTES (each new attempt restarts the wait).
AXES_FAILURE_LIMIT = CONFIG.login_failure_limit
AXES_COOLOFF_TIME = timedelta(minutes=CONFIG.login_lockout_minutes)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/login.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # one row per failed login (ASVS 7.2.1), besides the counters

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "kohtaanto" / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
# One date format per language, for every page (kohtaanto/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["kohtaanto.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "kohtaanto" / "static"]
WHITENOISE_USE_FINDERS = DEBUG

# Requests per user to the JSON API (kohtaanto/web/api_throttle.py); "" turns the limit off.
API_RATE_PER_USER = CONFIG.api_rate  # checked by the schema: a malformed rate stops start-up

# Sessions: short idle timeout for sensitive data; cookies hardened.
SESSION_COOKIE_AGE = CONFIG.session_seconds
SESSION_SAVE_EVERY_REQUEST = True
# Absolute limit from login, however active the session (kohtaanto/accounts/sessions.py).
SESSION_MAX_SECONDS = CONFIG.session_max_seconds
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script reads it: templates put the token in hx-headers
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # "__Host-" cookies are sent only over HTTPS, to this host, for the whole site (ASVS 3.4.4).
    SESSION_COOKIE_NAME = "__Host-kohtaanto_session"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = CONFIG.ssl_redirect
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

EMAIL_BACKEND = CONFIG.email_backend or (
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = CONFIG.from_email
# Notifications (kohtaanto.notifications): the sender class, dotted path of a class with
# send(recipient, subject, body) (email by default; SMS or Suomi.fi Messages plug in here),
# and the public address that notification links point to.
KOHTAANTO_NOTIFIER = CONFIG.notifier
SMS_GATEWAY_URL = CONFIG.sms_gateway_url
SMS_GATEWAY_USER = CONFIG.sms_gateway_user
SMS_GATEWAY_PASSWORD = CONFIG.sms_gateway_password
SMS_SENDER = CONFIG.sms_sender
KOHTAANTO_BASE_URL = CONFIG.base_url

# Caseload norm: specialists' clients (Uusimaa 2018 anchor: 136 job seekers per specialist).
CASELOAD_NORM = CONFIG.caseload_norm
SUBSIDY_SECOND_APPROVAL_EUROS = CONFIG.subsidy_second_approval_euros
ANALYTICS_ENGINE = CONFIG.analytics_engine
SPARK_MASTER = CONFIG.spark_master
# The ESCO release and the cache of computed label vectors (None: the shipped data, ~/.cache).
ESCO_DIR = CONFIG.esco_dir or None
CACHE_DIR = CONFIG.cache_dir or None
# Re-ranking suggestions by workers' feedback (kohtaanto/referrals/rerank.py).
RERANK_MIN_FEEDBACK = CONFIG.rerank_min_feedback
RERANK_NEW_SHARE = CONFIG.rerank_new_share
RERANK_OWN_DISMISSAL_WEIGHT = CONFIG.rerank_own_dismissal_weight
# Largest uploaded import file (client batches), checked before parsing (domain.documents).
UPLOAD_MAX_BYTES = CONFIG.upload_max_bytes
# Largest document a client uploads in the portal (kohtaanto/portal/documents.py).
DOCUMENT_MAX_BYTES = CONFIG.document_max_bytes
# Need to know (kohtaanto/clients/access.py).
ENDED_ACCESS_DAYS = CONFIG.ended_access_days
ACCESS_GRANT_HOURS = CONFIG.access_grant_hours

# Years client data is kept after the job search ends, before it is anonymised.
RETENTION_YEARS = CONFIG.retention_years

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": CONFIG.log_level},
}
