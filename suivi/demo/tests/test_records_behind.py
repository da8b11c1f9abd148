"""Clicking a computed figure lists the records behind it, to those allowed."""

import pytest
from django.contrib.auth import get_user_model

from suivi.beneficiaries.models import Person
from suivi.core.models import AuditEvent
from suivi.indicators.models import MeasurementValue

pytestmark = pytest.mark.django_db


def _value(code, year=2020, cell=""):
    return MeasurementValue.objects.get(
        measurement__indicator__code=code,
        measurement__period__year=year,
        measurement__period__quarter=0,
        cell_key=cell,
    )


def _login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def test_me_officer_sees_every_record_but_no_name(demo_data, client):
    _login(client, "suivi")
    value = _value("MAR1605211_Ind1.2", cell="sex=women")
    body = client.get(f"/chiffres/{value.pk}/dossiers/").content.decode()
    assert body.count("<code>") == 126
    assert "Fictif-" not in body
    assert AuditEvent.objects.filter(action="beneficiaries.records.listed").exists()


def test_entraide_nationale_sees_the_names_of_its_own_persons(demo_data, client):
    _login(client, "pf.en")
    body = client.get(f"/chiffres/{_value('MAR1605211_Ind1.2').pk}/dossiers/").content.decode()
    assert body.count("Fictif-") == 185


def test_anapec_sees_names_of_its_own_and_shared_persons_only(demo_data, client):
    _login(client, "pf.anapec")
    # Ind2.1 counts ANAPEC's own 215 registrations and the 30 EN persons who agreed to share.
    value = _value("MAR1605211_Ind2.1")
    body = client.get(f"/chiffres/{value.pk}/dossiers/").content.decode()
    assert body.count("<code>") == 245 and body.count("Fictif-") == 245
    # OS2's denominator (EN's 2019-20 enrolments): by reference, but for the 30 shared with it.
    value = _value("MAR1605211_OS2")
    body = client.get(f"/chiffres/{value.pk}/dossiers/?partie=denominator").content.decode()
    assert body.count("<code>") == 68 and body.count("Fictif-") == 30
    # An indicator ANAPEC is not responsible for does not exist for it.
    assert client.get(f"/chiffres/{_value('MAR1605211_Ind1.2').pk}/dossiers/").status_code == 404


def test_rates_list_numerator_and_denominator(demo_data, client):
    _login(client, "suivi")
    value = _value("MAR1605211_Ind1.5")
    assert (
        client.get(f"/chiffres/{value.pk}/dossiers/?partie=numerator")
        .content.decode()
        .count("<code>")
        == 28
    )
    assert (
        client.get(f"/chiffres/{value.pk}/dossiers/?partie=denominator")
        .content.decode()
        .count("<code>")
        == 68
    )


def test_steering_committee_and_outsiders_get_404(demo_data, client):
    _login(client, "copil")
    assert client.get(f"/chiffres/{_value('MAR1605211_Ind1.2').pk}/dossiers/").status_code == 404


def test_small_counts_are_hidden_from_the_steering_committee_not_from_me_staff(demo_data, client):
    url = "/interventions/MOR1605211/progression/?annee=2020"
    _login(client, "copil")
    body = client.get(url).content.decode()
    row = body[body.index('data-code="MAR1605211_Ind1.3"') :]
    row = row[: row.index("</tr>")]
    assert '<bdi class="suppressed" dir="ltr">&lt; 5</bdi>' in row
    data = client.get(url + "&format=json").json()
    ind_1_3 = next(r for r in data if r["code"] == "MAR1605211_Ind1.3")
    assert ind_1_3["reporting_year"] == "< 5"
    _login(client, "suivi")
    data = client.get(url + "&format=json").json()
    assert next(r for r in data if r["code"] == "MAR1605211_Ind1.3")["reporting_year"] == 3


def test_indicator_sheet_hides_small_counts_from_partners(demo_data, client):
    from suivi.indicators.models import Indicator

    indicator = Indicator.objects.get(code="MAR1605211_Ind1.3")  # 3 women in 2020
    _login(client, "pf.en")  # EN is responsible for Ind1.3, but is not the M&E staff
    body = client.get(f"/indicateurs/{indicator.pk}/").content.decode()
    article = body[body.index('data-period="2020"') :]
    article = article[: article.index("</article>")]
    assert "&lt; 5" in article
    _login(client, "suivi")
    body = client.get(f"/indicateurs/{indicator.pk}/").content.decode()
    article = body[body.index('data-period="2020"') :]
    assert "&lt; 5" not in article[: article.index("</article>")]


def test_long_lists_come_a_page_at_a_time(demo_data, client, monkeypatch):
    from suivi.beneficiaries.selectors import records as selectors

    monkeypatch.setattr(selectors, "RECORDS_PER_PAGE", 100)
    _login(client, "suivi")
    url = f"/chiffres/{_value('MAR1605211_Ind1.2').pk}/dossiers/"
    pages = [client.get(f"{url}?page={n}").content.decode() for n in (1, 2)]
    assert [page.count("<code>") for page in pages] == [100, 85]
    assert "page=2" in pages[0] and "(185" in pages[0]


def test_a_suppressed_figure_is_no_link_and_its_records_are_not_listed(demo_data, client):
    """Ind1.3 counts 3 women in 2020: a partner reads "< 5", and may not
    recover the 3 through the records behind it (issue 9)."""
    _login(client, "pf.en")
    body = client.get("/interventions/MOR1605211/progression/?annee=2020").content.decode()
    row = body[body.index('data-code="MAR1605211_Ind1.3"') :]
    row = row[: row.index("</tr>")]
    assert "&lt; 5" in row and "/dossiers/" not in row
    hidden = _value("MAR1605211_Ind1.3")
    assert client.get(f"/chiffres/{hidden.pk}/dossiers/").status_code == 404
    # Nor through a cell hidden so that the small one cannot be worked back.
    men = _value("MAR1605211_Ind1.2", cell="sex=men")
    assert client.get(f"/chiffres/{men.pk}/dossiers/").status_code == 200
    _login(client, "suivi")  # the M&E staff see exact figures and their records
    assert client.get(f"/chiffres/{hidden.pk}/dossiers/").content.decode().count("<code>") == 3


def test_references_hold_within_a_figure_and_differ_across_figures(demo_data, client):
    """A stable pseudonym would link one person across figures."""
    import re

    _login(client, "suivi")
    whole = client.get(f"/chiffres/{_value('MAR1605211_Ind1.2').pk}/dossiers/").content.decode()
    women = _value("MAR1605211_Ind1.2", cell="sex=women")
    part = client.get(f"/chiffres/{women.pk}/dossiers/").content.decode()
    again = client.get(f"/chiffres/{women.pk}/dossiers/").content.decode()
    references = set(re.findall(r"<code>(\w+)</code>", part))
    assert len(references) == 126
    assert references == set(re.findall(r"<code>(\w+)</code>", again))
    assert not references & set(re.findall(r"<code>(\w+)</code>", whole))
    ids = {str(pk)[:8] for pk in Person.objects.values_list("pk", flat=True)}
    assert not {reference[:8] for reference in references} & ids
