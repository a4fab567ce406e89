"""Atrium settings: one module, configured only through ATRIUM_* environment variables.

Every variable is documented in README.md ("配置 / Configuration"). Secrets may be given as files through
``ATRIUM_<NAME>_FILE``. A bad value stops start-up with a message naming the variable.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import Any

import dj_database_url

from atrium.core.config import ConfigError, env_bool, env_int, env_list, env_str, secret_key_from

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ATRIUM_VAR_DIR", str(BASE_DIR / "var"))).resolve()

DEBUG = env_bool("ATRIUM_DEBUG", False)
SECRET_KEY = secret_key_from(VAR_DIR)
ALLOWED_HOSTS = env_list("ATRIUM_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("ATRIUM_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("ATRIUM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "ninja",
    "huey.contrib.djhuey",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "atrium.core",
    "atrium.accounts",
    "atrium.lists",
    "atrium.company",
    "atrium.notifications",
    "atrium.fields",
    "atrium.customers",
    "atrium.sales",
    "atrium.contracts",
    "atrium.imports",
    "atrium.alerts",
    "atrium.feedback",
    "atrium.maintenance",
    "atrium.help",
    "atrium.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "atrium.core.content_security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "atrium.core.middleware.RequestContextMiddleware",
    "atrium.accounts.middleware.UserLanguageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "atrium.core.middleware.OutOfRangeInputMiddleware",
    "atrium.core.refusal_pages.RefusalPageMiddleware",  # last: it sees a view's refusal first
]

ROOT_URLCONF = "atrium.urls"
ASGI_APPLICATION = "atrium.asgi.application"
# Threads per web process that serve HTTP requests (each with its own database connection).
ATRIUM_WEB_THREADS = env_int("ATRIUM_WEB_THREADS", 2, minimum=1)
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "atrium" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "atrium.web.context_processors.shell",
                "atrium.core.content_security.csp_nonce",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------
DATABASE_URL = env_str("ATRIUM_DATABASE_URL")
# Web requests run on a fixed pool of threads (core.pooled_http), each keeping its connection between
# requests: a process holds at most ATRIUM_WEB_THREADS + 8 (streamed downloads) connections, plus the
# worker's threads.
_conn_max_age = env_int("ATRIUM_DB_CONN_MAX_AGE", 300, minimum=0)
if DATABASE_URL:
    try:
        _db = dj_database_url.parse(DATABASE_URL, conn_max_age=_conn_max_age)
    except ValueError as exc:
        raise ConfigError(f"ATRIUM_DATABASE_URL is not a database URL: {exc}") from exc
    # A check costs a round trip on every request; without it a connection broken by a database restart
    # fails one request on each web thread, and is then replaced.
    _db["CONN_HEALTH_CHECKS"] = env_bool("ATRIUM_DB_HEALTH_CHECKS", False)
else:
    _db = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(VAR_DIR / "atrium.sqlite3"),
        "CONN_MAX_AGE": _conn_max_age,
    }
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, channel layer and worker queue ------------------------------------------------------------
REDIS_URL = env_str("ATRIUM_REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [REDIS_URL]}}
    }
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": env_str("ATRIUM_QUEUE_NAME", "atrium"),
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": env_int("ATRIUM_WORKER_THREADS", 2, minimum=1), "worker_type": "thread"},
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "atrium",
        "filename": str(VAR_DIR / "queue.sqlite3"),
        "immediate": False,
        "consumer": {"workers": env_int("ATRIUM_WORKER_THREADS", 2, minimum=1), "worker_type": "thread"},
    }

# --- Authentication -------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# Sign-in limits (accounts.selectors.sign_in_limits): failures count per account and per address; a source
# that signed in to the account before is slowed down, a stranger is locked out (of that account only).
LOGIN_LOCKOUT_ATTEMPTS = env_int("ATRIUM_LOGIN_LOCKOUT_ATTEMPTS", 5, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("ATRIUM_LOGIN_LOCKOUT_SECONDS", 900, minimum=1)
LOGIN_LOCKOUT_ADDRESS_ATTEMPTS = env_int("ATRIUM_LOGIN_LOCKOUT_ADDRESS_ATTEMPTS", 20, minimum=1)
LOGIN_LOCKOUT_ACCOUNT_ATTEMPTS = env_int("ATRIUM_LOGIN_LOCKOUT_ACCOUNT_ATTEMPTS", 50, minimum=1)
LOGIN_LOCKOUT_TRUSTED_DELAY_SECONDS = env_int("ATRIUM_LOGIN_LOCKOUT_TRUSTED_DELAY_SECONDS", 30, minimum=1)
LOGIN_TRUSTED_DAYS = env_int("ATRIUM_LOGIN_TRUSTED_DAYS", 180, minimum=1)
ACCOUNT_ADAPTER = "atrium.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "atrium.accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": None,  # replaced by our own limits (accounts.adapters.AccountAdapter.pre_authenticate)
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("ATRIUM_MFA_ISSUER", "Atrium")
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_PROVIDERS: dict = {}
OIDC_SERVER_URL = env_str("ATRIUM_OIDC_SERVER_URL")
if OIDC_SERVER_URL and not env_str("ATRIUM_OIDC_CLIENT_ID"):
    raise ConfigError(
        "ATRIUM_OIDC_SERVER_URL is set but ATRIUM_OIDC_CLIENT_ID is not: single sign-on needs both"
    )
if OIDC_SERVER_URL:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": env_str("ATRIUM_OIDC_PROVIDER_ID", "sso"),
                "name": env_str("ATRIUM_OIDC_PROVIDER_NAME", "SSO"),
                "client_id": env_str("ATRIUM_OIDC_CLIENT_ID"),
                "secret": env_str("ATRIUM_OIDC_CLIENT_SECRET"),
                "settings": {"server_url": OIDC_SERVER_URL},
            }
        ],
    }

# --- Language, time ---------------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "atrium" / "locale"]
TIME_ZONE = env_str("ATRIUM_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Files ------------------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # collectstatic's target; WhiteNoise expects it to exist
STATICFILES_DIRS = [BASE_DIR / "atrium" / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("ATRIUM_MEDIA_ROOT", str(VAR_DIR / "media"))).resolve()
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded files on S3-compatible object storage (several web machines share them) instead of MEDIA_ROOT.
S3_BUCKET = env_str("ATRIUM_S3_BUCKET")
_s3_addressing = env_str("ATRIUM_S3_ADDRESSING_STYLE", "auto")
if _s3_addressing not in ("auto", "path", "virtual"):
    raise ConfigError("ATRIUM_S3_ADDRESSING_STYLE must be auto, path or virtual")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("ATRIUM_S3_ENDPOINT_URL") or None,
            "region_name": env_str("ATRIUM_S3_REGION") or None,
            "access_key": env_str("ATRIUM_S3_ACCESS_KEY") or None,
            "secret_key": env_str("ATRIUM_S3_SECRET_KEY") or None,
            "location": env_str("ATRIUM_S3_PREFIX").strip("/"),
            "addressing_style": _s3_addressing,
            "default_acl": None,  # private: every download goes through Atrium's access layer
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# Backups (maintenance: 数据备份): the daily backups of the worker go to ATRIUM_BACKUP_DIR, or, when uploaded files
# are on object storage and ATRIUM_BACKUP_DIR is unset, to the bucket under "backups/". Code reaches them only
# through storages["backups"] (the storage API), so both work the same.
_backup_dir = env_str("ATRIUM_BACKUP_DIR")
BACKUP_DIR = Path(_backup_dir or str(VAR_DIR / "backups")).resolve()
STORAGES["backups"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(BACKUP_DIR), "base_url": "/no-public-url/"},
}
if S3_BUCKET and not _backup_dir:
    _backup_options = dict(STORAGES["default"]["OPTIONS"])
    _backup_options["location"] = "/".join(p for p in (_backup_options["location"], "backups") if p)
    STORAGES["backups"] = {"BACKEND": STORAGES["default"]["BACKEND"], "OPTIONS": _backup_options}
# How many daily backups are kept (older ones are deleted after each new one) and at which local hour it is made.
BACKUP_KEEP = env_int("ATRIUM_BACKUP_KEEP", 7, minimum=1)
BACKUP_HOUR = env_int("ATRIUM_BACKUP_HOUR", 3, minimum=0)
if BACKUP_HOUR > 23:
    raise ConfigError("ATRIUM_BACKUP_HOUR must be an hour from 0 to 23")
# Backup files are encrypted (AES-256-GCM) when a key is set: 32 random bytes, URL-safe base64 (44 characters),
# as printed by `atrium backup_key`.
BACKUP_KEY = env_str("ATRIUM_BACKUP_KEY").strip()
if BACKUP_KEY:
    try:
        _key_bytes = base64.urlsafe_b64decode(BACKUP_KEY.encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
        raise ConfigError(
            "ATRIUM_BACKUP_KEY is not URL-safe base64 (make one with `atrium backup_key`)"
        ) from exc
    if len(_key_bytes) != 32:
        raise ConfigError("ATRIUM_BACKUP_KEY must decode to 32 bytes (make one with `atrium backup_key`)")
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("ATRIUM_MAX_BODY_BYTES", 10 * 1024 * 1024, minimum=1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
ATRIUM_IMPORT_MAX_BYTES = env_int("ATRIUM_IMPORT_MAX_BYTES", 100 * 1024 * 1024, minimum=1024)

# --- E-mail -----------------------------------------------------------------------------------------------------
EMAIL_HOST = env_str("ATRIUM_EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("ATRIUM_EMAIL_PORT", 25, minimum=1)
    EMAIL_HOST_USER = env_str("ATRIUM_EMAIL_USER")
    EMAIL_HOST_PASSWORD = env_str("ATRIUM_EMAIL_PASSWORD")
    EMAIL_USE_TLS = env_bool("ATRIUM_EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("ATRIUM_EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = env_int("ATRIUM_EMAIL_TIMEOUT", 20, minimum=1)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str("ATRIUM_EMAIL_FROM", "Atrium <atrium@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ---------------------------------------------------------------------------------------------------
HTTPS = env_bool("ATRIUM_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("ATRIUM_HSTS_SECONDS", 31_536_000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("ATRIUM_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("ATRIUM_SESSION_SECONDS", 14 * 24 * 3600, minimum=300)
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (core.content_security): enforced unless ATRIUM_CSP_REPORT_ONLY is set.
CSP_REPORT_ONLY = env_bool("ATRIUM_CSP_REPORT_ONLY", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Behaviour ---------------------------------------------------------------------------------------------------
API_PAGE_SIZE_MAX = 200
API_TOKEN_TOUCH_SECONDS = 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Every line passes core.log_redaction: no token, password or key from a query string reaches the log.
    "filters": {"redact_secrets": {"()": "atrium.core.log_redaction.RedactSecrets"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_secrets"]}
    },
    "root": {"handlers": ["console"], "level": env_str("ATRIUM_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
