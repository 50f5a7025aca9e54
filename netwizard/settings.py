"""netwizard's one settings module, driven by environment variables.

Development needs no configuration at all. Production (NETWIZARD_DEBUG=0) refuses to
start without a real NETWIZARD_SECRET_KEY.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from netwizard import proxies

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("NETWIZARD_DEBUG", True)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("NETWIZARD_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "NETWIZARD_SECRET_KEY is required when NETWIZARD_DEBUG=0; generate one with "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and (SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("NETWIZARD_SECRET_KEY must be a random string of at least 50 characters")

ALLOWED_HOSTS = env_list("NETWIZARD_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("NETWIZARD_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",  # django-bootstrap-static: Bootstrap's own files, served locally
    "csp",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from here: no CDN
    "netwizard.inventory",
    "netwizard.wizard",
    "netwizard.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Django's LoginRequiredMiddleware, plus refusals (login, missing role) that HTMX requests can show.
    "netwizard.wizard.refusals.LoginRequiredMiddleware",
    "netwizard.inventory.audit.actor_middleware",  # changes are recorded with the user who made them
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "netwizard.urls"
WSGI_APPLICATION = "netwizard.wsgi.application"

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
            ],
            # django-template-partials as a builtin: moving to Django 6's own partials
            # later is a settings-only change.
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# SQLite by default; WAL plus IMMEDIATE transactions keep concurrent writers from
# failing with "database is locked" (see the performance notes).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    # Seconds a writer waits for its turn. A save loads the host before and after the change
    # and checks the rules inside its transaction (about 5 ms for a node of 8 interfaces, 50 ms
    # for 300); 16 writers at once can queue for seconds.
    "timeout": 30,
    "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;",
}
_database_url = os.environ.get("DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=0)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("NETWIZARD_SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    # Each worker keeps its connection between requests: opening one (the PRAGMAs above and
    # Django's SQL functions) took 0.7 ms of CPU, more than half of what a bare logged-in
    # request costs (`python -m bench`). SQLite has no server whose connections could run out.
    DATABASES["default"]["CONN_MAX_AGE"] = 600

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out logins before checking passwords
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "wizard:host_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("NETWIZARD_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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

# Security headers and cookies. Production runs behind a TLS-terminating reverse proxy
# that overwrites X-Forwarded-Proto (README, "Running in production").
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # htmx takes the token from the page, never from the cookie
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("NETWIZARD_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("NETWIZARD_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("NETWIZARD_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("NETWIZARD_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# Content-Security-Policy: everything from this site, nothing inline, no eval. htmx is
# configured through its meta tag and its indicator style lives in netwizard.css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# The HTTP API (netwizard/api): tokens or the session, the roles' rights, one JSON shape for
# errors. Rates per user or client address; set NETWIZARD_API_RATE for a busy CI fleet.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "netwizard.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",  # with CSRF, as the pages
    ],
    "DEFAULT_PERMISSION_CLASSES": ["netwizard.api.permissions.RolePermission"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["netwizard.api.throttles.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("NETWIZARD_API_ANON_RATE", "60/minute"),
        "user": os.environ.get("NETWIZARD_API_RATE", "600/minute"),
    },
    "EXCEPTION_HANDLER": "netwizard.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "netwizard API",
    "DESCRIPTION": "Lint, format and render Proxmox VE interfaces files; the inventory of hosts and switches.",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["netwizard.api.permissions.RolePermission"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"AddressMethodEnum": "netwizard.api.interfaces.METHODS"},
}

# Login brute force (netwizard/login_limits.py): after 5 failures for one user name from
# one address, that pair waits 15 minutes; after 20 for one user name from all addresses
# together, the account does. Only requests from the reverse proxies named in
# NETWIZARD_FORWARDED_ALLOW_IPS (the same list gunicorn trusts; none by default) take the
# client address from X-Forwarded-For.
NETWIZARD_TRUSTED_PROXIES = proxies.trusted_proxies()
AXES_FAILURE_LIMIT = int(os.environ.get("NETWIZARD_LOGIN_FAILURE_LIMIT", "5"))
NETWIZARD_LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("NETWIZARD_LOGIN_ACCOUNT_FAILURE_LIMIT", "20"))
if AXES_FAILURE_LIMIT < 1 or NETWIZARD_LOGIN_ACCOUNT_FAILURE_LIMIT < 1:
    raise ImproperlyConfigured("The login failure limits must be whole numbers of at least 1")
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_HANDLER = "netwizard.login_limits.LoginLimitsHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "netwizard.login_limits.lockout_response"
AXES_CLIENT_IP_CALLABLE = "netwizard.client_ip.client_ip"

# Downloads of interfaces files per user and minute; more are answered 429 with Retry-After.
# Counted from the download rows in the database, which every gunicorn worker shares (the
# default cache is per process, so a worker could not see what the others served).
NETWIZARD_DOWNLOADS_PER_MINUTE = int(os.environ.get("NETWIZARD_DOWNLOADS_PER_MINUTE", "30"))
if NETWIZARD_DOWNLOADS_PER_MINUTE < 1:
    raise ImproperlyConfigured("NETWIZARD_DOWNLOADS_PER_MINUTE must be a whole number of at least 1")

# HSTS preloading is for public domains listed in browsers; netwizard usually runs on
# an internal name, so check --deploy's reminder about it (W021) is switched off.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# An uploaded file is cut short past the import's byte limit as it arrives (the form then
# refuses it), so a huge upload fills neither memory nor disk.
FILE_UPLOAD_HANDLERS = [
    "netwizard.wizard.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
