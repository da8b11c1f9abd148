"""Settings for `make demo` and local development: SQLite, DEBUG, runserver."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# A fixed key is acceptable here only: this module is never used in production
# (config.settings.production refuses to start without DJANGO_SECRET_KEY).
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY", default="local-demo-key-not-for-production-use-0123456789"
)

# Demo-only keys (never used in production: see production.py).
SUIVI_FIELD_ENCRYPTION_KEY = env.str(
    "SUIVI_FIELD_ENCRYPTION_KEY", default="ZGVtby1vbmx5LWtleS1mb3Itc3Vpdmktc2V0dGluZ3M="
)
SUIVI_FIELD_HASH_KEY = env.str("SUIVI_FIELD_HASH_KEY", default="demo-only-hash-key")

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # The web server and the task worker share the file: WAL lets one write
    # while the other reads, IMMEDIATE transactions wait instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(  # noqa: F405
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
