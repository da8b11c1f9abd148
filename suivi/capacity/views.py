"""The capacity pages: an overview, for each register the same list, detail,
form and export; a training's attendance list; a deliverable's file; the
trainings of a year; the indicator definitions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from suivi.capacity import policies, selectors
from suivi.capacity.forms import DefinitionForm, FileForm, ParticipantForm, scoped
from suivi.capacity.registers import BY_KIND, CATALOGUE
from suivi.capacity.services import definitions, registers
from suivi.core.actions import perform
from suivi.core.forms_errors import add_service_errors
from suivi.core.http import AuthenticatedHttpRequest, or_404
from suivi.core.register_views import RegisterSite, partial, submit
from suivi.core.registers import Register


def _year(request: AuthenticatedHttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year - 1
    return year if 2000 <= year <= 2100 else timezone.localdate().year - 1


def _detail_context(
    request: AuthenticatedHttpRequest, register: Register, item: Any, may_manage: bool
) -> dict[str, Any]:
    """A training's attendance list, a deliverable's file form, the
    migrants a sensitised company recruited, and the history of the record
    and its participants."""
    participants = list(item.participants.all()) if register.kind == "training" else []
    recruitment = selectors.recruitment(request.user, item) if register.kind == "outreach" else None
    return {
        "participants": participants,
        "participant_form": ParticipantForm(user=request.user)
        if may_manage and register.kind == "training"
        else None,
        "file_form": FileForm() if may_manage and register.kind == "deliverable" else None,
        "history": selectors.history(request.user, [item, *participants]),
        "recruitment": recruitment,
        "placed_hidden": recruitment is not None
        and selectors.placed_count_hidden(request.user, recruitment),
    }


SITE = RegisterSite(
    namespace="capacity",
    catalogue=CATALOGUE,
    selectors=selectors,
    may_view=policies.may_view_capacity,
    may_manage=policies.may_manage_capacity,
    scoped=scoped,
    export_prefix="renforcement",
    detail_context=_detail_context,
    section=gettext_lazy("Capacity building"),
    list_links=lambda register: (
        [(gettext_lazy("Trainings of the year"), reverse("capacity:trainings_year"))]
        if register.kind == "training"
        else []
    ),
)
_require_view = SITE.require_view
_require_manage = SITE.require_manage
_detail_url = SITE.detail_url


@require_POST
def participant_add(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """Add a line to a training's attendance list; through HTMX the list and
    the form come back in place (with the form's errors, if any)."""
    _require_manage(request)
    training = or_404(selectors.record(request.user, "training", pk))
    form = ParticipantForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            registers.save_participant(actor=request.user, training=training, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The participant has been recorded."))
            if not request.htmx:
                return redirect(_detail_url(BY_KIND["training"], training.pk))
            training = or_404(selectors.record(request.user, "training", pk))
            form = ParticipantForm(user=request.user)
    if not request.htmx:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(_detail_url(BY_KIND["training"], training.pk))
    return render(
        request,
        "capacity/detail.html#participants",
        {
            "register": BY_KIND["training"],
            "item": training,
            "participants": list(training.participants.all()),
            "participant_form": form,
            "may_manage": True,
        },
    )


@require_POST
def participant_remove(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    _require_manage(request)
    participant = or_404(selectors.participant_for(request.user, pk))
    training_pk = participant.training_id
    perform(
        request,
        lambda: registers.remove_participant(actor=request.user, participant=participant),
        _("The participant has been removed."),
    )
    return redirect(_detail_url(BY_KIND["training"], training_pk))


@require_POST
def file_upload(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    _require_manage(request)
    deliverable = or_404(selectors.record(request.user, "deliverable", pk))
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        perform(
            request,
            lambda: registers.attach_file(
                actor=request.user, deliverable=deliverable, upload=form.cleaned_data["file"]
            ),
            _("The file has been attached."),
        )
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect(_detail_url(BY_KIND["deliverable"], deliverable.pk))


@require_GET
def file(request: AuthenticatedHttpRequest, pk: str) -> FileResponse:
    deliverable = or_404(selectors.file_for(request.user, pk))
    try:
        handle = deliverable.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(
        handle,
        as_attachment=True,
        filename=deliverable.file_name,
        content_type=deliverable.file_type,
    )


@require_GET
def trainings_year(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The report's table of the trainings delivered in a year, computed
    from the records."""
    _require_view(request)
    year = _year(request)
    rows = selectors.trainings_table(request.user, None, year)
    return render(
        request,
        "capacity/trainings_year.html",
        {
            "year": year,
            "rows": rows,
            "total": sum(row["participants"] for row in rows),
            "women": sum(row["women"] for row in rows),
        },
    )


@require_GET
def definition_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_view(request)
    year = _year(request)
    return render(
        request,
        "capacity/definitions.html",
        {
            "year": year,
            "rows": selectors.definitions_overview(request.user, None, year),
            "may_define": policies.may_define_indicators(request.user),
        },
    )


@require_POST
def refresh(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Recompute every capacity indicator now — after attendance was recorded
    in the steering meetings, which do not tell this app."""
    if not policies.may_define_indicators(request.user):
        raise Http404
    perform(
        request,
        lambda: definitions.refresh_all(actor=request.user),
        _("The indicators have been recomputed."),
    )
    return redirect(reverse("capacity:definitions"))


@require_http_methods(["GET", "POST"])
def definition_edit(request: AuthenticatedHttpRequest, pk: str | None = None) -> HttpResponse:
    """State or change how an indicator is computed from the registers; saving
    recomputes its values."""
    if not policies.may_define_indicators(request.user):
        raise Http404
    definition = or_404(selectors.definition_for(request.user, pk)) if pk else None
    form = DefinitionForm(request.POST or None, user=request.user, definition=definition)

    def save(data: dict[str, Any]) -> object:
        return definitions.define(
            actor=request.user,
            indicator=definition.indicator if definition else data["indicator"],
            measure=data["measure"],
            scope=data["scope"],
            migrants_only=data["migrants_only"],
            cumulative=data["cumulative"],
            threshold=data["threshold"],
            note=data["note"],
            from_year=data["from_year"],
            reason=data["reason"],
        )

    answer = submit(
        request,
        form,
        save=save,
        success_url=reverse("capacity:definitions"),
        success_message=_("Saved; the indicator's values have been recomputed."),
        rename={"computed_reason": "reason", "computed_from_year": "from_year"},
    )
    if answer is not None:
        return answer
    return render(
        request,
        partial(request, "capacity/definition_form.html", "definition-form"),
        {"definition": definition, "form": form},
    )
