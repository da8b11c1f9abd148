"""The review queue of possible duplicates, without names.

The M&E officer decides whether two partners' records are one person from
what the records share — never from the names, contacts or documents
themselves, which the intervention team does not see (README: "Who sees a
person"). Each field is reported as agreeing, differing or unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from django.utils.translation import gettext_lazy as _

from suivi.beneficiaries.models import MatchCandidate, MatchStatus, Person
from suivi.beneficiaries.normalise import plain
from suivi.beneficiaries.policies import may_review_duplicates
from suivi.core import audit
from suivi.core.actors import Actor

LISTED = 50


class Agreement(StrEnum):
    SAME = "same"
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
    organisation: str
    registered_on: object


@dataclass(frozen=True)
class PossibleDuplicate:
    pk: UUID
    reason: str
    probability: float | None
    a: SideOfPair
    b: SideOfPair
    agreement: list[tuple[str, str]]  # (field label, Agreement)


def _compare(x: object, y: object) -> Agreement:
    if x in (None, "") or y in (None, ""):
        return Agreement.UNKNOWN
    return Agreement.SAME if x == y else Agreement.DIFFERENT


def _agreement(a: Person, b: Person) -> list[tuple[str, str]]:
    values = {
        "document": (a.document_hash, b.document_hash),
        "phone": (a.phone_hash, b.phone_hash),
        "family_name": (plain(a.family_name), plain(b.family_name)),
        "given_name": (plain(a.given_name), plain(b.given_name)),
        "birth_year": (a.birth_year, b.birth_year),
        "sex": (a.sex, b.sex),
        "category": (a.category_id, b.category_id),
        "nationality": (a.nationality, b.nationality),
    }
    return [(str(FIELDS[name]), _compare(*pair)) for name, pair in values.items()]


def duplicate_queue(user: Actor) -> list[PossibleDuplicate] | None:
    """The pairs waiting for a decision (oldest first), or None for a user
    who does not review them. The read is audited."""
    if not may_review_duplicates(user):
        return None
    candidates = MatchCandidate.objects.filter(status=MatchStatus.CANDIDATE).select_related(
        "person_a__organisation", "person_b__organisation"
    )[:LISTED]
    pairs = [
        PossibleDuplicate(
            pk=c.pk,
            reason=str(c.get_reason_display()),
            probability=c.probability,
            a=SideOfPair(c.person_a.organisation.short_name, c.person_a.registered_on),
            b=SideOfPair(c.person_b.organisation.short_name, c.person_b.registered_on),
            agreement=_agreement(c.person_a, c.person_b),
        )
        for c in candidates
    ]
    audit.record(
        actor=user, action="beneficiaries.duplicates.reviewed", detail={"shown": len(pairs)}
    )
    return pairs


def candidate_to_decide(user: Actor, pk: UUID | str) -> MatchCandidate | None:
    if not may_review_duplicates(user):
        return None
    return MatchCandidate.objects.filter(pk=pk).first()
