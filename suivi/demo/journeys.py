"""Fictitious person-level records of Amuddu 2018–2020, generated from a seed.

Every figure of the 2020 report's tables that follows from person records is
reproduced by *computing* it from these records (beneficiaries app): this
module only decides who went through what, never a result. The cohorts below
are chosen so that the computed indicators give the report's numbers; where
the report contradicts itself, suivi/beneficiaries/README.md says which
reading is taken. Names are obviously fake ("Fictif-0001").
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation
from suivi.beneficiaries.models import (
    Centre,
    EventType,
    JourneyEvent,
    Person,
    Trade,
    VulnerabilityGrid,
)
from suivi.beneficiaries.services import (
    computation,
    duplicates,
    events,
    persons,
    referrals,
    scholarships,
)
from suivi.beneficiaries.services.probable_matches import MatchModelError
from suivi.core.statistics import refresh_statistics
from suivi.demo import catalogue
from suivi.demo.actor import LOADER
from suivi.demo.journey_data import (
    CATEGORIES,
    CENTRES,
    COMMON_CRITERIA,
    GIVEN_NAMES,
    GRID,
    GRID_THRESHOLD,
    NATIONALITIES,
    TRADES,
    WOMEN_CRITERIA,
)
from suivi.programmes.models import Intervention

SEED = 2020


@dataclass
class World:
    rng: random.Random
    orgs: dict[str, Organisation]
    centres: dict[str, Centre]
    trades: dict[str, Trade]
    types: dict[str, EventType]
    grid: VulnerabilityGrid
    number: int = 0
    # No work is dated before the intervention starts (the services refuse it).
    start: date = date.min


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _person(world: World, org: str, sex: str, registered_on: date) -> Person:
    world.number += 1
    rng = world.rng
    category = rng.choices([c for c, _w in CATEGORIES], weights=[w for _c, w in CATEGORIES])[0]
    data = persons.PersonData(
        given_name=rng.choice(GIVEN_NAMES[sex]),
        family_name=f"Fictif-{world.number:04d}",
        sex=sex,
        category=category,
        registered_on=registered_on,
        consent_given_on=registered_on,
        birth_year=rng.randint(1975, 2002),
        nationality=rng.choice(NATIONALITIES),
        city=rng.choice(["Rabat", "Salé", "Casablanca", "Témara"]),
        partner_record_id=f"{org.upper()}-{world.number:05d}",
    )
    created, _ = persons.register_person(actor=LOADER, organisation=world.orgs[org], data=data)
    return created


def _event(
    world: World, person: Person, code: str, org: str, on: date, **kwargs: Any
) -> JourneyEvent:
    created, _ = events.record_event(
        actor=LOADER,
        person=person,
        event_type=world.types[code],
        organisation=world.orgs[org],
        occurred_on=on,
        recompute=False,  # once, at the end of the load
        **kwargs,
    )
    return created


def _refer(person: Person, to: Organisation, on: date, purpose: str) -> None:
    """EN refers the person (who agrees to share) and the partner accepts."""
    if not person.consents.filter(kind="share", organisation=to).exists():
        persons.give_consent(
            actor=LOADER, person=person, kind="share", given_on=on, organisation=to
        )
    referral = referrals.send(
        actor=LOADER,
        person=person,
        from_organisation=person.organisation,
        to_organisation=to,
        purpose=purpose,
        sent_on=on,
        recompute=False,
    )
    referrals.accept(actor=LOADER, referral=referral)


def _sexes(rng: random.Random, total: int, women: int) -> list[str]:
    sexes = ["women"] * women + ["men"] * (total - women)
    rng.shuffle(sexes)
    return sexes


def _cohort(
    world: World,
    school_year: int,
    size: int,
    women: int,
    centres: list[str],
    technical_women: int,
    informed_in_year: bool,
) -> list[tuple[Person, JourneyEvent]]:
    """Persons informed at EN, then enrolled in a targeted centre for the school year."""
    rng = world.rng
    enrolled = []
    technical_left = technical_women
    for sex in _sexes(rng, size, women):
        informed_on = max(_day(rng, date(school_year, 2, 1), date(school_year, 8, 31)), world.start)
        person = _person(world, "en", sex, informed_on)
        if informed_in_year:
            _event(
                world,
                person,
                "information_session",
                "en",
                informed_on,
                centre=world.centres["en-rabat"],
            )
        if sex == "women" and technical_left:
            trade = world.trades[rng.choice(["commerce", "electricite", "informatique"])]
            technical_left -= 1
        elif sex == "women":
            trade = world.trades[rng.choice(["couture", "coiffure", "cuisine"])]
        else:
            trade = world.trades[rng.choice([t for t in world.trades])]
        enrolment = _event(
            world,
            person,
            "training_enrolment",
            "en",
            _day(rng, date(school_year, 9, 15), date(school_year, 10, 31)),
            centre=world.centres[rng.choice(centres)],
            trade=trade,
            attributes={"school_year": f"{school_year}-{school_year + 1}"},
        )
        enrolled.append((person, enrolment))
    return enrolled


def _exams(
    world: World, cohort: list[tuple[Person, JourneyEvent]], passes: int, year: int
) -> list[Person]:
    passed = []
    for position, (person, enrolment) in enumerate(cohort):
        success = position < passes
        _event(
            world,
            person,
            "exam_result",
            "en",
            date(year, 6, 30),
            related_event=enrolment,
            attributes={"passed": success},
        )
        if success:
            passed.append(person)
    return passed


def _scholarships(
    world: World,
    cohort: list[tuple[Person, JourneyEvent]],
    count: int,
    women: int,
    school_year: int,
) -> None:
    amappe = world.orgs["amappe"]
    women_left, men_left = women, count - women
    for person, enrolment in cohort:
        if person.sex == "women" and women_left:
            women_left -= 1
        elif person.sex == "men" and men_left:
            men_left -= 1
        else:
            continue
        _refer(person, amappe, enrolment.occurred_on, "training")
        # The criteria AMAPPE ticks: enough to reach the grid's threshold.
        pool = WOMEN_CRITERIA if person.sex == "women" else COMMON_CRITERIA
        criteria = ["no_income", *world.rng.sample(pool, 2)]
        scholarships.grant(
            actor=LOADER,
            person=person,
            organisation=amappe,
            grid=world.grid,
            criteria=criteria,
            enrolment=enrolment,
            occurred_on=enrolment.occurred_on + timedelta(days=7),
            recompute=False,
        )


def _informed_only(world: World, year: int, count: int) -> list[Person]:
    centres = ["en-rabat", "en-casablanca", "en-fes"]
    informed = []
    for sex in _sexes(world.rng, count, count * 55 // 100):
        on = _day(world.rng, date(year, 1, 5), date(year, 12, 20))
        person = _person(world, "en", sex, on)
        _event(
            world,
            person,
            "information_session",
            "en",
            on,
            centre=world.centres[world.rng.choice(centres)],
        )
        informed.append(person)
    return informed


def _anapec_clients(world: World, year: int, count: int, women: int) -> list[Person]:
    clients = []
    for sex in _sexes(world.rng, count, women):
        on = _day(world.rng, date(year, 1, 10), date(year, 10, 31))
        person = _person(world, "anapec", sex, on)
        agency = world.centres[world.rng.choice(["anapec-rabat", "anapec-casablanca"])]
        _event(
            world,
            person,
            "anapec_registration",
            "anapec",
            on,
            centre=agency,
            attributes={"channel": world.rng.choice(["community_agent", "walk_in"])},
        )
        clients.append(person)
    return clients


def _job_search(world: World, person: Person, year: int) -> date:
    on = _day(world.rng, date(year, 2, 1), date(year, 11, 15))
    registered = person.registered_on
    on = max(on, registered)
    _event(
        world,
        person,
        "job_search_support",
        "anapec",
        on,
        attributes={"service": "atelier de recherche d'emploi", "mode": "in_person"},
    )
    return on


def _self_employment(world: World, year: int, count: int, outcomes: Sequence[str]) -> None:
    organisations = ["amappe"] * 120 + ["care"] * 70 + ["remess"] * 33 + ["anapec"] * 30
    for position in range(count):
        org = organisations[position % len(organisations)] if count == 253 else "amappe"
        sex = "women" if world.rng.random() < 0.45 else "men"
        registered = _day(world.rng, date(year, 1, 10), date(year, 6, 30))
        person = _person(world, org, sex, registered)
        outcome = outcomes[position] if position < len(outcomes) else None
        attributes: dict[str, Any] = {"phase": "post_creation" if outcome else "pre_creation"}
        if outcome:
            attributes["outcome"] = outcome
        _event(
            world,
            person,
            "self_employment_support",
            org,
            _day(world.rng, registered, date(year, 12, 15)),
            attributes=attributes,
        )


def load(progress: Callable[[str], None]) -> None:
    """Generate the records (once) and compute Amuddu's indicators from them."""
    amuddu_intervention = Intervention.objects.get(code="MOR1605211")
    if not Person.objects.exists():
        world = _setup(amuddu_intervention)
        _generate(world)
        # The computations below run in the loader's transaction: plan them for
        # the rows just written (suivi/core/statistics.py says why).
        refresh_statistics(apps.get_app_config("beneficiaries").get_models())
        progress(
            _("%(count)d fictitious persons with their services")
            % {"count": Person.objects.count()}
        )
    # Trains the model a registration is scored with (exact and probable pairs).
    try:
        found = duplicates.find_duplicates()
    except MatchModelError as failure:
        found = 0
        progress(str(failure))
    if found:
        progress(_("%(count)d possible duplicates to review") % {"count": found})
    written = computation.recompute(actor=LOADER, intervention=amuddu_intervention)
    progress(_("%(count)d values computed from the records") % {"count": written})


