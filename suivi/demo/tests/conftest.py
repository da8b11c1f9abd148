import io

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="package")
def demo_data(django_db_setup, django_db_blocker):
    """Load the demo once for this package, inside a transaction rolled back at
    the end; each test runs in its own savepoint within it."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)
