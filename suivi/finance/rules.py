"""The budget-change rules of DTF §8.3.4.3, evaluated on figures.

Pure functions over amounts per budget line code: `compare` puts a new state
(a proposed revision's amounts, or what was actually spent so far) beside
the last approved budget and lists each `Breach` with the rule, the figures
and whether a COPIL decision covers it. The selectors gather the figures;
the services refuse to approve a revision whose breaches no decision covers.

The rules (see README.md, "Budget-change rules"):

- **result or general-means rubric** (``A 01``, ``Z 02``…): the overrun is
  above 10 % of the last approved budget of that result or rubric;
- **line**: the overrun is above 20 % of the line's last approved budget
  *and* strictly above €50,000;
- **general means in a year**: what is spent on Z in a year is above the
  year's planned general means by more than 5 % (only where a yearly
  planning of Z exists);
- **reserve**: any use of the reserve X (spending on it, or a revision that
  takes money out of it) needs the COPIL's prior approval;
- **totals per mode of execution** and **total of general means**: no
  overrun at all without the COPIL's approval.

"Above" is strict everywhere: an overrun of exactly 10 % is within the rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

RUBRIC_SHARE = Decimal("0.10")
LINE_SHARE = Decimal("0.20")
LINE_FLOOR = Decimal("50000")
YEARLY_GENERAL_MEANS_SHARE = Decimal("0.05")
ZERO = Decimal("0")

RULE_LABELS = {
    "rubric": gettext_lazy("Overrun of a result or a general-means rubric above 10 %"),
    "line": gettext_lazy("Overrun of a budget line above 20 % and above €50,000"),
    "general_means_year": gettext_lazy("General means of the year overrun by more than 5 %"),
    "reserve": gettext_lazy("Use of the budget reserve"),
    "mode_total": gettext_lazy("Overrun of the total of a mode of execution"),
    "general_means_total": gettext_lazy("Overrun of the total of general means"),
}


@dataclass(frozen=True)
class Line:
    code: str  # "A 01 01"
    amount: Decimal
    mode: str = ""

    @property
    def group(self) -> str:
        return self.code.split()[0]

    @property
    def rubric(self) -> str:
        return " ".join(self.code.split()[:2])


@dataclass(frozen=True)
class Breach:
    rule: str
    scope: str  # a code, a mode of execution, or a year
    approved: Decimal
    new: Decimal
    limit: Decimal  # the overrun allowed
    covered: bool

    @property
    def overrun(self) -> Decimal:
        return self.new - self.approved

    @property
    def label(self) -> str:
        return str(RULE_LABELS[self.rule])

    @property
    def scope_label(self) -> str:
        if self.rule == "mode_total":
            from suivi.programmes.models import ExecutionMode

            return str(dict(ExecutionMode.choices).get(self.scope, self.scope) or _("no mode"))
        if self.rule == "general_means_year":
            return _("year %(year)s") % {"year": self.scope}
        return self.scope


def _sum_by(lines: Iterable[Line], key: str) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        sums[getattr(line, key)] += line.amount
    return sums


def compare(
    approved: Iterable[Line], new: Iterable[Line], *, covered: bool = False
) -> list[Breach]:
    """The breaches of `new` against the last `approved` budget. `covered`:
    whether a COPIL decision covers them (a revision citing its decision)."""
    approved, new = list(approved), list(new)
    old_by_code = {line.code: line.amount for line in approved}
    breaches: list[Breach] = []
    # Results (A 01…) and general-means rubrics (Z 01…): more than 10 %.
    old_rubrics, new_rubrics = _sum_by(approved, "rubric"), _sum_by(new, "rubric")
    for rubric in sorted(set(old_rubrics) | set(new_rubrics)):
        if rubric.split()[0] == "X":
            continue
        before, after = old_rubrics.get(rubric, ZERO), new_rubrics.get(rubric, ZERO)
        limit = before * RUBRIC_SHARE
        if after - before > limit:
            breaches.append(Breach("rubric", rubric, before, after, limit, covered))
    # Lines: more than 20 % and strictly more than €50,000.
    for line in new:
        if line.group == "X":
            continue
        before = old_by_code.get(line.code, ZERO)
        overrun = line.amount - before
        limit = max(before * LINE_SHARE, LINE_FLOOR)
        if overrun > before * LINE_SHARE and overrun > LINE_FLOOR:
            breaches.append(Breach("line", line.code, before, line.amount, limit, covered))
    # Totals per mode of execution, and of general means: no overrun.
    old_modes, new_modes = _sum_by(approved, "mode"), _sum_by(new, "mode")
    for mode in sorted(set(old_modes) | set(new_modes)):
        before, after = old_modes.get(mode, ZERO), new_modes.get(mode, ZERO)
        if after > before:
            breaches.append(Breach("mode_total", mode, before, after, ZERO, covered))
    old_groups, new_groups = _sum_by(approved, "group"), _sum_by(new, "group")
    before, after = old_groups.get("Z", ZERO), new_groups.get("Z", ZERO)
    if after > before:
        breaches.append(Breach("general_means_total", "Z", before, after, ZERO, covered))
    return breaches


def reserve_taken(
    approved: Iterable[Line], proposed: Iterable[Line], *, covered: bool
) -> list[Breach]:
    """A revision that lowers the reserve X uses it."""
    before = sum((line.amount for line in approved if line.group == "X"), ZERO)
    after = sum((line.amount for line in proposed if line.group == "X"), ZERO)
    if after < before:
        return [Breach("reserve", "X", before, before + (before - after), ZERO, covered)]
    return []


def reserve_spent(spent: Iterable[Line]) -> list[Breach]:
    """Spending booked on the reserve X uses it."""
    used = sum((line.amount for line in spent if line.group == "X"), ZERO)
    if used > ZERO:
        return [Breach("reserve", "X", ZERO, used, ZERO, False)]
    return []


def general_means_years(
    planned: Mapping[int, Decimal], spent: Mapping[int, Decimal]
) -> list[Breach]:
    """Each year whose general means (Z) spending exceeds the year's planned
    general means by more than 5 %. Years without a planning are not judged."""
    breaches = []
    for year in sorted(planned):
        before, after = planned[year], spent.get(year, ZERO)
        limit = before * YEARLY_GENERAL_MEANS_SHARE
        if after - before > limit:
            breaches.append(Breach("general_means_year", str(year), before, after, limit, False))
    return breaches


def on_revision(
    approved: Iterable[Line], proposed: Iterable[Line], *, covered: bool
) -> list[Breach]:
    """Every breach a proposed revision makes against the last approved budget."""
    approved, proposed = list(approved), list(proposed)
    return compare(approved, proposed, covered=covered) + reserve_taken(
        approved, proposed, covered=covered
    )


def on_spending(
    approved: Iterable[Line],
    spent: Iterable[Line],
    *,
    planned_general_means: Mapping[int, Decimal],
    general_means_spent: Mapping[int, Decimal],
) -> list[Breach]:
    """Every breach of what was actually spent (per line, all years) against
    the last approved budget; no decision covers spending beyond it (a
    revision approved by the COPIL raises the approved budget instead)."""
    approved, spent = list(approved), list(spent)
    spent_no_reserve = [line for line in spent if line.group != "X"]
    approved_no_reserve = [line for line in approved if line.group != "X"]
    return (
        compare(approved_no_reserve, spent_no_reserve)
        + reserve_spent(spent)
        + general_means_years(planned_general_means, general_means_spent)
    )