def _setup(intervention: Intervention) -> World:
    catalogue.install(LOADER, intervention, places=True)
    orgs = {o.code: o for o in Organisation.objects.all()}
    by_code = {centre.code: centre for centre in Centre.objects.all()}
    centres = {code: by_code[code] for code in CENTRES}
    # In the workbook's order: the generator draws from this list.
    by_code_trade = {trade.code: trade for trade in Trade.objects.all()}
    trades = {code: by_code_trade[code] for code in TRADES}
    types = {t.code: t for t in EventType.objects.all()}
    # A seeded generator on purpose: the demo must be the same on every machine.
    grid = scholarships.put_grid(
        actor=LOADER,
        code="amappe-2019",
        name="Grille de vulnérabilité AMAPPE (2019)",
        threshold=GRID_THRESHOLD,
        criteria=GRID,
        records_as=types["scholarship"],
        granted_for=types["training_enrolment"],
    )
    return World(
        random.Random(SEED),  # noqa: S311
        orgs,
        centres,
        trades,
        types,
        grid,
        start=intervention.start_date or date.min,
    )


def _generate(world: World) -> None:
    rng = world.rng
    old_centres = ["en-rabat", "en-casablanca"]
    all_centres = [c for c in CENTRES if c.startswith("en-") and c != "en-fes"]
    # 2018–19 cohort: 84 enrolled, 42 passed in June 2019 (Ind1.5 2019 = 50 %, Ind1.7 2019 = 42).
    cohort_2018 = _cohort(world, 2018, 84, 50, old_centres, 0, informed_in_year=True)
    _exams(world, cohort_2018, 42, 2019)
    # 2019: 338 informed at EN (of whom the 68 of the 2019–20 cohort), 51 new scholarships.
    cohort_2019 = _cohort(world, 2019, 68, 44, old_centres, 0, informed_in_year=True)
    _informed_only(world, 2019, 338 - 68)
    _scholarships(world, cohort_2019, 51, 33, 2019)
    # June 2020: 28 of the 68 pass (Ind1.5 2020 = 41 %, Ind1.7 2020 = 28).
    passers_2020 = _exams(world, cohort_2019, 28, 2020)
    # 2019 ANAPEC: 78 first registrations at the pilot agencies, all supported in their
    # job search (none placed later: OS3 2019 = 0 %); 39 AMAPPE pre-creation supports.
    for client in _anapec_clients(world, 2019, 78, 30):
        _job_search(world, client, 2019)
    _self_employment(world, 2019, 39, [])
    # 2020: 285 informed at EN, of whom the 185 of the 2020–21 cohort (126 women,
    # 3 of them in technical trades); 85 new scholarship holders (53 women).
    cohort_2020 = _cohort(world, 2020, 185, 126, all_centres, 3, informed_in_year=True)
    informed_2020 = _informed_only(world, 2020, 285 - 185)
    _scholarships(world, cohort_2020, 85, 53, 2020)
    # 2020 referrals EN → ANAPEC: 30 of the 2019–20 cohort, then registered and supported
    # at ANAPEC (Ind1.4 = 30; OS2 2020 = 30/68).
    anapec = world.orgs["anapec"]
    referred = [p for p, _e in cohort_2019 if p not in passers_2020][:27] + passers_2020[:3]
    job_seekers: list[Person] = []
    for person in referred:
        on = _day(rng, date(2020, 7, 1), date(2020, 9, 30))
        _refer(person, anapec, on, "employment")
        _event(
            world,
            person,
            "anapec_registration",
            "anapec",
            on + timedelta(days=5),
            centre=world.centres["anapec-rabat"],
            attributes={"channel": "referral"},
        )
        job_seekers.append(person)
    for person in job_seekers:
        _job_search(world, person, 2020)
    # 2020 ANAPEC: 215 more first registrations (245 in all), 135 of them supported in
    # their job search (165 in all).
    clients_2020 = _anapec_clients(world, 2020, 215, 95)
    for client in clients_2020[:135]:
        _job_search(world, client, 2020)
    # 15 placements among the 2020 job seekers, 5 through contrats aidés; 3 of them are
    # 2020 passers (OS1 = 3; OS3 = 15/165).
    placed = passers_2020[:3] + clients_2020[:12]
    for position, person in enumerate(placed):
        _event(
            world,
            person,
            "job_placement",
            "anapec",
            date(2020, 12, 1),
            attributes={
                "employer": "Entreprise fictive",
                "contract_type": "cdd",
                "contrat_aide": position < 5,
            },
        )
    # 253 self-employment initiatives: 229 auto-entrepreneur cards, 12 cooperatives, 12 SARL.
    outcomes = ["auto_entrepreneur_card"] * 229 + ["cooperative"] * 12 + ["sarl"] * 12
    _self_employment(world, 2020, 253, outcomes)
    # 25 persons known to EN (informed) and to ANAPEC (registered, not supported): the same
    # phone on both records, left for the M&E officer to review as possible duplicates.
    # Linking them changes no figure of the report: each record counts in a different indicator.
    for position in range(25):
        phone = f"+21266100{position:04d}"
        for person in (informed_2020[position], clients_2020[160 + position]):
            persons.update_contacts(actor=LOADER, person=person, phone=phone)
