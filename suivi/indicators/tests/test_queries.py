"""Pages and selectors whose number of queries must not grow with the data."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory, member
from suivi.indicators.models import IndicatorVersion, Target
from suivi.indicators.selectors.progress import progress_table
from suivi.indicators.services import definitions, measurements, periods
from suivi.indicators.services.definitions import IndicatorSpec, TargetSpec
from suivi.indicators.services.measurements import CellValue
from suivi.indicators.tests.factories import indicator
from suivi.programmes.services import open_revision
from suivi.programmes.tests.factories import ResultFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    enabel = OrganisationFactory(kind=OrganisationKind.ENABEL)
    return member(Role.ME_OFFICER, enabel), member(Role.INTERVENTION_MANAGER, enabel)


def _submit(item, officer, total=3):
    period = periods.ensure_period(actor=SYSTEM, intervention=item.intervention, year=2020)
    measurement, _ = measurements.save_values(
        actor=officer, indicator=item, period=period, values=[CellValue(value=Decimal(total))]
    )
    return measurements.submit(actor=officer, measurement=measurement)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_review_queue_queries_do_not_grow_with_the_values(
    client, team, django_assert_num_queries, django_assert_max_num_queries
):
    officer, manager = team
    result = ResultFactory()
    _submit(indicator(code="A-1", result=result), officer)
    url = reverse("indicators:review_queue")
    client.force_login(manager)
    client.get(url)  # the first page of a session writes it
    one = _queries(client, url)

    for number in range(2, 7):
        _submit(indicator(code=f"A-{number}", result=result), officer)
    with django_assert_num_queries(one):
        body = client.get(url).content.decode()
    assert all(f'data-code="A-{number}"' in body for number in range(1, 7))

    # The submitter's own values are counted, not listed, in as many queries.
    client.force_login(officer)
    client.get(url)
    with django_assert_max_num_queries(one):
        response = client.get(url)
    assert response.context["items"] == [] and response.context["own_count"] == 6


def _revised(item, result, title):
    """A new version of `item` in a new revision of its intervention."""
    version = item.current_version()
    revision = open_revision(
        actor=SYSTEM, intervention=item.intervention, label=title, reason="Revue"
    )
    spec = IndicatorSpec(
        code=item.code,
        result=result,
        title=title,
        unit=version.unit,
        aggregation=version.aggregation,
        targets=[TargetSpec(t.year, t.value, t.cell_key) for t in version.targets.all()],
        replaces_code=item.replaces.code if item.replaces else "",
    )
    definitions.put_indicator(actor=SYSTEM, revision=revision, spec=spec)


def test_indicator_sheet_predecessors_in_a_fixed_number_of_queries(
    client, team, django_assert_num_queries
):
    result = ResultFactory()
    chain = [indicator(code="P-0", result=result)]
    for number in range(1, 6):
        chain.append(indicator(code=f"P-{number}", result=result, replaces_code=chain[-1].code))
    _revised(chain[0], result, "Nouvelle formulation de P-0")
    client.force_login(team[1])
    client.get(reverse("indicators:sheet", args=[chain[1].pk]))
    one_earlier = _queries(client, reverse("indicators:sheet", args=[chain[1].pk]))

    with django_assert_num_queries(one_earlier):
        body = client.get(reverse("indicators:sheet", args=[chain[5].pk])).content.decode()
    lineage = body[body.index('class="lineage"') :]
    positions = [lineage.index(f">P-{number}<") for number in (4, 3, 2, 1, 0)]
    assert positions == sorted(positions)  # newest first
    assert "Nouvelle formulation de P-0" in lineage  # each with its last definition


def test_progress_table_reads_only_the_current_version_of_each_indicator():
    result = ResultFactory()
    items = [indicator(code=f"V-{number}", result=result) for number in range(3)]
    for item in items:
        _revised(item, result, f"{item.code} v2")
        _revised(item, result, f"{item.code} v3")
    loaded: list[object] = []

    def count(sender, instance, **kwargs):
        loaded.append(instance)

    post_init.connect(count, sender=IndicatorVersion)
    post_init.connect(count, sender=Target)
    try:
        rows = progress_table(SYSTEM, result.intervention, 2020)
    finally:
        post_init.disconnect(count, sender=IndicatorVersion)
        post_init.disconnect(count, sender=Target)
    assert [row.version.title for row in rows] == ["V-0 v3", "V-1 v3", "V-2 v3"]
    # Three versions and their two targets each: not the nine versions.
    assert sum(isinstance(o, IndicatorVersion) for o in loaded) == 3
    assert sum(isinstance(o, Target) for o in loaded) == 6


def test_current_version_is_the_newest_and_uses_a_prefetch(django_assert_num_queries):
    result = ResultFactory()
    item = indicator(code="C-1", result=result)
    assert item.current_version().number == 1
    _revised(item, result, "C-1 v2")
    assert item.current_version().title == "C-1 v2"
    assert measurements.current_version(item).title == "C-1 v2"  # the alias other apps use
    item = type(item).objects.prefetch_related("versions").get(pk=item.pk)
    with django_assert_num_queries(0):
        assert item.current_version().number == 2
