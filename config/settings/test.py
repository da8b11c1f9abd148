"""Settings for the test suite.

SQLite by default; `scripts/test.sh` sets DATABASE_URL to a throw-away
PostgreSQL cluster for the second run.
"""

import tempfile

from .base import *  # noqa: F403
from .base import LOGGING, env

SECRET_KEY = "test-key-not-for-production-use-abcdefghijklmnopqrstuvwxyz"
DEBUG = False
SUIVI_FIELD_ENCRYPTION_KEY = "dGVzdC1vbmx5LWtleS1mb3Itc3Vpdmktc2V0dGluZ3M="
SUIVI_FIELD_HASH_KEY = "test-only-hash-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
DATABASES = {
    "default": env.db("DATABASE_URL", default="sqlite:///:memory:"),
}
# Keep every log record in memory too, so tests can assert what reached a handler.
LOGGING["handlers"]["memory"] = {
    "class": "suivi.core.logging.MemoryHandler",
    "filters": ["personal_data"],
}
for _logger in LOGGING["loggers"].values():
    _logger["handlers"] = [*_logger["handlers"], "memory"]
LOGGING["root"]["handlers"] = [*LOGGING["root"]["handlers"], "memory"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


# Uploaded files of a test run go to a throw-away folder.
STORAGES = {
    **STORAGES,  # noqa: F405
    "private": {
        "BACKEND": "suivi.core.storage.PrivateFileSystemStorage",
        "OPTIONS": {
            **PRIVATE_STORAGE_OPTIONS,  # noqa: F405
            "location": tempfile.mkdtemp(prefix="suivi-private-"),
        },
    },
}
