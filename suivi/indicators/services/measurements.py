"""Entering values and the review workflow: draft → submitted → returned
(with a note) → … → approved. The steps are declared once (`REVIEW`) and
taken through `suivi.core.workflow.transition`: policy, history row, audit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from suivi.core import audit, changes, text
from suivi.core.actors import Actor, as_user
from suivi.core.workflow import Step, Workflow, transition
from suivi.indicators import cells, policies
from suivi.indicators.models import (
    Evidence,
    Indicator,
    IndicatorVersion,
    Measurement,
    MeasurementSource,
    MeasurementStatus,
    MeasurementTransition,
    MeasurementValue,
    ReportingPeriod,
    UnitType,
)
from suivi.indicators.services import plausibility
from suivi.indicators.services.definitions import dimension_specs

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class CellValue:
    cell_key: str = cells.TOTAL
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    text: str = ""


def current_version(indicator: Indicator) -> IndicatorVersion:
    """`Indicator.current_version`, refused (ValidationError) when there is
    none yet — for the services and pages that need a definition."""
    version = indicator.current_version()
    if version is None:
        raise ValidationError(_("This indicator has no definition."))
    return version


def _clean_cell(unit: str, cell: CellValue) -> CellValue:
    """Check one cell against its unit; for percentages derive the value from
    numerator and denominator when both are given."""
    label = cell.cell_key or _("total")
    value, numerator, denominator = cell.value, cell.numerator, cell.denominator
    if unit == UnitType.TEXT:
        try:
            written = text.clean_text(cell.text)
        except ValidationError as error:
            raise ValidationError(
                _("%(cell)s: %(problem)s") % {"cell": label, "problem": error.messages[0]}
            ) from error
        if not written:
            raise ValidationError(_("%(cell)s: a text is required.") % {"cell": label})
        return CellValue(cell.cell_key, text=written)
    if cell.text:
        raise ValidationError(_("%(cell)s: a number is expected, not text.") % {"cell": label})
    if unit == UnitType.PERCENTAGE:
        if (numerator is None) != (denominator is None):
            raise ValidationError(
                _("%(cell)s: give both numerator and denominator, or neither.") % {"cell": label}
            )
        if numerator is not None and denominator is not None:
            if numerator < 0 or denominator <= 0:
                raise ValidationError(
                    _("%(cell)s: the denominator must be positive and the numerator not negative.")
                    % {"cell": label}
                )
            if numerator > denominator:
                raise ValidationError(
                    _("%(cell)s: the numerator cannot exceed the denominator.") % {"cell": label}
                )
            value = (numerator / denominator * HUNDRED).quantize(Decimal("0.01"))
        if value is not None and not (0 <= value <= HUNDRED):
            raise ValidationError(
                _("%(cell)s: a percentage lies between 0 and 100.") % {"cell": label}
            )
    elif unit == UnitType.YES_NO:
        if value not in (None, Decimal(0), Decimal(1)):
            raise ValidationError(_("%(cell)s: answer yes (1) or no (0).") % {"cell": label})
    elif value is not None and value < 0:
        raise ValidationError(_("%(cell)s: the value cannot be negative.") % {"cell": label})
    if value is None:
        raise ValidationError(_("%(cell)s: a value is required.") % {"cell": label})
    return CellValue(cell.cell_key, value, numerator, denominator)


def _editable(measurement: Measurement) -> None:
    if measurement.period.is_locked:
        raise ValidationError(_("This period is locked: its values can no longer change."))
    if measurement.source == MeasurementSource.COMPUTED:
        raise ValidationError(_("This value is computed from records and cannot be typed over."))


@transaction.atomic
def save_values(
    *,
    actor: Actor,
    indicator: Indicator,
    period: ReportingPeriod,
    values: Sequence[CellValue],
    comment: str = "",
) -> tuple[Measurement, list[cells.AdditivityGap]]:
    """Write the values of `indicator` for `period` (a draft, or a value
    returned for revision). Empty cells are dropped. A value that looks
    implausible (`plausibility.warnings`: far from the target or from last
    year, parts that do not add up) is refused without a comment explaining
    it. Returns the measurement and the disaggregation gaps."""
    if not policies.may_enter_values(actor, indicator, period.year):
        raise PermissionDenied
    comment = text.clean_fields({"comment": (text.clean_text, comment)})["comment"]
    if period.intervention_id != indicator.intervention_id:
        raise ValidationError(_("This period belongs to another intervention."))
    if period.is_locked:
        raise ValidationError(_("This period is locked: its values can no longer change."))
    version = current_version(indicator)
    specs = dimension_specs(list(version.dimensions.all()))
    allowed = set(cells.all_cells(specs))
    cleaned: list[CellValue] = []
    for cell in values:
        if cell.value is None and cell.numerator is None and not cell.text and cell.cell_key:
            continue  # an empty disaggregation cell: not reported
        if cell.cell_key not in allowed:
            raise ValidationError(
                _("The cell %(cell)s does not exist for this indicator.") % {"cell": cell.cell_key}
            )
        cleaned.append(_clean_cell(version.unit, cell))
    if not any(c.cell_key == cells.TOTAL for c in cleaned):
        raise ValidationError(_("The total is required."))

    if version.unit == UnitType.PERCENTAGE:
        # Rates do not add up; their numerators and denominators do.
        gaps = cells.additivity_gaps({c.cell_key: c.numerator for c in cleaned}, specs)
        gaps += cells.additivity_gaps({c.cell_key: c.denominator for c in cleaned}, specs)
    elif version.unit == UnitType.COUNT:
        gaps = cells.additivity_gaps({c.cell_key: c.value for c in cleaned}, specs)
    else:
        gaps = []
    total = next((c.value for c in cleaned if c.cell_key == cells.TOTAL), None)
    warned = plausibility.warnings(
        unit=version.unit,
        total=total,
        target=plausibility.year_target(version, period.year),
        last_year=plausibility.last_year_total(indicator, period.year)
        if not period.quarter
        else None,
        gaps=gaps,
    )
    if warned and not comment:
        # A warning is never a way to store a value silently.
        raise ValidationError(
            [
                *warned,
                _(
                    "Explain these figures in the comment: a value that looks implausible is "
                    "saved only with an explanation."
                ),
            ]
        )

    measurement, created = Measurement.objects.select_for_update().get_or_create(
        indicator=indicator,
        period=period,
        defaults={
            "created_by": as_user(actor),
            "organisation": actor.primary_organisation if actor else None,
        },
    )
    _editable(measurement)
    if not measurement.is_editable:
        raise ValidationError(
            _("This value is %(status)s: it can only change once returned for revision.")
            % {"status": measurement.get_status_display()}
        )
    measurement.comment = comment
    measurement.save(update_fields=["comment", "updated_at"])
    measurement.values.all().delete()
    MeasurementValue.objects.bulk_create(
        MeasurementValue(
            measurement=measurement,
            cell_key=c.cell_key,
            value=c.value,
            numerator=c.numerator,
            denominator=c.denominator,
            text=c.text,
        )
        for c in cleaned
    )
    audit.record(
        actor=actor,
        action="indicators.measurement.saved",
        target=measurement,
        changed_fields=sorted({c.cell_key or "total" for c in cleaned} | {"comment"}),
        detail={"created": created, "warnings": len(warned)},
    )
    return measurement, gaps


def _has_values(measurement: Measurement) -> None:
    if not measurement.values.exists():
        raise ValidationError(_("Enter the values before submitting."))


def _may_enter(actor: Actor, measurement: Measurement) -> bool:
    return policies.may_enter_values(actor, measurement.indicator, measurement.period.year)


# The review workflow: a draft or a returned value is submitted; a reviewer
# (never its submitter: `policies.may_review`) returns it with a note saying
# what to correct, or approves it. A locked period or a computed value
# refuses every step (`_editable`).
REVIEW: Workflow[Measurement] = Workflow(
    model=Measurement,
    states=MeasurementStatus,
    history=MeasurementTransition,
    guard=_editable,
    select_related=("period", "indicator"),
    steps=[
        Step(
            "submit",
            sources={MeasurementStatus.DRAFT, MeasurementStatus.RETURNED},
            target=MeasurementStatus.SUBMITTED,
            allowed=_may_enter,
            action="indicators.measurement.submitted",
            refused=gettext_lazy("Only a draft or a returned value can be submitted."),
            check=_has_values,
        ),
        Step(
            "return",
            sources={MeasurementStatus.SUBMITTED},
            target=MeasurementStatus.RETURNED,
            allowed=policies.may_review,
            action="indicators.measurement.returned",
            refused=gettext_lazy("Only a submitted value can be returned."),
            requires_note=True,
            missing_note=gettext_lazy("Say what needs to be corrected."),
        ),
        Step(
            "approve",
            sources={MeasurementStatus.SUBMITTED},
            target=MeasurementStatus.APPROVED,
            allowed=policies.may_review,
            action="indicators.measurement.approved",
            refused=gettext_lazy("Only a submitted value can be approved."),
        ),
    ],
)


def _locked_for_update(measurement: Measurement) -> Measurement:
    locked = Measurement.objects.select_for_update().select_related("period").get(pk=measurement.pk)
    _editable(locked)
    return locked


def submit(*, actor: Actor, measurement: Measurement) -> Measurement:
    """Send a draft (or a corrected value) for review."""
    return transition(REVIEW, measurement, "submit", actor=actor)


def return_for_revision(*, actor: Actor, measurement: Measurement, note: str) -> Measurement:
    """Send a submitted value back to its author, saying what to correct."""
    return transition(REVIEW, measurement, "return", actor=actor, note=note)


def approve(*, actor: Actor, measurement: Measurement, note: str = "") -> Measurement:
    """Accept a submitted value; it then counts in tables and reports."""
    return transition(REVIEW, measurement, "approve", actor=actor, note=note)


# Declared type → what the file's first bytes must be. The browser's declared
# type alone proves nothing; the content must agree with it.
ZIP = b"PK\x03\x04"
ALLOWED_EVIDENCE_TYPES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (ZIP,),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (ZIP,),
    "text/csv": (),  # text: checked below
}


def _content_matches(upload: UploadedFile, content_type: str) -> bool:
    head = upload.read(2048)
    upload.seek(0)
    signatures = ALLOWED_EVIDENCE_TYPES[content_type]
    if signatures:
        return head.startswith(signatures)
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3
    return True


MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


@transaction.atomic
def add_evidence(*, actor: Actor, measurement: Measurement, upload: UploadedFile) -> Evidence:
    """Attach a supporting file to a value while it is a draft, returned or
    submitted (the reviewer may ask for it); not once approved, nor in a
    locked period."""
    measurement = _locked_for_update(measurement)
    if not policies.may_enter_values(actor, measurement.indicator, measurement.period.year):
        raise PermissionDenied
    if measurement.status == MeasurementStatus.APPROVED:
        raise ValidationError(_("These values are approved: no file can be attached any more."))
    content_type = upload.content_type or ""
    if content_type not in ALLOWED_EVIDENCE_TYPES or not _content_matches(upload, content_type):
        raise ValidationError(_("Accepted files: PDF, JPEG, PNG, Word, Excel, CSV."))
    if upload.size is None or upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."))
    evidence = Evidence(
        measurement=measurement,
        original_name=(upload.name or "file")[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=as_user(actor),
    )
    evidence.file.save(str(evidence.id), upload, save=False)
    return changes.create(evidence, actor=actor, action="indicators.evidence.added")
