"""The steering pages: one overview, and for each register the same list,
detail, form and export; the risk matrix; actions and their status steps;
attendance and minutes; the graded sub-questions of a quality criterion."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from suivi.core.actions import perform
from suivi.core.http import AuthenticatedHttpRequest, or_404
from suivi.core.register_views import RegisterSite, submit
from suivi.core.registers import CellContext, Register
from suivi.governance import hooks, policies, selectors
from suivi.governance.forms import (
    ActionForm,
    GradesForm,
    MinutesForm,
    ParticipationForm,
    StepForm,
    scoped,
)
from suivi.governance.models import DecisionAction, RiskAction, RiskLevel
from suivi.governance.registers import BY_KIND, CATALOGUE
from suivi.governance.services import follow_up, meetings, records, risks
from suivi.governance.services.follow_up import STEP_NAMES


def _detail_context(
    request: AuthenticatedHttpRequest, register: Register, item: Any, may_manage: bool
) -> dict[str, Any]:
    """A risk's or decision's actions (with the status steps the user may
    take), a meeting's attendance and minutes, what a decision approved, and
    the history of the record and its child rows."""
    today = timezone.localdate()
    children = list(item.actions.all()) if register.kind in ("risk", "decision") else []
    related = list(item.participations.all()) if register.kind == "meeting" else []
    approvals = _approvals(request, item) if register.kind == "decision" else []
    actions = [
        {
            "item": action,
            "shown": action.shown_status(today),
            "label": action.shown_status_label(today),
            "steps": follow_up.workflow_of(action).available(request.user, action)
            if may_manage
            else [],
        }
        for action in children
    ]
    return {
        "actions": actions,
        "action_form": ActionForm()
        if may_manage and register.kind in ("risk", "decision")
        else None,
        "participation_form": ParticipationForm(user=request.user)
        if may_manage and register.kind == "meeting"
        else None,
        "minutes_form": MinutesForm() if may_manage and register.kind == "meeting" else None,
        "history": selectors.history(request.user, [item, *children, *related]),
        "levels": RiskLevel,
        "approvals": approvals,
    }


SITE = RegisterSite(
    namespace="governance",
    catalogue=CATALOGUE,
    selectors=selectors,
    may_view=policies.may_view_steering,
    may_manage=policies.may_manage_steering,
    scoped=scoped,
    export_prefix="pilotage",
    detail_context=_detail_context,
    section=gettext_lazy("Steering"),
    list_links=lambda register: (
        [(gettext_lazy("Risk matrix"), reverse("governance:risk_matrix"))]
        if register.kind == "risk"
        else []
    ),
)
_require_manage = SITE.require_manage
_detail_url = SITE.detail_url


def _approvals(request: AuthenticatedHttpRequest, decision: Any) -> list[dict[str, str]]:
    """What a decision approved: the modifications of the DTF pointing to it
    (with the logframe revision each produced), then what the apps above
    governance hold (finance: budget versions) through `decision_approvals`."""
    links = []
    for modification in selectors.records(request.user, "modification", {"decision": decision}):
        links.append(
            {
                "text": _("Modification of the DTF: %(text)s")
                % {"text": Truncator(modification.description).chars(100)},
                "url": _detail_url(BY_KIND["modification"], modification.pk),
            }
        )
        if modification.revision:
            links.append(
                {
                    "text": _("Logframe: %(revision)s") % {"revision": modification.revision},
                    "url": reverse("programmes:logframe", args=[modification.intervention.code]),
                }
            )
    return links + hooks.decision_approvals(request.user, [decision.pk]).get(decision.pk, [])


@require_POST
def action_add(request: AuthenticatedHttpRequest, kind: str, pk: str) -> HttpResponse:
    _require_manage(request)
    register = CATALOGUE.by_slug(kind)
    if register.kind not in ("risk", "decision"):
        raise Http404
    parent = or_404(selectors.record(request.user, register.kind, pk))
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the action."))
        return redirect(_detail_url(register, parent.pk))
    perform(
        request,
        lambda: _save_action(request, register.kind, parent, form.cleaned_data),
        _("The action has been added."),
    )
    return redirect(_detail_url(register, parent.pk))


@require_POST
def action_step(request: AuthenticatedHttpRequest, kind: str, pk: str, step: str) -> HttpResponse:
    _require_manage(request)
    register = CATALOGUE.by_slug(kind)
    if register.kind not in ("risk", "decision") or step not in STEP_NAMES:
        raise Http404
    item = or_404(selectors.action_for(request.user, register.kind, pk))
    parent_pk = _parent_pk(item)
    form = StepForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    perform(
        request,
        lambda: follow_up.take_step(actor=request.user, item=item, step=step, note=note),
        _("The status has been changed."),
    )
    return redirect(_detail_url(register, parent_pk))


@require_http_methods(["GET", "POST"])
def action_edit(request: AuthenticatedHttpRequest, kind: str, pk: str) -> HttpResponse:
    """Change an action's text, responsible (owner), deadline or progress."""
    _require_manage(request)
    register = CATALOGUE.by_slug(kind)
    if register.kind not in ("risk", "decision"):
        raise Http404
    item = or_404(selectors.action_for(request.user, register.kind, pk))
    carrier = item.responsible if isinstance(item, RiskAction) else getattr(item, "owner", "")
    form = ActionForm(
        request.POST or None,
        initial={
            "action": item.action,
            "responsible": carrier,
            "deadline": item.deadline,
            "progress": item.progress,
        },
    )

    def save(data: dict[str, Any]) -> object:
        if isinstance(item, RiskAction):
            return _save_action(request, "risk", item.risk, data, item)
        if isinstance(item, DecisionAction):
            return _save_action(request, "decision", item.decision, data, item)
        raise Http404

    answer = submit(
        request,
        form,
        save=save,
        success_url=_detail_url(register, _parent_pk(item)),
        success_message=_("Saved."),
        rename={"owner": "responsible"},
    )
    if answer is not None:
        return answer
    return render(
        request,
        "governance/action_form.html",
        {"register": register, "item": item, "form": form, "parent_pk": _parent_pk(item)},
    )


