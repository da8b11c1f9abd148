"""Writes of trainings and their participants, companies sensitised and
deliverables. Each write refreshes the indicators computed from them, in the
same transaction (`definitions.refresh`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation
from suivi.capacity.models import CompanyOutreach, Deliverable, Participant, Training
from suivi.capacity.services.common import (
    LINE,
    TEXT,
    clean,
    require,
    require_manager,
    same_intervention,
    save,
)
from suivi.capacity.services.definitions import refresh
from suivi.core import audit, changes
from suivi.core.actors import Actor
from suivi.indicators.services.measurements import ALLOWED_EVIDENCE_TYPES, MAX_EVIDENCE_BYTES
from suivi.programmes.models import Activity, Intervention


@transaction.atomic
def save_training(
    *,
    actor: Actor,
    training: Training | None = None,
    intervention: Intervention,
    topic: str,
    audience: str,
    starts_on: date,
    ends_on: date,
    activity: Activity | None = None,
    trainer: str = "",
    place: str = "",
    remote: bool = False,
    max_score: Decimal | None = None,
    notes: str = "",
    recompute: bool = True,
) -> Training:
    require_manager(actor)
    texts = clean(
        {
            "topic": (LINE, topic),
            "trainer": (LINE, trainer),
            "place": (LINE, place),
            "notes": (TEXT, notes),
        }
    )
    require({"topic": texts["topic"]})
    same_intervention(intervention, activity=activity)
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})
    if training is not None and max_score is not None:
        highest = max(
            (
                s
                for p in training.participants.all()
                for s in (p.pre_score, p.post_score)
                if s is not None
            ),
            default=None,
        )
        if highest is not None and highest > max_score:
            raise ValidationError(
                {"max_score": _("A participant already has a score above this maximum.")}
            )
    if (
        training is not None
        and max_score is None
        and any(
            p.pre_score is not None or p.post_score is not None for p in training.participants.all()
        )
    ):
        raise ValidationError({"max_score": _("Participants have test scores: give the maximum.")})
    values = {
        "intervention": intervention,
        "activity": activity,
        "audience": audience,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "remote": remote,
        "max_score": max_score,
        **texts,
    }
    saved = save(
        training or Training(),
        values,
        actor=actor,
        prefix="capacity.training",
        created=training is None,
    )
    if recompute:
        refresh(actor=actor, intervention=intervention)
    return saved


def _check_scores(training: Training, pre: Decimal | None, post: Decimal | None) -> None:
    errors: dict[str, list[str]] = {}
    for name, score in (("pre_score", pre), ("post_score", post)):
        if score is None:
            continue
        if training.max_score is None:
            errors[name] = [_("Give the training's maximum test score first.")]
        elif not Decimal(0) <= score <= training.max_score:
            errors[name] = [
                _("A score is between 0 and the maximum, %(max)s.")
                % {"max": training.max_score.normalize()}
            ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_participant(
    *,
    actor: Actor,
    participant: Participant | None = None,
    training: Training,
    sex: str = "",
    organisation: Organisation | None = None,
    institution: str = "",
    state_institution: bool = False,
    function: str = "",
    pre_score: Decimal | None = None,
    post_score: Decimal | None = None,
    satisfaction: str = "",
    recompute: bool = True,
) -> Participant:
    """One line of a training's attendance list: the institution (an
    organisation of Suivi or another by name), function, sex, the test
    scores and the satisfaction answer. No name is kept."""
    require_manager(actor)
    texts = clean({"institution": (LINE, institution), "function": (LINE, function)})
    if (organisation is None) == (not texts["institution"]):
        raise ValidationError(
            {"institution": _("Choose an organisation or name the institution, not both.")}
        )
    _check_scores(training, pre_score, post_score)
    values = {
        "training": training,
        "organisation": organisation,
        "state_institution": state_institution,
        "sex": sex,
        "pre_score": pre_score,
        "post_score": post_score,
        "satisfaction": satisfaction,
        **texts,
    }
    saved = save(
        participant or Participant(),
        values,
        actor=actor,
        prefix="capacity.participant",
        created=participant is None,
    )
    if recompute:
        refresh(actor=actor, intervention=training.intervention)
    return saved


@transaction.atomic
def remove_participant(*, actor: Actor, participant: Participant) -> None:
    require_manager(actor)
    training = participant.training
    audit.record(actor=actor, action="capacity.participant.removed", target=training)
    participant.delete()
    refresh(actor=actor, intervention=training.intervention)


@transaction.atomic
def save_outreach(
    *,
    actor: Actor,
    outreach: CompanyOutreach | None = None,
    intervention: Intervention,
    company: str,
    sensitised_by: Organisation,
    code: str = "",
    sensitised_on: date,
    activity: Activity | None = None,
    sector: str = "",
    city: str = "",
    requests: int = 0,
    first_request_on: date | None = None,
    recruited: int | None = None,
    first_recruited_on: date | None = None,
    notes: str = "",
    recompute: bool = True,
) -> CompanyOutreach:
    """A company sensitised by ANAPEC or an NGO, its code (which placements
    name as their employer), its contrat aidé requests and the migrants it
    recruited as typed (blank: not known; placements naming the code take
    precedence in the indicators)."""
    require_manager(actor)
    texts = clean(
        {
            "company": (LINE, company),
            "code": (LINE, code),
            "sector": (LINE, sector),
            "city": (LINE, city),
            "notes": (TEXT, notes),
        }
    )
    require({"company": texts["company"]})
    same_intervention(intervention, activity=activity)
    errors: dict[str, list[str]] = {}
    if requests and first_request_on is None:
        errors["first_request_on"] = [_("Give the date of the first request.")]
    if not requests and first_request_on is not None:
        errors["requests"] = [_("A first request date needs at least one request.")]
    if first_request_on and sensitised_on and first_request_on < sensitised_on:
        errors["first_request_on"] = [_("The first request cannot be before the sensitisation.")]
    if recruited and first_recruited_on is None:
        errors["first_recruited_on"] = [_("Give the date of the first recruitment.")]
    if not recruited and first_recruited_on is not None:
        errors["recruited"] = [_("A first recruitment date needs at least one migrant recruited.")]
    if first_recruited_on and sensitised_on and first_recruited_on < sensitised_on:
        errors["first_recruited_on"] = [
            _("The first recruitment cannot be before the sensitisation.")
        ]
    if texts["code"]:
        taken = CompanyOutreach.objects.filter(
            intervention=intervention, code__iexact=texts["code"]
        )
        if outreach is not None:
            taken = taken.exclude(pk=outreach.pk)
        if taken.exists():
            errors["code"] = [_("Another company of this intervention already has this code.")]
    if errors:
        raise ValidationError(errors)
    values = {
        "intervention": intervention,
        "activity": activity,
        "sensitised_by": sensitised_by,
        "sensitised_on": sensitised_on,
        "requests": requests,
        "first_request_on": first_request_on,
        "recruited": recruited,
        "first_recruited_on": first_recruited_on,
        **texts,
    }
    saved = save(
        outreach or CompanyOutreach(),
        values,
        actor=actor,
        prefix="capacity.outreach",
        created=outreach is None,
    )
    if recompute:
        refresh(actor=actor, intervention=intervention)
    return saved


@transaction.atomic
def save_deliverable(
    *,
    actor: Actor,
    deliverable: Deliverable | None = None,
    intervention: Intervention,
    title: str,
    kind: str,
    language: str,
    produced_on: date,
    for_migrants: bool = False,
    validated_on: date | None = None,
    activity: Activity | None = None,
    notes: str = "",
    recompute: bool = True,
) -> Deliverable:
    require_manager(actor)
    texts = clean({"title": (LINE, title), "notes": (TEXT, notes)})
    require({"title": texts["title"]})
    same_intervention(intervention, activity=activity)
    if validated_on and produced_on and validated_on < produced_on:
        raise ValidationError(
            {"validated_on": _("A deliverable cannot be validated before its date.")}
        )
    values = {
        "intervention": intervention,
        "activity": activity,
        "kind": kind,
        "language": language,
        "produced_on": produced_on,
        "for_migrants": for_migrants,
        "validated_on": validated_on,
        **texts,
    }
    saved = save(
        deliverable or Deliverable(),
        values,
        actor=actor,
        prefix="capacity.deliverable",
        created=deliverable is None,
    )
    if recompute:
        refresh(actor=actor, intervention=intervention)
    return saved


@transaction.atomic
def attach_file(*, actor: Actor, deliverable: Deliverable, upload: UploadedFile) -> Deliverable:
    """The deliverable itself (PDF, Word, Excel or image, checked by content,
    20 MB at most), kept in the private storage; a new file replaces the
    previous one."""
    require_manager(actor)
    content_type = upload.content_type or ""
    head = upload.read(8)
    upload.seek(0)
    signatures = ALLOWED_EVIDENCE_TYPES.get(content_type, ())
    if not signatures or not head.startswith(signatures):
        raise ValidationError({"file": _("Accepted files: PDF, Word, Excel, PNG, JPEG.")})
    if upload.size is None or upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"file": _("The file is larger than 20 MB.")})
    before = changes.snapshot(deliverable)
    deliverable.file.save(str(deliverable.id), upload, save=False)
    deliverable.file_name = (upload.name or "document")[:255]
    deliverable.file_type = content_type
    changes.update(deliverable, before, actor=actor, action="capacity.deliverable.file_attached")
    return deliverable
