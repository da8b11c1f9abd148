"""Writes for programmes, interventions, logframe revisions and the results chain.

Codes, titles and labels are one line of clean text, reasons and assumptions
free text (`suivi.core.text`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation
from suivi.core import audit, changes, text
from suivi.core.actors import Actor, as_user
from suivi.programmes import hooks, policies
from suivi.programmes.models import (
    Activity,
    Intervention,
    LogframeRevision,
    PlannedAction,
    Programme,
    ResultNode,
)


def _require_manager(actor: Actor) -> None:
    if not policies.may_manage_results_framework(actor):
        raise PermissionDenied


@transaction.atomic
def create_programme(
    *,
    actor: Actor,
    code: str,
    title: str,
    title_ar: str = "",
    title_en: str = "",
    budget: Decimal | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
) -> Programme:
    """Create a programme (`title_ar`, `title_en`: its title in Arabic and
    English; pages fall back to the French `title`)."""
    _require_manager(actor)
    texts = text.clean_fields(
        {
            "code": (text.clean_line, code),
            "title": (text.clean_line, title),
            "title_ar": (text.clean_line, title_ar),
            "title_en": (text.clean_line, title_en),
        }
    )
    programme = Programme(budget=budget, start_date=start_date, end_date=end_date, **texts)
    return changes.create(programme, actor=actor, action="programmes.programme.created")


@transaction.atomic
def create_intervention(
    *,
    actor: Actor,
    programme: Programme,
    code: str,
    short_name: str,
    title: str,
    title_ar: str = "",
    title_en: str = "",
    operational_partners: Iterable[Organisation] = (),
    **fields: object,
) -> Intervention:
    """Create an intervention of `programme`; `title_ar` and `title_en` are
    its title in Arabic and English (pages fall back to the French `title`);
    `fields` are the other model fields (DGD and Navision codes, partner
    institution, zone, dates, budget, status)."""
    _require_manager(actor)
    texts = text.clean_fields(
        {
            "code": (text.clean_line, code),
            "short_name": (text.clean_line, short_name),
            "title": (text.clean_line, title),
            "title_ar": (text.clean_line, title_ar),
            "title_en": (text.clean_line, title_en),
            # The zone in French, Arabic and English (pages fall back to French).
            **{
                name: (text.clean_line, str(fields.pop(name)))
                for name in ("zone", "zone_ar", "zone_en")
                if name in fields
            },
        }
    )
    intervention = Intervention(programme=programme, **texts, **fields)
    intervention.full_clean()
    intervention.save()
    partners = list(operational_partners)
    intervention.operational_partners.set(partners)
    audit.record(
        actor=actor,
        action="programmes.intervention.created",
        target=intervention,
        changed_fields=[
            *changes.created_fields(intervention),
            *(["operational_partners"] if partners else []),
        ],
    )
    return intervention


@transaction.atomic
def update_intervention(
    *,
    actor: Actor,
    intervention: Intervention,
    short_name: str,
    title: str,
    title_ar: str = "",
    title_en: str = "",
    zone: str = "",
    zone_ar: str = "",
    zone_en: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
) -> list[str]:
    """Change what the intervention form holds besides its code (fixed once
    created: pages and files name it) and its programme: short name, title,
    zone and their Arabic and English versions, dates. Whoever may create an
    intervention may change it. Returns the names of what changed (none:
    nothing was written, nothing recorded)."""
    _require_manager(actor)
    texts = text.clean_fields(
        {
            "short_name": (text.clean_line, short_name),
            "title": (text.clean_line, title),
            "title_ar": (text.clean_line, title_ar),
            "title_en": (text.clean_line, title_en),
            "zone": (text.clean_line, zone),
            "zone_ar": (text.clean_line, zone_ar),
            "zone_en": (text.clean_line, zone_en),
        }
    )
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": [_("The end date comes after the start date.")]})
    _check_years_kept(intervention, start_date, end_date)
    before = changes.snapshot(intervention)
    for name, value in {**texts, "start_date": start_date, "end_date": end_date}.items():
        setattr(intervention, name, value)
    return changes.update(
        intervention, before, actor=actor, action="programmes.intervention.updated"
    )


def _check_years_kept(
    intervention: Intervention, start_date: date | None, end_date: date | None
) -> None:
    """New dates must still cover every year the apps above hold records of
    (values, targets): a year left outside would drop out of the progress
    table and the reports while its records stay."""
    if (start_date, end_date) == (intervention.start_date, intervention.end_date):
        return
    in_use = hooks.years_in_use(intervention)
    for field, outside in (
        ("start_date", lambda year: start_date is not None and year < start_date.year),
        ("end_date", lambda year: end_date is not None and year > end_date.year),
    ):
        left = {
            year: what for year, what in in_use.items() if outside(year)
        }
        if left:
            raise ValidationError(
                {
                    field: _(
                        "Records are held for %(years)s (%(what)s): "
                        "the dates must still cover them."
                    )
                    % {
                        "years": ", ".join(str(year) for year in sorted(left)),
                        "what": ", ".join(sorted({w for whats in left.values() for w in whats})),
                    }
                }
            )


@transaction.atomic
def open_revision(
    *,
    actor: Actor,
    intervention: Intervention,
    label: str,
    reason: str,
    decision_reference: str = "",
    effective_date: date | None = None,
) -> LogframeRevision:
    """Start a new numbered revision of the intervention's framework; every
    change to the chain or to an indicator is made within one."""
    _require_manager(actor)
    texts = text.clean_fields(
        {
            "label": (text.clean_line, label),
            "reason": (text.clean_text, reason),
            "decision_reference": (text.clean_line, decision_reference),
        }
    )
    # Lock the intervention row so two revisions cannot take the same number.
    Intervention.objects.select_for_update().get(pk=intervention.pk)
    last = intervention.revisions.aggregate(n=Max("number"))["n"] or 0
    revision = LogframeRevision(
        intervention=intervention,
        number=last + 1,
        effective_date=effective_date,
        **texts,
        created_by=as_user(actor),
    )
    return changes.create(revision, actor=actor, action="programmes.revision.created")


@transaction.atomic
def start_intervention(
    *,
    actor: Actor,
    programme: Programme | None,
    new_programme: dict[str, str] | None = None,
    code: str,
    short_name: str,
    title: str,
    title_ar: str = "",
    title_en: str = "",
    operational_partners: Iterable[Organisation] = (),
    **fields: object,
) -> Intervention:
    """Create an intervention, with its new programme when `programme` is
    None (`new_programme`: code and title), in one transaction: a refused
    intervention leaves no programme behind. Its framework then comes from
    a logframe workbook, its services from a catalogue workbook."""
    if programme is None:
        named = new_programme or {}
        programme = create_programme(
            actor=actor, code=named.get("code", ""), title=named.get("title", "")
        )
    return create_intervention(
        actor=actor,
        programme=programme,
        code=code,
        short_name=short_name,
        title=title,
        title_ar=title_ar,
        title_en=title_en,
        operational_partners=operational_partners,
        **fields,
    )


ChainModel = TypeVar("ChainModel", ResultNode, Activity)


def _titles(
    title: str, title_ar: str | None, title_en: str | None
) -> dict[str, tuple[text.Rule, str]]:
    """The rules cleaning the wording and, where given (not None), its Arabic
    and English versions, one line each; a version not given is left as it is."""
    given = {"title": title, "title_ar": title_ar, "title_en": title_en}
    return {name: (text.clean_line, value) for name, value in given.items() if value is not None}


def _put(
    model: type[ChainModel],
    *,
    actor: Actor,
    revision: LogframeRevision,
    code: str,
    values: dict[str, object],
) -> tuple[ChainModel, list[str]]:
    """Create the element `code` of the intervention, or bring it to `values`;
    return it with the names of the fields that changed (none: nothing written).
    An element withdrawn earlier comes back when it is put again."""
    _require_manager(actor)
    kind = model._meta.model_name
    code = text.clean_fields({"code": (text.clean_line, code)})["code"]
    values = {**values, "retired_in": None}
    element = model.objects.filter(intervention=revision.intervention, code=code).first()
    detail = {"revision": revision.number}
    if element is None:
        element = model(
            intervention=revision.intervention, code=code, introduced_in=revision, **values
        )
        changes.create(element, actor=actor, action=f"programmes.{kind}.created", detail=detail)
        return element, changes.created_fields(element)
    before = changes.snapshot(element)
    for name, value in values.items():
        setattr(element, name, value)
    changed = changes.update(
        element, before, actor=actor, action=f"programmes.{kind}.updated", detail=detail
    )
    return element, changed


@transaction.atomic
def put_result(
    *,
    actor: Actor,
    revision: LogframeRevision,
    code: str,
    level: str,
    title: str,
    title_ar: str | None = None,
    title_en: str | None = None,
    parent: ResultNode | None = None,
    budget_code: str = "",
    assumptions: str = "",
    assumptions_ar: str | None = None,
    assumptions_en: str | None = None,
    order: int = 0,
) -> tuple[ResultNode, list[str]]:
    """Create the result `code` of the chain or bring it to these values
    (`title_ar`, `title_en`, `assumptions_ar`, `assumptions_en`: the wording
    and the assumptions in Arabic and English; None leaves the stored one)."""
    translated = {"assumptions_ar": assumptions_ar, "assumptions_en": assumptions_en}
    values: dict[str, object] = {
        "level": level,
        "parent": parent,
        "order": order,
        **text.clean_fields(
            {
                **_titles(title, title_ar, title_en),
                "budget_code": (text.clean_line, budget_code),
                "assumptions": (text.clean_text, assumptions),
                **{
                    name: (text.clean_text, value)
                    for name, value in translated.items()
                    if value is not None
                },
            }
        ),
    }
    return _put(ResultNode, actor=actor, revision=revision, code=code, values=values)


@transaction.atomic
def put_activity(
    *,
    actor: Actor,
    revision: LogframeRevision,
    code: str,
    output: ResultNode,
    title: str,
    title_ar: str | None = None,
    title_en: str | None = None,
    budget_code: str = "",
    execution_mode: str = "",
    order: int = 0,
) -> tuple[Activity, list[str]]:
    """Create the activity `code` under `output` or bring it to these values
    (`title_ar`, `title_en` as for `put_result`)."""
    values: dict[str, object] = {
        "output": output,
        "execution_mode": execution_mode,
        "order": order,
        **text.clean_fields(
            {**_titles(title, title_ar, title_en), "budget_code": (text.clean_line, budget_code)}
        ),
    }
    return _put(Activity, actor=actor, revision=revision, code=code, values=values)


@transaction.atomic
def plan_actions(
    *,
    actor: Actor,
    activity: Activity,
    year: int,
    titles: Sequence[str | tuple[str, str | None, str | None]],
) -> bool:
    """Make `titles` the actions planned under `activity` for `year` (in this
    order); return whether anything changed. An action is its French wording,
    or (French, Arabic, English): a translation that is None (not given) is
    the one stored for the same French wording that year, else blank."""
    _require_manager(actor)
    if not activity.intervention.covers_year(year):
        raise ValidationError(
            {"year": _("The year %(year)s is outside the intervention's dates.") % {"year": year}}
        )
    current = list(
        activity.actions.filter(year=year)
        .order_by("order")
        .values_list("title", "title_ar", "title_en")
    )
    known = {title: (arabic, english) for title, arabic, english in current}
    wanted = []
    for action in titles:
        title, arabic, english = (action, None, None) if isinstance(action, str) else action
        rules = _titles(title, arabic, english)
        cleaned = text.clean_fields({"titles": rules.pop("title"), **rules})
        stored = known.get(cleaned["titles"], ("", ""))
        wanted.append(
            (
                cleaned["titles"],
                cleaned.get("title_ar", stored[0]),
                cleaned.get("title_en", stored[1]),
            )
        )
    if current == wanted:
        return False
    activity.actions.filter(year=year).delete()
    PlannedAction.objects.bulk_create(
        PlannedAction(
            activity=activity,
            year=year,
            title=title,
            title_ar=arabic,
            title_en=english,
            order=position,
        )
        for position, (title, arabic, english) in enumerate(wanted)
    )
    audit.record(
        actor=actor,
        action="programmes.actions.planned",
        target=activity,
        changed_fields=["actions"],
        detail={"year": year, "count": len(titles)},
    )
    return True


@transaction.atomic
def retire_chain_element(
    *, actor: Actor, revision: LogframeRevision, element: ResultNode | Activity
) -> None:
    """Withdraw a result or an activity from the current framework; it stays,
    with its indicators and their values, in the history."""
    _require_manager(actor)
    if element.retired_in_id is not None:
        return
    before = changes.snapshot(element)
    element.retired_in = revision
    changes.update(
        element,
        before,
        actor=actor,
        action=f"programmes.{element._meta.model_name}.retired",
        detail={"revision": revision.number},
    )
