"""The acting user is never missing: the system says what it acts for."""

import pytest

from suivi.accounts import policies
from suivi.accounts.roles import Capability, Role
from suivi.accounts.tests.factories import member
from suivi.core import audit
from suivi.core.actors import as_user, system

pytestmark = pytest.mark.django_db


def test_a_missing_actor_is_refused_by_policies_and_the_audit_trail():
    with pytest.raises(TypeError):
        policies.has_capability(None, Capability.VIEW_PROGRAMME_WIDE)
    with pytest.raises(TypeError):
        policies.organisation_ids_of(None)
    with pytest.raises(TypeError):
        audit.record(actor=None, action="core.audit_trail.viewed")


def test_the_system_actor_may_everything_owns_nothing_and_is_named_in_the_trail():
    command = system("manage.py recompute")
    assert policies.has_capability(command, Capability.LOCK_PERIODS)
    assert policies.organisation_ids_of(command) == set()
    assert as_user(command) is None
    event = audit.record(actor=command, action="core.audit_trail.viewed")
    assert event.actor is None and event.detail == {"system": "manage.py recompute"}
    with pytest.raises(ValueError):
        system("")


def test_a_user_is_stored_as_such():
    user = member(Role.ME_OFFICER)
    assert as_user(user) is user
    assert audit.record(actor=user, action="core.audit_trail.viewed").actor == user
