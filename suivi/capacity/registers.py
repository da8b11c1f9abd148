"""The three capacity registers as the pages see them: URL segment, titles,
form fields, list and export columns, filters and the service that saves a
record. One description each, so every register gets the same list (filters,
pagination, counts), detail, HTMX form, xlsx export and history."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from suivi.capacity.models import SATISFIED
from suivi.capacity.services import registers as services
from suivi.core.registers import Catalogue, CellContext, Column, Register, attr, display
from suivi.core.tabular import append_row


def _participants(training: Any) -> list[Any]:
    return list(training.participants.all())


def _tested(training: Any, context: CellContext) -> int:
    return sum(1 for p in _participants(training) if p.tested)


def _satisfied(training: Any, context: CellContext) -> str:
    answered = [p for p in _participants(training) if p.satisfaction]
    if not answered:
        return ""
    return f"{sum(1 for p in answered if p.satisfaction in SATISFIED)}/{len(answered)}"


def _participants_sheet(book: Any, trainings: list[Any]) -> None:
    """The export's second sheet: the participants of the trainings."""
    lines = book.create_sheet(str(_("Participants"))[:31])
    headers = (
        _("Training"),
        _("Last day"),
        _("Institution"),
        _("State institution"),
        _("Function"),
        _("Sex"),
        _("Pre-test score"),
        _("Post-test score"),
        _("Maximum test score"),
        _("Satisfaction"),
    )
    append_row(lines, [str(header) for header in headers])
    for training in trainings:
        for p in training.participants.all():
            append_row(
                lines,
                [
                    training.topic,
                    training.ends_on,
                    p.institution_name,
                    p.state_institution,
                    p.function,
                    p.get_sex_display(),
                    p.pre_score,
                    p.post_score,
                    training.max_score,
                    p.get_satisfaction_display(),
                ],
            )


INTERVENTION = Column(_("Intervention"), attr("intervention.short_name"))
ACTIVITY = Column(_("Activity"), lambda r, c: r.activity.code if r.activity else "")

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
            Column(_("Topic"), attr("topic")),
            INTERVENTION,
            ACTIVITY,
            Column(_("Audience"), display("audience")),
            Column(_("First day"), attr("starts_on")),
            Column(_("Last day"), attr("ends_on")),
            Column(_("Trainer"), attr("trainer")),
            Column(_("Participants"), lambda r, c: len(_participants(r))),
            Column(_("Women"), lambda r, c: sum(1 for p in _participants(r) if p.sex == "women")),
            Column(_("Tested before and after"), _tested),
            Column(_("Satisfied / answered"), _satisfied),
        ),
        filters=("audience", "activity"),
        year_field="ends_on",
        more_sheets=_participants_sheet,
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
            Column(_("Company"), attr("company")),
            Column(_("Code"), attr("code")),
            INTERVENTION,
            Column(_("Sensitised by"), attr("sensitised_by.short_name")),
            Column(_("Sensitised on"), attr("sensitised_on")),
            Column(_("Contrat aidé requests"), attr("requests")),
            Column(_("First request on"), attr("first_request_on")),
            Column(_("Migrants recruited"), attr("recruited")),
            Column(_("First recruitment on"), attr("first_recruited_on")),
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
            Column(_("Title"), attr("title")),
            INTERVENTION,
            ACTIVITY,
            Column(_("Type"), display("kind")),
            Column(_("Meant for migrants"), attr("for_migrants")),
            Column(_("Language"), display("language")),
            Column(_("Date"), attr("produced_on")),
            Column(_("Validated on"), attr("validated_on")),
            Column(_("File"), attr("file_name")),
        ),
        filters=("kind", "for_migrants", "language"),
        year_field="produced_on",
        save=lambda actor, record, data: services.save_deliverable(
            actor=actor, deliverable=record, **data
        ),
    ),
)
CATALOGUE = Catalogue(REGISTERS)
BY_SLUG = CATALOGUE.slugs
BY_KIND = CATALOGUE.kinds
