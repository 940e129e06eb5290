"""Django settings, all read from the environment (an optional ``.env`` fills the gaps).

Every variable is listed in the README's configuration table and in ``.env.example``.
The OS environment wins over ``.env``. With ``DEBUG`` off, a missing secret stops
start-up with a message that names the variable, instead of falling back to a default.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=True):
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)


def _secret(name: str) -> str:
    """A secret from the environment; only a DEBUG server may run on a throwaway one."""
    # Read without django-environ's "$VAR" proxy expansion: bcrypt hashes start with "$".
    value = os.environ.get(name, "")
    if value:
        return value
    if DEBUG:
        return secrets.token_urlsafe(32)
    raise ImproperlyConfigured(
        f"{name} is not set. Set it in the environment or in .env (see .env.example); "
        "it may only be left out when DEBUG=true."
    )


SECRET_KEY = _secret("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "supervisor.admin_apps.SupervisorAdminConfig",  # django.contrib.admin, with our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pipeline",
    "supervisor",
]

MIDDLEWARE = [
    "config.middleware.RequestLoggingMiddleware",
    # Before anything reads the body: an oversized request is refused unread.
    "config.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# The original accepted SQLAlchemy's "postgresql+asyncpg://" form; it names the same server.
_database_url = env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
_database_url = _database_url.replace("postgresql+asyncpg://", "postgresql://", 1)
DATABASES = {"default": env.db_url_config(_database_url)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # Writers queue for the lock instead of failing at once; IMMEDIATE takes the
        # write lock at BEGIN so select_for_update-style sections cannot deadlock.
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A psycopg pool per server process. Requests give their connection back before
    # waiting on an LLM (pipeline.services), so a few connections serve hundreds of
    # threads; CONN_MAX_AGE must stay 0, the pool keeps connections open instead.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DB_POOL_MIN_SIZE", default=2),
        "max_size": env.int("DB_POOL_MAX_SIZE", default=10),
        # Seconds a request waits for a free connection before it fails.
        "timeout": env.float("DB_POOL_TIMEOUT", default=10.0),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "supervisor.auth_backends.EnvironmentSupervisorBackend",
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Without collectstatic (tests, a fresh dev run) WhiteNoise finds files in the apps.
WHITENOISE_USE_FINDERS = True

# --- API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "supervisor.authentication.BearerJWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["config.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
    # Requests counted per client IP use REMOTE_ADDR unless proxies are trusted to set
    # X-Forwarded-For: otherwise anyone could pick a new "IP" per login attempt.
    "NUM_PROXIES": env.int("TRUSTED_PROXY_COUNT", default=0),
    "DEFAULT_THROTTLE_RATES": {
        # Brute force on the login: per client IP, and per posted username whatever the IP.
        "login_ip": env.str("THROTTLE_LOGIN_IP_RATE", default="30/min"),
        "login_username": env.str("THROTTLE_LOGIN_USERNAME_RATE", default="10/min"),
        # Per webhook API key (sender). High: one CRM may burst hundreds of messages per
        # second, and Meta retries what we refuse. A rate of "off" disables a throttle.
        "webhook": env.str("THROTTLE_WEBHOOK_RATE", default="60000/min"),
    },
}

# --- Cache (throttle counters) ---------------------------------------------------------------
# Per-process memory by default; with several servers behind a load balancer set REDIS_URL
# so they share the counters. A Redis outage must not take the API down: errors are ignored
# and the throttles then let requests through.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="crm"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Request size ---------------------------------------------------------------------------
# Larger bodies are answered 413 before they are read. A message of MESSAGE_MAX_CHARS
# characters, JSON-escaped, fits well within the default.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=64 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES

JWT_SECRET_KEY = _secret("JWT_SECRET_KEY")
JWT_EXPIRE_MINUTES = env.int("JWT_EXPIRE_MINUTES", default=60)
SIMPLE_JWT = {
    "ALGORITHM": "HS256",
    "SIGNING_KEY": JWT_SECRET_KEY,
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=JWT_EXPIRE_MINUTES),
    # The login answers token_type "bearer", and clients often send it back as written;
    # the original (FastAPI) accepted the scheme in any case.
    "AUTH_HEADER_TYPES": ("Bearer", "bearer"),
    "UPDATE_LAST_LOGIN": False,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "CRM Multi-Agent API",
    "DESCRIPTION": "Customer messages classified, routed and answered, with a human in the loop.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Served from our own static files: the docs work with no internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

CORS_ALLOWED_ORIGINS = env.list("ALLOWED_ORIGINS", default=[])

# --- HTTPS ----------------------------------------------------------------------------------
# Defaults keep `make run` (DEBUG, plain http on 127.0.0.1) working; production sets
# SECURE_SSL_REDIRECT=true (and USE_X_FORWARDED_PROTO=true behind a TLS-terminating proxy),
# which also turns HSTS on. `manage.py check --deploy` then passes.
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    # Only behind a proxy that sets (overwrites) this header itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# /health and /ready are probed over plain http from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health$", r"^ready$"]
SECURE_HSTS_SECONDS = env.int(
    "SECURE_HSTS_SECONDS", default=31_536_000 if SECURE_SSL_REDIRECT else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# Cookies (the admin's session and CSRF) only over https unless DEBUG.
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Webhook and supervisors ----------------------------------------------------------------
# Several comma-separated keys may be valid at once, so a key can be rotated without downtime.
WEBHOOK_API_KEYS = [key for key in _secret("WEBHOOK_API_KEY").split(",") if key.strip()]
META_APP_SECRET = env.str("META_APP_SECRET", default="")
MESSAGE_MAX_CHARS = env.int("MESSAGE_MAX_CHARS", default=4000)

SUPERVISOR_USERNAME = env.str("SUPERVISOR_USERNAME", default="")
SUPERVISOR_PASSWORD_HASH = os.environ.get("SUPERVISOR_PASSWORD_HASH", "")

# --- Triage and LLM --------------------------------------------------------------------------
SLA_THRESHOLD_HOURS = env.float("SLA_THRESHOLD_HOURS", default=2.0)
GEMINI_API_KEY = os.environ.get("GEMINI_API_KEY", "")
LLM_PROVIDER = env.str("LLM_PROVIDER", default="gemini" if GEMINI_API_KEY else "local")
if LLM_PROVIDER not in ("gemini", "local"):
    raise ImproperlyConfigured(f"LLM_PROVIDER must be 'gemini' or 'local', not {LLM_PROVIDER!r}.")
if LLM_PROVIDER == "gemini" and not GEMINI_API_KEY:
    raise ImproperlyConfigured("LLM_PROVIDER=gemini needs GEMINI_API_KEY.")
GEMINI_MODEL = env.str("GEMINI_MODEL", default="gemini-2.5-flash-lite")
GEMINI_BASE_URL = env.str("GEMINI_BASE_URL", default="") or None
# HTTP connections to Gemini per server process: at least GUNICORN_THREADS.
GEMINI_MAX_CONNECTIONS = env.int("GEMINI_MAX_CONNECTIONS", default=256)
# One call's timeout, and the budget of all LLM calls made for one message or decision.
LLM_CALL_TIMEOUT = env.float("LLM_CALL_TIMEOUT", default=10.0)
LLM_TOTAL_TIMEOUT = env.float("LLM_TOTAL_TIMEOUT", default=25.0)
LLM_MAX_ATTEMPTS = env.int("LLM_MAX_ATTEMPTS", default=3)
LLM_BREAKER_FAILURES = env.int("LLM_BREAKER_FAILURES", default=5)
LLM_BREAKER_COOLDOWN = env.float("LLM_BREAKER_COOLDOWN", default=30.0)

# --- Logging ------------------------------------------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    # Otherwise logging's own "Unable to configure root logger" would be all one sees.
    raise ImproperlyConfigured(
        f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {LOG_LEVEL!r}."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "pipe": {
            "format": "%(asctime)s | %(levelname)-8s | %(name)-20s | %(message)s",
            "datefmt": "%Y-%m-%d %H:%M:%S",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "pipe"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Noisy at INFO or DEBUG, whatever LOG_LEVEL says; django.db.backends would log SQL.
        **{
            name: {"level": "WARNING"}
            for name in ("httpx", "httpx2", "httpcore", "google_genai", "django.db.backends")
        },
        # Our request middleware logs each request once; Django's own line would repeat it.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}
