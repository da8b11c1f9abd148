"""Partner pages: persons, field registration, services, consents, referrals."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from suivi.accounts.models import Organisation
from suivi.accounts.policies import has_capability
from suivi.accounts.roles import Capability
from suivi.beneficiaries import policies, selectors
from suivi.beneficiaries.forms.person import (
    ReferralForm,
    RegistrationForm,
    ScholarshipForm,
    ServiceForm,
    ShareForm,
)
from suivi.beneficiaries.models import EventType, Referral, VulnerabilityGrid
from suivi.beneficiaries.services import events, persons, referrals, scholarships
from suivi.beneficiaries.services.duplicates import has_possible_duplicate
from suivi.core import audit, crypto
from suivi.core.actions import perform
from suivi.core.forms_errors import add_service_errors
from suivi.core.http import AuthenticatedHttpRequest


def _organisation(request: AuthenticatedHttpRequest) -> Organisation:
    """The partner organisation the user acts for (their first membership)."""
    organisation = request.user.primary_organisation
    if organisation is None:
        raise Http404
    return organisation


@require_GET
def person_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    people = selectors.persons_for(request.user)
    if query:
        people = people.filter(Q(family_name__icontains=query) | Q(given_name__icontains=query))
    return render(
        request,
        "beneficiaries/person_list.html",
        {
            "people": people.order_by("-registered_on")[:200],
            "query": query,
            "may_register": has_capability(request.user, Capability.REGISTER_PEOPLE),
        },
    )


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
        today = timezone.localdate()
        try:
            person, created = persons.register_person(
                actor=request.user,
                organisation=organisation,
                data=persons.PersonData(
                    given_name=data["given_name"],
                    family_name=data["family_name"],
                    sex=data["sex"],
                    category=data["category"],
                    registered_on=today,
                    consent_given_on=today,
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
            return redirect("beneficiaries:person", pk=person.pk)
    return render(
        request, "beneficiaries/register.html", {"form": form, "organisation": organisation}
    )


@require_GET
def person_detail(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    person = get_object_or_404(selectors.persons_for(request.user), pk=pk)
    audit.record(actor=request.user, action="beneficiaries.person.viewed", target=person)
    organisation = _organisation(request)
    contacts = policies.may_see_contacts(request.user, person)
    service_type = EventType.objects.filter(code=request.GET.get("service", "")).first()
    grid = VulnerabilityGrid.objects.filter(is_active=True).prefetch_related("criteria").first()
    return render(
        request,
        "beneficiaries/person_detail.html",
        {
            "person": person,
            "phone": person.phone if contacts else crypto.mask(person.phone),
            "document": person.document_number if contacts else crypto.mask(person.document_number),
            "events": person.events.select_related("event_type", "organisation", "centre").order_by(
                "-occurred_on"
            ),
            "consents": person.consents.select_related("organisation"),
            "referrals": Referral.objects.filter(person=person).select_related(
                "from_organisation", "to_organisation"
            ),
            "event_types": EventType.objects.all(),
            "service_type": service_type,
            "service_form": ServiceForm(event_type=service_type, organisation=organisation)
            if service_type and service_type.code != "scholarship"
            else None,
            "scholarship_form": ScholarshipForm(person=person, grid=grid)
            if service_type and service_type.code == "scholarship" and grid
            else None,
            "grid": grid,
            "share_form": ShareForm(exclude=organisation),
            "referral_form": ReferralForm(exclude=organisation),
            "may_serve": policies.may_record_service(request.user, organisation, person),
            "possible_duplicate": has_possible_duplicate(person),
        },
    )


def _report_form_errors(request: AuthenticatedHttpRequest, form: forms.Form) -> None:
    """The actions of the person page redirect back to it: their form errors
    travel as one message."""
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))


def _person_for_action(request: AuthenticatedHttpRequest, pk: str):  # type: ignore[no-untyped-def]
    return get_object_or_404(selectors.persons_for(request.user), pk=pk)


@require_POST
def record_service(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    person = _person_for_action(request, pk)
    organisation = _organisation(request)
    event_type = get_object_or_404(EventType, code=request.POST.get("service", ""))
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
    grid = get_object_or_404(VulnerabilityGrid.objects.prefetch_related("criteria"), is_active=True)
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
