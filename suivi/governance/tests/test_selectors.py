from datetime import date

import pytest
from django.utils import timezone

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, member
from suivi.governance import home, selectors
from suivi.governance.services import meetings
from suivi.governance.tests import factories

pytestmark = pytest.mark.django_db


def test_attendance_counts_state_focal_points_per_meeting():
    cp3 = factories.meeting(kind="cp3_regional", held_on=date(2020, 3, 5), number=None)
    intervention = cp3.intervention
    factories.meeting(intervention=intervention, kind="copil", held_on=date(2020, 12, 23))
    factories.meeting(intervention=intervention, kind="cp3_regional", held_on=date(2019, 3, 5))
    for institution, state, people, focal in [
        ("ANAPEC", True, 3, 2),
        ("OFPPT", True, 1, 1),
        ("REMESS", False, 2, 0),
        ("Artisanat", True, 2, None),
    ]:
        meetings.add_participation(
            actor=SYSTEM,
            meeting=cp3,
            institution=institution,
            state_institution=state,
            attendees=people,
            focal_points=focal,
        )
    reader = member(Role.STEERING_READER)
    rows = selectors.attendance(reader, intervention, 2020, ["cp3_regional", "cp3_national"])
    assert [(r["state_institutions"], r["state_focal_points"], r["uncounted"]) for r in rows] == [
        (3, 3, 1)
    ]
    assert (
        selectors.attendance(member(Role.PARTNER_FOCAL_POINT), intervention, 2020, ["cp3_regional"])
        == []
    )


def test_the_home_page_names_the_late_actions():
    risk = factories.risk()
    factories.risk_action(risk, deadline=timezone.localdate().replace(year=2020))
    panels = home.panels(member(Role.ME_OFFICER))
    assert len(panels) == 1
    risks, decisions = panels[0].figures
    assert (risks.value, risks.tone, decisions.value) == (1, "alert", 0)
    assert risks.url.endswith("/risques/?late=on")
    assert home.panels(member(Role.PARTNER_FOCAL_POINT)) == []
