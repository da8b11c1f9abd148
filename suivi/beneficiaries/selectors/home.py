"""What the home pages read from the person records: a partner's (or a
community agent's own) registrations and services this month and this year
by sex and category and by month, its referrals waiting for an answer, its
contribution to each computed indicator, and the duplicates to review.

Grouped counts only: a fixed number of queries whatever the number of
persons, services or referrals. Counts of 1 to 4 are withheld from readers
outside the M&E staff (`indicators/disclosure.py`), as on every aggregate
page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, F, Max, Q
from django.utils import timezone

from suivi.accounts.policies import organisation_ids_of
from suivi.beneficiaries import policies
from suivi.beneficiaries.models import (
    ComputedFact,
    JourneyEvent,
    MatchCandidate,
    MatchStatus,
    Referral,
    ReferralStatus,
)
from suivi.beneficiaries.selectors.persons import persons_for
from suivi.core.actors import Actor, as_user
from suivi.indicators import cells, disclosure
from suivi.indicators.models import DimensionValue
from suivi.indicators.selectors.sheets import indicators_for

OVERDUE_AFTER = timedelta(days=14)


@dataclass(frozen=True)
class Tally:
    """Counts of one year: per month, and per (sex, category) for the year
    and for the current month. Cell keys follow `indicators.cells`
    (``sex=women``, ``category=refugee|sex=women``), so the disclosure rule
    applies to them as to any computed figure."""

    year: int
    month: int
    by_month: dict[int, int] = field(default_factory=dict)
    year_cells: dict[str, int] = field(default_factory=dict)
    month_cells: dict[str, int] = field(default_factory=dict)
    # Whether `year` is the current year (else a past one, all its months).
    current: bool = True

    @property
    def year_total(self) -> int:
        return sum(self.by_month.values())

    @property
    def month_total(self) -> int:
        return self.by_month.get(self.month, 0) if self.current else 0


def _tally(
    rows: list[dict[str, object]], today: date, codes: dict[object, str], *, current: bool
) -> Tally:
    by_month: Counter[int] = Counter()
    year_cells: Counter[str] = Counter()
    month_cells: Counter[str] = Counter()
    for row in rows:
        n = int(row["n"])  # type: ignore[call-overload]
        day = row["day"]
        month = day.month if isinstance(day, date) else int(str(day)[5:7])
        sex, category = str(row["sex"]), codes.get(row["category"], str(row["category"]))
        by_month[month] += n
        keys = [
            f"sex={sex}",
            f"category={category}",
            cells.make_key({"category": category, "sex": sex}),
        ]
        for key in keys:
            year_cells[key] += n
            if current and month == today.month:
                month_cells[key] += n
    return Tally(
        today.year, today.month, dict(by_month), dict(year_cells), dict(month_cells), current
    )


@dataclass(frozen=True)
class Activity:
    registrations: Tally
    services: Tally
    categories: list[DimensionValue]
    persons_ever: int = 0
    services_ever: int = 0


def activity(user: Actor, *, own_only: bool = False, today: date | None = None) -> Activity:
    """Persons registered and services recorded by `user`'s organisations
    (with `own_only`, persons `user` registered) in the current year — or,
    when nothing was recorded yet this year, in the latest year with records
    (its months all shown) — and the totals of all years."""
    today = today or timezone.localdate()
    organisations = organisation_ids_of(user)
    people = persons_for(user).filter(organisation__in=organisations, registered_on__lte=today)
    if own_only:
        people = people.filter(registered_by=as_user(user))
    events = JourneyEvent.objects.filter(organisation__in=organisations, occurred_on__lte=today)
    if own_only:
        events = events.none()
    latest_person = people.aggregate(n=Count("pk"), last=Max("registered_on"))
    latest_event = events.aggregate(n=Count("pk"), last=Max("occurred_on"))
    lasts = [d for d in (latest_person["last"], latest_event["last"]) if d]
    # A past year is shown with all its months.
    past = bool(lasts) and max(lasts).year < today.year
    shown = date(max(lasts).year, 12, 31) if past else today
    start = shown.replace(month=1, day=1)
    registered = list(
        # Grouped by day (at most 366 × sexes × categories rows), months added
        # up here: no per-row date function in the database.
        people.filter(registered_on__gte=start)
        .values("sex", "category", day=F("registered_on"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    services = list(
        events.filter(occurred_on__gte=start)
        .values(day=F("occurred_on"), sex=F("person__sex"), category=F("person__category"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    ids = {row["category"] for row in [*registered, *services]}
    categories = list(DimensionValue.objects.filter(pk__in=ids).order_by("order", "code"))
    codes: dict[object, str] = {c.pk: c.code for c in categories}
    return Activity(
        _tally(registered, shown, codes, current=shown == today),
        _tally(services, shown, codes, current=shown == today),
        categories,
        persons_ever=latest_person["n"],
        services_ever=latest_event["n"],
    )


def withheld(numbers: dict[str, int], exact: bool) -> dict[str, int | str]:
    """`numbers` (a total under the empty key and its cells) as the reader
    may see them: the small counts and those that would give them back
    replaced by "< 5" (indicators/disclosure.py), unless `exact`."""
    if exact:
        return dict(numbers)
    hidden = disclosure.suppressed_cells({k: v for k, v in numbers.items()})  # type: ignore[misc]
    return {k: (disclosure.SUPPRESSED if k in hidden else v) for k, v in numbers.items()}


@dataclass(frozen=True)
class ReferralCounts:
    to_answer: int  # received, waiting for the user's organisation's answer
    to_answer_overdue: int
    awaiting: int  # sent, waiting for the receiver's answer
    awaiting_overdue: int


def referral_counts(user: Actor, today: date | None = None) -> ReferralCounts | None:
    """Referrals waiting for an answer, received and sent by `user`'s
    organisations, and those waiting more than 14 days; None for whoever
    does not answer referrals."""
    if not policies.may_serve_referrals(user):
        return None
    late = (today or timezone.localdate()) - OVERDUE_AFTER
    organisations = organisation_ids_of(user)
    waiting = Q(status=ReferralStatus.SENT)
    received = Q(to_organisation__in=organisations) & waiting
    sent = Q(from_organisation__in=organisations) & waiting
    counts = Referral.objects.filter(received | sent).aggregate(
        to_answer=Count("pk", filter=received),
        to_answer_overdue=Count("pk", filter=received & Q(sent_on__lt=late)),
        awaiting=Count("pk", filter=sent),
        awaiting_overdue=Count("pk", filter=sent & Q(sent_on__lt=late)),
    )
    return ReferralCounts(**counts)


@dataclass(frozen=True)
class Contribution:
    indicator_id: object
    code: str
    year: int
    mine: int
    total: int


def contributions(user: Actor) -> list[Contribution]:
    """For each computed indicator `user` sees: in the latest year computed,
    how many of the persons it counts were first registered by `user`'s
    organisations, out of all it counts (two grouped queries)."""
    organisations = organisation_ids_of(user)
    if not organisations:
        return []
    visible = indicators_for(user).values("pk")
    latest = (
        ComputedFact.objects.filter(
            person__organisation__in=organisations, computation__indicator__in=visible
        )
        .values("computation")
        .annotate(year=Max("year"))
        .order_by()
    )
    years = {row["computation"]: row["year"] for row in latest}
    if not years:
        return []
    wanted = Q()
    for computation, year in years.items():
        wanted |= Q(computation=computation, year=year)
    rows = (
        ComputedFact.objects.filter(wanted)
        .values("computation", "computation__indicator", "computation__indicator__code", "year")
        .annotate(
            total=Count("pk"),
            mine=Count("pk", filter=Q(person__organisation__in=organisations)),
        )
        .order_by("computation__indicator__code")
    )
    return [
        Contribution(
            row["computation__indicator"],
            row["computation__indicator__code"],
            row["year"],
            row["mine"],
            row["total"],
        )
        for row in rows
    ]


def duplicates_to_review(user: Actor) -> int | None:
    """How many possible duplicates wait for a decision; None for whoever
    does not review them."""
    if not policies.may_review_duplicates(user):
        return None
    return MatchCandidate.objects.filter(status=MatchStatus.CANDIDATE).count()
