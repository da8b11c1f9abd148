"""The three capacity registers as the pages see them: URL segment, titles,
form fields, list and export columns, filters and the service that saves a
record. One description each, so every register gets the same list (filters,
pagination, counts), detail, HTMX form, xlsx export and history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from suivi.capacity.models import SATISFIED
from suivi.capacity.services import registers as services
from suivi.core.actors import Actor


@dataclass(frozen=True)
class Column:
    label: str | Promise
    value: Callable[[Any], object]


@dataclass(frozen=True)
class Register:
    kind: str
    slug: str
    title: str | Promise
    singular: str | Promise
    fields: tuple[str, ...]
    columns: tuple[Column, ...]
    # Filters on the model's fields (choices, booleans, organisations), and the
    # date field the "year" filter reads.
    filters: tuple[str, ...]
    year_field: str
    save: Callable[[Actor, Any, dict[str, Any]], Any]


def _attr(path: str) -> Callable[[Any], object]:
    def read(record: Any) -> object:
        value: Any = record
        for part in path.split("."):
            value = getattr(value, part, None) if value is not None else None
        return "" if value is None else value

    return read


def _display(name: str) -> Callable[[Any], object]:
    return lambda record: getattr(record, f"get_{name}_display")()


def _participants(training: Any) -> list[Any]:
    return list(training.participants.all())


def _tested(training: Any) -> int:
    return sum(1 for p in _participants(training) if p.tested)


def _satisfied(training: Any) -> str:
    answered = [p for p in _participants(training) if p.satisfaction]
    if not answered:
        return ""
    return f"{sum(1 for p in answered if p.satisfaction in SATISFIED)}/{len(answered)}"


INTERVENTION = Column(_("Intervention"), _attr("intervention.short_name"))
ACTIVITY = Column(_("Activity"), lambda r: r.activity.code if r.activity else "")

REGISTERS: tuple[Register, ...] = (
    Register(
        kind="training",
        slug="formations",
        title=_("Trainings and workshops"),
        singular=_("Training"),
        fields=(
            "intervention",
            "activity",
            "topic",
            "audience",
            "starts_on",
            "ends_on",
            "trainer",
            "place",
            "remote",
            "max_score",
            "notes",
        ),
        columns=(
            Column(_("Topic"), _attr("topic")),
            INTERVENTION,
            ACTIVITY,
            Column(_("Audience"), _display("audience")),
            Column(_("First day"), _attr("starts_on")),
            Column(_("Last day"), _attr("ends_on")),
            Column(_("Trainer"), _attr("trainer")),
            Column(_("Participants"), lambda r: len(_participants(r))),
            Column(_("Women"), lambda r: sum(1 for p in _participants(r) if p.sex == "women")),
            Column(_("Tested before and after"), _tested),
            Column(_("Satisfied / answered"), _satisfied),
        ),
        filters=("audience", "activity"),
        year_field="ends_on",
        save=lambda actor, record, data: services.save_training(
            actor=actor, training=record, **data
        ),
    ),
    Register(
        kind="outreach",
        slug="entreprises",
        title=_("Companies sensitised"),
        singular=_("Company sensitised"),
        fields=(
            "intervention",
            "activity",
            "company",
            "code",
            "sector",
            "city",
            "sensitised_by",
            "sensitised_on",
            "requests",
            "first_request_on",
            "recruited",
            "first_recruited_on",
            "notes",
        ),
        columns=(
            Column(_("Company"), _attr("company")),
            Column(_("Code"), _attr("code")),
            INTERVENTION,
            Column(_("Sensitised by"), _attr("sensitised_by.short_name")),
            Column(_("Sensitised on"), _attr("sensitised_on")),
            Column(_("Contrat aidé requests"), _attr("requests")),
            Column(_("First request on"), _attr("first_request_on")),
            Column(_("Migrants recruited"), _attr("recruited")),
            Column(_("First recruitment on"), _attr("first_recruited_on")),
        ),
        filters=("sensitised_by",),
        year_field="sensitised_on",
        save=lambda actor, record, data: services.save_outreach(
            actor=actor, outreach=record, **data
        ),
    ),
    Register(
        kind="deliverable",
        slug="livrables",
        title=_("Deliverables"),
        singular=_("Deliverable"),
        fields=(
            "intervention",
            "activity",
            "title",
            "kind",
            "for_migrants",
            "language",
            "produced_on",
            "validated_on",
            "notes",
        ),
        columns=(
            Column(_("Title"), _attr("title")),
            INTERVENTION,
            ACTIVITY,
            Column(_("Type"), _display("kind")),
            Column(_("Meant for migrants"), _attr("for_migrants")),
            Column(_("Language"), _display("language")),
            Column(_("Date"), _attr("produced_on")),
            Column(_("Validated on"), _attr("validated_on")),
            Column(_("File"), _attr("file_name")),
        ),
        filters=("kind", "for_migrants", "language"),
        year_field="produced_on",
        save=lambda actor, record, data: services.save_deliverable(
            actor=actor, deliverable=record, **data
        ),
    ),
)
BY_SLUG = {register.slug: register for register in REGISTERS}
BY_KIND = {register.kind: register for register in REGISTERS}


def by_slug(slug: str) -> Register:
    try:
        return BY_SLUG[slug]
    except KeyError:
        raise Http404 from None
