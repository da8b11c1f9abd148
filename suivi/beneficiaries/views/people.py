"""Partner pages: persons, field registration, services, consents, referrals."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from suivi.accounts.models import Organisation
from suivi.beneficiaries import policies, selectors
from suivi.beneficiaries.forms.person import (
    ReferralForm,
    RegistrationForm,
    ScholarshipForm,
    ServiceForm,
    ShareForm,
)
from suivi.beneficiaries.models import Person
from suivi.beneficiaries.selectors.duplicates import match_record
from suivi.beneficiaries.services import events, persons, referrals, scholarships
from suivi.core.actions import perform
from suivi.core.forms_errors import add_service_errors
from suivi.core.http import AuthenticatedHttpRequest, or_404

UNALLOCATED_PHONE = gettext_lazy(
    "The phone number is outside the ranges allocated in its country: it was kept; "
    "check it with the person."
)


def _organisation(request: AuthenticatedHttpRequest) -> Organisation:
    """The partner organisation the user acts for (their first membership)."""
    organisation = request.user.primary_organisation
    if organisation is None:
        raise Http404
    return organisation


@require_http_methods(["GET", "POST"])
def register(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Mobile-first registration; the hidden token makes a double submission
    (double tap, retry on a bad connection) create one record."""
    organisation = _organisation(request)
    if not policies.may_register_for(request.user, organisation):
        raise Http404
    form = RegistrationForm(request.POST or None, initial={"token": uuid.uuid4().hex})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person, created = persons.register_person(
                actor=request.user,
                organisation=organisation,
                data=persons.PersonData(
                    given_name=data["given_name"],
                    family_name=data["family_name"],
                    sex=data["sex"],
                    category=data["category"],
                    registered_on=data["registered_on"],
                    consent_given_on=data["registered_on"],
                    birth_year=data["birth_year"],
                    nationality=data["nationality"],
                    city=data["city"],
                    phone=data["phone"],
                    document_type=data["document_type"],
                    document_number=data["document_number"],
                    partner_record_id=f"form-{data['token']}",
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if created:
                messages.success(request, _("The person has been registered."))
                if person.phone_unallocated:
                    messages.warning(request, UNALLOCATED_PHONE)
            return redirect("beneficiaries:person", pk=person.pk)
    return render(
        request, "beneficiaries/register.html", {"form": form, "organisation": organisation}
    )


@require_GET
def person_detail(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    organisation = request.user.primary_organisation
    record = selectors.person_record(request.user, pk, organisation) if organisation else None
    if record is None or organisation is None:
        # A reviewer of duplicates sees the record without who it is, and its
        # pairs: a link is undone here.
        reviewed = match_record(request.user, pk)
        if reviewed is None:
            raise Http404
        return render(request, "beneficiaries/match_record.html", {"record": reviewed})
    person = record.person
    service_type = selectors.service_type(request.GET.get("service", ""))
    grid = selectors.active_grid()
    return render(
        request,
        "beneficiaries/person_detail.html",
        {
            "record": record,
            "person": person,
            "event_types": selectors.service_types_for(organisation),
            "service_type": service_type,
            "service_form": ServiceForm(event_type=service_type, organisation=organisation)
            if service_type and not (grid and service_type == grid.records_as)
            else None,
            "scholarship_form": ScholarshipForm(person=person, grid=grid)
            if service_type and grid and service_type == grid.records_as
            else None,
            "grid": grid,
            "share_form": ShareForm(exclude=organisation),
            "referral_form": ReferralForm(exclude=organisation),
        },
    )


def _report_form_errors(request: AuthenticatedHttpRequest, form: forms.Form) -> None:
    """The actions of the person page redirect back to it: their form errors
    travel as one message."""
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))


def _person_for_action(request: AuthenticatedHttpRequest, pk: str) -> Person:
    """A person the user may serve (record a service, a scholarship, a
    referral for), checked before any form: a refused action answers 404."""
    person = or_404(selectors.person_for(request.user, pk))
    if not policies.may_record_service(request.user, _organisation(request), person):
        raise Http404
    return person


@require_POST
def record_service(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    person = _person_for_action(request, pk)
    organisation = _organisation(request)
    event_type = selectors.service_type(request.POST.get("service", ""))
    if event_type is None:
        raise Http404
    form = ServiceForm(request.POST, event_type=event_type, organisation=organisation)
    if form.is_valid():
        perform(
            request,
            lambda: events.record_event(
                actor=request.user,
                person=person,
                event_type=event_type,
                organisation=organisation,
                occurred_on=form.cleaned_data["occurred_on"],
                centre=form.cleaned_data["centre"],
                attributes=form.attributes(),
            ),
            _("The service has been recorded."),
        )
    else:
        _report_form_errors(request, form)
    return redirect("beneficiaries:person", pk=person.pk)


@require_POST
def grant_scholarship(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """A scholarship decided on the grid: the score and eligibility are computed."""
    person = _person_for_action(request, pk)
    organisation = _organisation(request)
    grid = selectors.active_grid()
    if grid is None:
        raise Http404
    form = ScholarshipForm(request.POST, person=person, grid=grid)
    if form.is_valid():
        perform(
            request,
            lambda: scholarships.grant(
                actor=request.user,
                person=person,
                organisation=organisation,
                grid=grid,
                criteria=form.cleaned_data["criteria"],
                enrolment=form.cleaned_data["enrolment"],
                occurred_on=form.cleaned_data["occurred_on"],
            ),
            _("The scholarship decision has been recorded."),
        )
    else:
        _report_form_errors(request, form)
    return redirect("beneficiaries:person", pk=person.pk)


@require_POST
def share(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    person = _person_for_action(request, pk)
    if not policies.is_registering_partner(request.user, person):
        raise Http404  # consents belong to the registering partner's record
    form = ShareForm(request.POST, exclude=_organisation(request))
    if form.is_valid():
        perform(
            request,
            lambda: persons.give_consent(
                actor=request.user,
                person=person,
                kind="share",
                given_on=timezone.localdate(),
                organisation=form.cleaned_data["organisation"],
            ),
            _("The consent to share has been recorded."),
        )
    return redirect("beneficiaries:person", pk=person.pk)


@require_POST
def refer(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    person = _person_for_action(request, pk)
    organisation = _organisation(request)
    form = ReferralForm(request.POST, exclude=organisation)
    if form.is_valid():
        perform(
            request,
            lambda: referrals.send(
                actor=request.user,
                person=person,
                from_organisation=organisation,
                to_organisation=form.cleaned_data["organisation"],
                purpose=form.cleaned_data["purpose"],
                note=form.cleaned_data["note"],
            ),
            _("The referral has been sent."),
        )
    return redirect("beneficiaries:person", pk=person.pk)


@require_POST
def withdraw_consent(request: AuthenticatedHttpRequest, pk: str, consent: str) -> HttpResponse:
    """The registering partner records that the person withdrew a consent to
    share: the receiving partner's access ends with it."""
    found = selectors.consent_to_withdraw(request.user, pk, consent)
    if found is None:
        raise Http404
    perform(
        request,
        lambda: persons.withdraw_consent(
            actor=request.user, consent=found, withdrawn_on=timezone.localdate()
        ),
        _("The withdrawal of the consent has been recorded."),
    )
    return redirect("beneficiaries:person", pk=pk)
