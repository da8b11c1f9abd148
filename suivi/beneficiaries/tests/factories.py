"""Builders for beneficiaries test data, through the services."""

from datetime import date
from itertools import count

from suivi.accounts.models import Organisation
from suivi.accounts.tests.factories import SYSTEM
from suivi.beneficiaries.models import EventType, Person
from suivi.beneficiaries.services import catalogue as service_catalogue
from suivi.beneficiaries.services import events, persons
from suivi.demo import catalogue
from suivi.indicators.services import definitions

_numbers = count(1)


def categories() -> None:
    definitions.put_dimension(
        actor=SYSTEM,
        code="category",
        name="Catégorie",
        values=[("regularised", "Régularisé·e", "", ""), ("refugee", "Réfugié·e", "", "")],
    )
    definitions.put_dimension(
        actor=SYSTEM,
        code="sex",
        name="Sexe",
        values=[("women", "Femmes", "", ""), ("men", "Hommes", "", "")],
    )


def person(organisation: Organisation, **fields) -> Person:
    n = next(_numbers)
    data = persons.PersonData(
        given_name=fields.pop("given_name", f"Test{n}"),
        family_name=fields.pop("family_name", "Exemple"),
        sex=fields.pop("sex", "women"),
        category=fields.pop("category", "regularised"),
        registered_on=fields.pop("registered_on", date(2019, 1, 10)),
        consent_given_on=fields.pop("consent_given_on", date(2019, 1, 10)),
        **fields,
    )
    created, _ = persons.register_person(actor=SYSTEM, organisation=organisation, data=data)
    return created


def event_type(code: str, attributes=(), needs_centre: bool = False) -> EventType:
    """The catalogue's type when it has one, else a bare type for the test."""
    catalogue.install(SYSTEM)
    existing = EventType.objects.filter(code=code).first()
    if existing is not None:
        return existing
    created, _changed = service_catalogue.put_service_type(
        actor=SYSTEM,
        code=code,
        name=code,
        attributes=[labelled(detail) for detail in attributes],
        needs_centre=needs_centre,
    )
    return created


def labelled(detail: dict) -> dict:
    """A detail written the short way in a test (a code, bare choice codes)
    with the labels the catalogue requires."""
    result = {"labels": {"fr": detail["name"].capitalize()}, **detail}
    if "choices" in detail:
        result["choices"] = [
            c if isinstance(c, dict) else {"value": c, "labels": {"fr": c.capitalize()}}
            for c in detail["choices"]
        ]
    return result


def event(person_, code: str, organisation=None, on=date(2020, 3, 1), **kwargs):
    created, _ = events.record_event(
        actor=SYSTEM,
        person=person_,
        event_type=event_type(code),
        organisation=organisation or person_.organisation,
        occurred_on=on,
        **kwargs,
    )
    return created
