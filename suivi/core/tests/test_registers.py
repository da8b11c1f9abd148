"""The generic register: cells, forms, and the pages of a tiny register over
the audit trail (`register_site`), with the page templates replaced by a
recorder of what each view would show."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails
from openpyxl import load_workbook

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import OrganisationFactory, member
from suivi.core import audit, register_views
from suivi.core.models import AuditEvent
from suivi.core.register_forms import FilterForm, RecordForm
from suivi.core.registers import CellContext, Column, attr, display, shown, workbook
from suivi.core.tests import register_site
from suivi.core.tests.register_site import CATALOGUE, EVENTS

pytestmark = [pytest.mark.django_db, pytest.mark.urls("suivi.core.tests.register_site")]
TODAY = CellContext(today=date(2021, 6, 30))


@pytest.fixture
def shown_pages(monkeypatch):
    """The views' `render`, recording the template and context instead."""
    seen: list[tuple[str, dict[str, Any]]] = []

    def record(request: Any, template: str, context: dict[str, Any]) -> HttpResponse:
        seen.append((template, context))
        return HttpResponse(template)

    monkeypatch.setattr(register_views, "render", record)
    return seen


@pytest.fixture
def reader():
    return member(Role.ME_OFFICER, last_name="Reader")


@pytest.fixture
def manager():
    return member(Role.ME_OFFICER, last_name="Manager")


@pytest.fixture
def events(reader):
    ngo = OrganisationFactory(short_name="NGO A")
    return [
        audit.record(actor=reader, action="test.first", organisation=ngo),
        audit.record(actor=reader, action="test.second"),
    ]


def test_a_cell_reads_a_path_a_choice_or_the_context():
    event = AuditEvent(action="test.x", actor=None)
    assert attr("action")(event, TODAY) == "test.x"
    assert attr("organisation.short_name")(event, TODAY) == ""
    assert Column("Today", lambda item, context: context.today).value(event, TODAY) == TODAY.today

    class Choice:
        def get_level_display(self) -> str:
            return "High"

    assert display("level")(Choice(), TODAY) == "High"


def test_a_page_shows_booleans_and_dates_in_the_users_language():
    with translation.override("fr"):
        assert shown(True) == "Oui" and shown(False) == "Non"
        assert shown(date(2021, 3, 4)) == "04/03/2021"
    assert shown(0) == 0 and shown("") == ""


def test_an_unknown_segment_is_a_404():
    assert CATALOGUE.by_slug("evenements") is EVENTS
    assert CATALOGUE.kinds["event"] is EVENTS
    with pytest.raises(Http404):
        CATALOGUE.by_slug("nope")


def test_the_filters_follow_the_register(events):
    ngo = events[0].organisation
    form = FilterForm(
        {"year": "2021", "organisation": str(ngo.pk), "late": "on"},
        register=EVENTS,
        model=AuditEvent,
        scoped=register_site.SITE.scoped(events[0].actor),
    )
    assert list(form.fields) == ["intervention", "year", "organisation", "late"]
    assert form.lookups(TODAY) == {
        "occurred_at__year": 2021,
        "organisation": ngo,
        "late": TODAY.today,
    }
    bad = FilterForm(
        {"year": "20211"}, register=EVENTS, model=AuditEvent, scoped=register_site.SITE.scoped(None)
    )
    assert bad.lookups(TODAY) == {}


def test_the_record_form_starts_from_the_record(events):
    form = RecordForm(register=EVENTS, model=AuditEvent, scoped={}, record=events[0])
    assert list(form.fields) == ["action", "object_type"]
    assert form.initial["action"] == "test.first"


def test_the_workbook_keeps_raw_values_and_adds_the_registers_sheets(events):
    content, count = workbook(EVENTS, AuditEvent.objects.filter(action__startswith="test."), TODAY)
    book = load_workbook(BytesIO(content))
    rows = list(book["Events"].values)
    assert count == 2 and rows[0] == ("Action", "Organisation", "Day", "Today", "By the system")
    assert {row[0] for row in rows[1:]} == {"test.first", "test.second"}
    assert rows[1][4] is False
    assert list(book["More"].values) == [(2,)]


def test_the_list_filters_pages_and_answers_htmx_with_its_results(
    client, reader, events, shown_pages
):
    client.force_login(reader)
    url = reverse("events:list", args=["evenements"])
    client.get(url, {"page": "1", "organisation": str(events[0].organisation.pk)})
    template, context = shown_pages[-1]
    assert template == "core/registers/list.html"
    assert context["page"].paginator.count == 1
    assert context["query"] == f"organisation={events[0].organisation.pk}"
    link, cells = context["rows"][0]
    assert link == reverse("events:detail", args=["evenements", events[0].pk])
    assert cells[0] == ("Action", "test.first")
    assert cells[3] == ("Today", shown(timezone.localdate()))
    assert context["may_manage"] is False
    client.get(url, headers={"HX-Request": "true"})
    assert shown_pages[-1][0] == "core/registers/list.html#results"
    assert shown_pages[-1][1]["page"].paginator.count == 2


