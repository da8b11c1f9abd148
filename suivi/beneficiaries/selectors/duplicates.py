"""The review queue of possible duplicates, and a record's links, without names.

The M&E officer decides whether two partners' records are one person from
what the records share — never from the names, contacts or documents
themselves, which the intervention team does not see (README: "Who sees a
person"). Each field is reported as agreeing, close (names that sound alike,
a year apart), differing or missing; a contact or document shows masked, its
last two characters only, and only to a user who may see it. The queue is
ordered by the model's score (the exact matches scored too), paginated with
its total; it says when the probabilistic model failed or has not compared
some registrations, so that an empty queue never hides a failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from suivi.beneficiaries.models import (
    MatchCandidate,
    MatchModel,
    MatchStatus,
    Person,
    UncheckedRegistration,
)
from suivi.beneficiaries.normalise import plain, sound
from suivi.beneficiaries.policies import may_review_duplicates
from suivi.beneficiaries.services.match_model import LIKELY
from suivi.beneficiaries.services.registration_matches import FAILURES
from suivi.core import audit, countries, crypto
from suivi.core.actors import Actor

PER_PAGE = 10
# The queue's order: the highest score first, the exact matches found before
# any model (no score) before them; an index follows it (migration 0014).
QUEUE_ORDER = (F("probability").desc(nulls_first=True), "created_at", "pk")


class Agreement(StrEnum):
    SAME = "same"
    CLOSE = "close"
    DIFFERENT = "different"
    UNKNOWN = "unknown"


# Compared fields, in the order shown; labels in the reader's language.
FIELDS = {
    "document": _("Identity document"),
    "phone": _("Phone"),
    "family_name": _("Family name"),
    "given_name": _("Given name"),
    "birth_year": _("Year of birth"),
    "sex": _("Sex"),
    "category": _("Migrant category"),
    "nationality": _("Nationality"),
}


@dataclass(frozen=True)
class SideOfPair:
    pk: UUID
    organisation: str
    registered_on: date


@dataclass(frozen=True)
class FieldAgreement:
    label: str
    agreement: str
    a: str  # what may be shown of each record's value: masked, or nothing
    b: str


@dataclass(frozen=True)
class PossibleDuplicate:
    pk: UUID
    reason: str
    probability: float | None
    likely: bool
    status: str
    status_label: str
    a: SideOfPair
    b: SideOfPair
    agreement: list[FieldAgreement]
    decided_by: str
    decision_reason: str

    def count(self, agreement: str) -> int:
        return sum(field.agreement == agreement for field in self.agreement)

    @property
    def same(self) -> int:
        return self.count(Agreement.SAME)

    @property
    def close(self) -> int:
        return self.count(Agreement.CLOSE)

    @property
    def different(self) -> int:
        return self.count(Agreement.DIFFERENT)

    @property
    def unknown(self) -> int:
        return self.count(Agreement.UNKNOWN)


@dataclass(frozen=True)
class ModelState:
    trained_at: datetime | None
    persons: int
    unchecked: int  # registrations the model could not compare
    unchecked_reason: str


@dataclass(frozen=True)
class DuplicateQueue:
    page: Page  # of PossibleDuplicate
    model: ModelState
    status: str = MatchStatus.CANDIDATE  # the pairs shown


def _compare(x: object, y: object, close: bool = False) -> Agreement:
    if x in (None, "") or y in (None, ""):
        return Agreement.UNKNOWN
    if x == y:
        return Agreement.SAME
    return Agreement.CLOSE if close else Agreement.DIFFERENT


def _name(x: str, y: str) -> Agreement:
    return _compare(plain(x), plain(y), close=sound(plain(x)) == sound(plain(y)))


def _agreement(a: Person, b: Person) -> list[FieldAgreement]:
    """Field by field. Names written swapped count as the same names."""
    swapped = plain(a.given_name) == plain(b.family_name) and plain(a.family_name) == plain(
        b.given_name
    )
    given_b, family_b = (b.family_name, b.given_name) if swapped else (b.given_name, b.family_name)
    year_close = bool(a.birth_year and b.birth_year and abs(a.birth_year - b.birth_year) == 1)
    values: dict[str, tuple[Agreement, str, str]] = {
        "document": (
            _compare(a.document_hash, b.document_hash),
            crypto.mask(a.document_number),
            crypto.mask(b.document_number),
        ),
        "phone": (_compare(a.phone_hash, b.phone_hash), crypto.mask(a.phone), crypto.mask(b.phone)),
        "family_name": (_name(a.family_name, family_b), "", ""),
        "given_name": (_name(a.given_name, given_b), "", ""),
        "birth_year": (
            _compare(a.birth_year, b.birth_year, close=year_close),
            str(a.birth_year or ""),
            str(b.birth_year or ""),
        ),
        "sex": (_compare(a.sex, b.sex), a.get_sex_display(), b.get_sex_display()),
        "category": (_compare(a.category_id, b.category_id), a.category.label, b.category.label),
        "nationality": (
            _compare(a.nationality, b.nationality),
            countries.country_name(a.nationality) or a.nationality,
            countries.country_name(b.nationality) or b.nationality,
        ),
    }
    return [
        FieldAgreement(str(FIELDS[name]), agreement, shown_a, shown_b)
        for name, (agreement, shown_a, shown_b) in values.items()
    ]


def _entry(c: MatchCandidate) -> PossibleDuplicate:
    return PossibleDuplicate(
        pk=c.pk,
        reason=str(c.get_reason_display()),
        probability=c.probability,
        likely=c.probability is not None and c.probability >= LIKELY,
        status=c.status,
        status_label=str(c.get_status_display()),
        a=SideOfPair(c.person_a_id, c.person_a.organisation.short_name, c.person_a.registered_on),
        b=SideOfPair(c.person_b_id, c.person_b.organisation.short_name, c.person_b.registered_on),
        agreement=_agreement(c.person_a, c.person_b),
        decided_by=c.decided_by.get_full_name() or c.decided_by.get_username()
        if c.decided_by
        else "",
        decision_reason=c.decision_reason,
    )


_RELATED = (
    "person_a__organisation",
    "person_b__organisation",
    "person_a__category",
    "person_b__category",
    "decided_by",
)


def model_state() -> ModelState:
    stored = MatchModel.objects.order_by("-created_at").only("created_at", "persons").first()
    unchecked = UncheckedRegistration.objects.order_by("-created_at")
    latest = unchecked.first()
    return ModelState(
        trained_at=stored.created_at if stored else None,
        persons=stored.persons if stored else 0,
        unchecked=unchecked.count(),
        unchecked_reason=str(FAILURES.get(latest.error, latest.error)) if latest else "",
    )


def _status(status: str) -> str:
    return status if status in MatchStatus.values else MatchStatus.CANDIDATE


def duplicate_queue(
    user: Actor, page_number: str | int | None = 1, status: str = MatchStatus.CANDIDATE
) -> DuplicateQueue | None:
    """The pairs of one status (by default those waiting for a decision; or
    those decided the same person, or different persons), the highest score
    first (the exact matches found before any model first), a page at a time,
    or None for a user who does not review them. The read is audited."""
    if not may_review_duplicates(user):
        return None
    status = _status(status)
    # The page's keys first, off the candidates alone (an index on the status
    # and the order gives them), then those pairs with both records: joining
    # every waiting pair to the persons before sorting them read the whole registry.
    keys = MatchCandidate.objects.filter(status=status).order_by(*QUEUE_ORDER)
    page = Paginator(keys.values_list("pk", flat=True), PER_PAGE).get_page(page_number)
    wanted = list(page.object_list)
    found = MatchCandidate.objects.select_related(*_RELATED).in_bulk(wanted)
    page.object_list = [_entry(found[pk]) for pk in wanted if pk in found]  # type: ignore[misc]
    audit.record(
        actor=user,
        action="beneficiaries.duplicates.reviewed",
        detail={"shown": len(page.object_list), "page": page.number, "status": status},
    )
    return DuplicateQueue(page=page, model=model_state(), status=status)


EXPORT_LIMIT = 20_000

AGREEMENT_LABELS = {
    Agreement.SAME: _("Same on both records"),
    Agreement.CLOSE: _("Close (spelling or a year apart)"),
    Agreement.DIFFERENT: _("Different"),
    Agreement.UNKNOWN: _("Missing on one record"),
}


def duplicate_export(
    user: Actor, status: str = MatchStatus.CANDIDATE
) -> tuple[list[str], list[list[object]]] | None:
    """The pairs of one status (as the queue's filter) as rows, in the
    queue's order: what the queue shows (organisations, dates, score, which
    fields agree), never a name, contact or document, not even masked. None
    for a user who does not review duplicates, or when more than
    `EXPORT_LIMIT` pairs are found. Audited."""
    from django.utils.translation import gettext

    if not may_review_duplicates(user):
        return None
    status = _status(status)
    candidates = list(
        MatchCandidate.objects.filter(status=status)
        .select_related(*_RELATED)
        .order_by(F("probability").desc(nulls_first=True), "created_at", "pk")[: EXPORT_LIMIT + 1]
    )
    if len(candidates) > EXPORT_LIMIT:
        return None
    headers = [
        gettext("Found by"),
        gettext("Score"),
        gettext("Likely the same person"),
        gettext("Record A: registered by"),
        gettext("Record A: registered on"),
        gettext("Record B: registered by"),
        gettext("Record B: registered on"),
        *(str(label) for label in FIELDS.values()),
    ]
    rows: list[list[object]] = []
    for candidate in candidates:
        pair = _entry(candidate)
        rows.append(
            [
                pair.reason,
                pair.probability,
                gettext("yes") if pair.likely else gettext("no"),
                pair.a.organisation,
                pair.a.registered_on,
                pair.b.organisation,
                pair.b.registered_on,
                *(str(AGREEMENT_LABELS[Agreement(f.agreement)]) for f in pair.agreement),
            ]
        )
    detail = {"rows": len(rows), **({"status": status} if status != MatchStatus.CANDIDATE else {})}
    audit.record(actor=user, action="beneficiaries.duplicates.exported", detail=detail)
    return headers, rows


@dataclass(frozen=True)
class MatchRecord:
    """A record as a reviewer sees it: what it says, never who it is, and
    every pair it belongs to (linked ones may be undone)."""

    person: Person
    phone: str  # masked
    document_number: str  # masked
    pairs: list[PossibleDuplicate]


def match_record(user: Actor, pk: UUID | str) -> MatchRecord | None:
    """Person `pk` for a reviewer of duplicates, or None. The read is audited."""
    if not may_review_duplicates(user):
        return None
    person = Person.objects.select_related("organisation", "category").filter(pk=pk).first()
    if person is None:
        return None
    pairs = (
        MatchCandidate.objects.filter(Q(person_a=person) | Q(person_b=person))
        .select_related(*_RELATED)
        .order_by("status", F("probability").desc(nulls_first=True))
    )
    audit.record(actor=user, action="beneficiaries.duplicates.record_viewed", target=person)
    return MatchRecord(
        person=person,
        phone=crypto.mask(person.phone),
        document_number=crypto.mask(person.document_number),
        pairs=[_entry(c) for c in pairs],
    )


def candidate_to_decide(user: Actor, pk: UUID | str) -> MatchCandidate | None:
    if not may_review_duplicates(user):
        return None
    return MatchCandidate.objects.filter(pk=pk).first()