def _save_action(
    request: AuthenticatedHttpRequest,
    kind: str,
    parent: Any,
    data: dict[str, Any],
    item: Any = None,
) -> object:
    """Add (no item) or change an action of a risk or a decision; a risk's
    action has a responsible, a decision's an owner (the form's
    "responsible" either way)."""
    common = {"action": data["action"], "deadline": data["deadline"], "progress": data["progress"]}
    if kind == "risk":
        return risks.save_risk_action(
            actor=request.user, item=item, risk=parent, responsible=data["responsible"], **common
        )
    return meetings.save_decision_action(
        actor=request.user, item=item, decision=parent, owner=data["responsible"], **common
    )


def _parent_pk(item: object) -> object:
    if isinstance(item, RiskAction):
        return item.risk_id
    if isinstance(item, DecisionAction):
        return item.decision_id
    raise Http404


@require_POST
def participation_add(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    _require_manage(request)
    meeting = or_404(selectors.record(request.user, "meeting", pk))
    form = ParticipationForm(request.POST, user=request.user)
    if form.is_valid():
        perform(
            request,
            lambda: meetings.add_participation(
                actor=request.user, meeting=meeting, **form.cleaned_data
            ),
            _("The attendance has been recorded."),
        )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(_detail_url(BY_KIND["meeting"], meeting.pk))


@require_POST
def minutes_upload(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    _require_manage(request)
    meeting = or_404(selectors.record(request.user, "meeting", pk))
    form = MinutesForm(request.POST, request.FILES)
    if form.is_valid():
        perform(
            request,
            lambda: meetings.attach_minutes(
                actor=request.user, meeting=meeting, upload=form.cleaned_data["minutes"]
            ),
            _("The minutes have been attached."),
        )
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect(_detail_url(BY_KIND["meeting"], meeting.pk))


@require_GET
def minutes(request: AuthenticatedHttpRequest, pk: str) -> FileResponse:
    meeting = or_404(selectors.minutes_for(request.user, pk))
    try:
        handle = meeting.minutes.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(
        handle,
        as_attachment=True,
        filename=meeting.minutes_name,
        content_type=meeting.minutes_type,
    )


@require_http_methods(["GET", "POST"])
def grades(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """The sub-questions of a quality criterion and their grades."""
    _require_manage(request)
    assessment = or_404(selectors.record(request.user, "quality", pk))
    form = GradesForm(request.POST or None, answers=list(assessment.answers.all()))
    answer = submit(
        request,
        form,
        save=lambda data: records.grade_questions(
            actor=request.user, assessment=assessment, answers=form.answers()
        ),
        success_url=_detail_url(BY_KIND["quality"], assessment.pk),
        success_message=_("Saved."),
    )
    if answer is not None:
        return answer
    return render(request, "governance/grades.html", {"item": assessment, "form": form})


@require_GET
def risk_matrix(request: AuthenticatedHttpRequest) -> HttpResponse:
    SITE.require_view(request)
    register = BY_KIND["risk"]
    form = SITE.filter_form(request, register)
    lookups = form.lookups(CellContext(today=timezone.localdate())) if form.is_bound else {}
    lookups.pop("late", None)
    lookups.pop("closed", None)
    totals = selectors.totals(request.user, lookups)
    return render(
        request,
        "governance/matrix.html",
        {
            "form": form,
            "rows": selectors.risk_matrix(request.user, lookups),
            "totals": [(level, totals.get(level.value, 0)) for level in RiskLevel],
            "levels": list(RiskLevel),
            "register": register,
        },
    )