def test_who_may_not_view_gets_404(client, events, shown_pages):
    client.force_login(member(Role.ME_OFFICER, last_name="Outsider"))
    for url in (
        reverse("events:index"),
        reverse("events:list", args=["evenements"]),
        reverse("events:export", args=["evenements"]),
        reverse("events:detail", args=["evenements", events[0].pk]),
        reverse("events:create", args=["evenements"]),
    ):
        assert client.get(url).status_code == 404, url
    assert shown_pages == []


def test_the_index_counts_each_register(client, reader, events, shown_pages):
    client.force_login(reader)
    client.get(reverse("events:index"))
    assert shown_pages[-1] == (
        "events/index.html",
        {"registers": [(EVENTS, 2)], "may_manage": False},
    )


def test_the_export_is_filtered_named_and_recorded(client, reader, events):
    client.force_login(reader)
    register_site.EXPORTS.clear()
    answer = client.get(
        reverse("events:export", args=["evenements"]),
        {"organisation": str(events[0].organisation.pk)},
    )
    assert answer["Content-Disposition"] == 'attachment; filename="journal-evenements.xlsx"'
    assert register_site.EXPORTS == [("event", 1)]
    assert len(list(load_workbook(BytesIO(answer.content))["Events"].values)) == 2


def test_the_detail_adds_the_apps_context(client, reader, events, shown_pages):
    client.force_login(reader)
    client.get(reverse("events:detail", args=["evenements", events[1].pk]))
    template, context = shown_pages[-1]
    assert template == "events/detail.html"
    assert context["item"] == events[1] and context["extra"] == f"event:{events[1].pk}"
    assert context["fields"][0] == ("Action", "test.second")
    missing = client.get(reverse("events:detail", args=["evenements", 999999]))
    assert missing.status_code == 404


def test_the_form_saves_through_the_service_or_shows_its_refusal(client, manager, shown_pages):
    client.force_login(manager)
    url = reverse("events:create", args=["evenements"])
    client.get(url)
    assert shown_pages[-1][0] == "core/registers/form.html"
    refused = client.post(url, {"action": "test.refused"}, headers={"HX-Request": "true"})
    assert (
        refused.status_code == 200 and shown_pages[-1][0] == "core/registers/form.html#record-form"
    )
    form = shown_pages[-1][1]["form"]
    assert form.errors == {"action": ["This action is refused."], "__all__": ["Elsewhere."]}
    assert client.post(url, {"action": "test.forbidden"}).status_code == 404
    assert not AuditEvent.objects.filter(action__in=["test.refused", "test.forbidden"]).exists()
    saved = client.post(
        url, {"action": "test.made", "object_type": "x"}, headers={"HX-Request": "true"}
    )
    made = AuditEvent.objects.get(action="test.made")
    assert saved.status_code == 204
    assert saved["HX-Redirect"] == reverse("events:detail", args=["evenements", made.pk])
    plain = client.post(url, {"action": "test.made", "object_type": "y"})
    assert plain.status_code == 302


def test_the_reader_may_not_use_the_form(client, reader, events):
    client.force_login(reader)
    url = reverse("events:edit", args=["evenements", events[0].pk])
    assert client.get(url).status_code == 404


def _request(path: str, data: dict[str, str], *, htmx: bool = False) -> Any:
    headers = {"HX-Request": "true"} if htmx else {}
    request = RequestFactory().post(path, data, headers=headers)
    request.htmx = HtmxDetails(request)
    request._messages = type("Messages", (), {"add": lambda *args, **kwargs: None})()
    return request


def test_submit_takes_the_callers_htmx_redirect_and_leaves_get_alone():
    class One(RecordForm):
        def __init__(self, data: Any) -> None:
            super().__init__(data, register=EVENTS, model=AuditEvent, scoped={})

    answer = register_views.submit(
        _request("/x/", {"action": "a"}, htmx=True),
        One({"action": "a"}),
        save=lambda data: data,
        success_url=lambda saved: f"/done/{saved['action']}/",
        success_message="Saved.",
        htmx_redirect=HttpResponseClientRedirect,
    )
    assert answer is not None and answer.status_code == 200
    assert answer["HX-Redirect"] == "/done/a/"
    get = RequestFactory().get("/x/")
    assert (
        register_views.submit(get, One(None), save=_never, success_url="/", success_message="")
        is None
    )


def _never(data: Any) -> Any:
    raise ValidationError("never called")


def test_paged_keeps_the_filters_without_the_page():
    request = RequestFactory().get("/x/", {"q": "a", "page": "2"})
    page, query = register_views.paged(request, list(range(30)), 25)
    assert page.number == 2 and list(page.object_list) == list(range(25, 30))
    assert query == "q=a"


def test_submit_puts_a_services_field_under_the_forms_name():
    class One(RecordForm):
        def __init__(self, data: Any) -> None:
            super().__init__(data, register=EVENTS, model=AuditEvent, scoped={})

    def refuse(data: Any) -> Any:
        raise ValidationError({"kind": "Wrong kind.", "object_type": "Wrong type."})

    form = One({"action": "a"})
    answer = register_views.submit(
        _request("/x/", {"action": "a"}),
        form,
        save=refuse,
        success_url="/",
        success_message="",
        rename={"kind": "action"},
    )
    assert answer is None
    assert form.errors == {"action": ["Wrong kind."], "object_type": ["Wrong type."]}
