"""Settings shared by every environment.

Values that differ between machines are read from the environment with
django-environ; each environment module (local, test, production) only states
what differs.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from suivi.core.logging import build_logging

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "suivi.core.admin_config.SuiviAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "template_partials",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_countries",
    "suivi.core",
    "suivi.accounts",
    "suivi.programmes",
    "suivi.indicators",
    "suivi.beneficiaries",
    "suivi.governance",
    "suivi.finance",
    "suivi.capacity",
    "suivi.interop",
    "suivi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "suivi.core.sessions.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "suivi.accounts.middleware.MFARequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "suivi.core.middleware.RequestContextMiddleware",
    "suivi.core.no_store.NoStoreMiddleware",
    # Last, as axes' documentation asks: it turns lockouts into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "suivi.accounts.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and authentication -------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # axes must come first: it refuses a locked-out login before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "suivi.accounts.validators.MaximumLengthValidator"},
]

# Login throttling (django-axes): the sixth failure for a username from one
# address within the cool-off window locks the pair (its answer says so), and
# the seventh attempt is refused without its password being checked.
AXES_FAILURE_LIMIT = 6
AXES_COOLOFF_TIME = timedelta(minutes=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0)

# Sessions: a new key at every login (Django's login() rotates it), and an idle
# expiry: the session is renewed at most every SESSION_RENEW_AFTER seconds of
# activity (suivi.core.sessions: not a write per request), so it lapses after
# SESSION_COOKIE_AGE seconds without activity.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_RENEW_AFTER = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

OTP_TOTP_ISSUER = "Suivi"

# --- Internationalisation --------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Africa/Casablanca"
USE_THOUSAND_SEPARATOR = True
LANGUAGE_COOKIE_NAME = "suivi_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files ----------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
PRIVATE_ROOT = env.path("DJANGO_PRIVATE_ROOT", default=BASE_DIR / "var" / "private")
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Stored files and their folders are the server account's alone (evidence,
# imports). Larger uploads wait in FILE_UPLOAD_TEMP_DIR (the system's
# temporary folder by default) in files Python creates 0600.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
FILE_UPLOAD_TEMP_DIR = env.str("DJANGO_FILE_UPLOAD_TEMP_DIR", default=None)
PRIVATE_STORAGE_OPTIONS = {
    "location": PRIVATE_ROOT,
    "file_permissions_mode": FILE_UPLOAD_PERMISSIONS,
    "directory_permissions_mode": FILE_UPLOAD_DIRECTORY_PERMISSIONS,
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Evidence and uploaded imports: outside MEDIA_URL, served only by views that check access.
    "private": {
        "BACKEND": "suivi.core.storage.PrivateFileSystemStorage",
        "OPTIONS": PRIVATE_STORAGE_OPTIONS,
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Security headers ------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Background tasks (django-tasks backport, database queue) ---------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Personal data: field encryption and matching keys --------------------
# Fernet key (urlsafe base64 of 32 bytes) and an HMAC key; production takes both
# from the environment (see docs/deploy.md). Changing them makes stored values
# unreadable and hashes unmatched: they are part of the backup.
SUIVI_FIELD_ENCRYPTION_KEY = env.str("SUIVI_FIELD_ENCRYPTION_KEY", default="")
SUIVI_FIELD_HASH_KEY = env.str("SUIVI_FIELD_HASH_KEY", default="")
# An uploaded import is kept sealed with the field key until its job ends:
# removed at once when it succeeds, kept this many days when it fails (so the
# partner can correct it), then removed by `manage.py purge_import_files`.
SUIVI_FAILED_IMPORT_RETENTION_DAYS = env.int("SUIVI_FAILED_IMPORT_RETENTION_DAYS", default=7)

# --- Logging: every handler carries the personal-data filter ---------------
LOGGING = build_logging(level=env.str("DJANGO_LOG_LEVEL", default="INFO"))

FORMAT_MODULE_PATH = ["config.formats"]
