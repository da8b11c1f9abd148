"""Production settings: PostgreSQL, HTTPS only, static files by whitenoise.

Every secret comes from the environment; see docs/deploy.md.
"""

from .base import *  # noqa: F403
from .base import PRIVATE_STORAGE_OPTIONS, env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")  # required: no default on purpose
SUIVI_FIELD_ENCRYPTION_KEY = env.str("SUIVI_FIELD_ENCRYPTION_KEY")  # required
SUIVI_FIELD_HASH_KEY = env.str("SUIVI_FIELD_HASH_KEY")  # required
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preload only takes effect once the domain is submitted to the browsers' list.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Evidence and uploaded imports: outside MEDIA_URL, served only by views that check access.
    "private": {
        "BACKEND": "suivi.core.storage.PrivateFileSystemStorage",
        "OPTIONS": PRIVATE_STORAGE_OPTIONS,
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
