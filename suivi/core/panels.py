"""What a home page panel holds, whatever app computes it.

Each domain app names a function of the user on its AppConfig
(`home_panels = "suivi.x.home.panels"`) returning a list of `Panel`; the
accounts app's home page gathers them (so accounts depends on none of the
domain apps) and renders them all with one template. A panel is computed
from the app's selectors: figures (a number, what it counts, a link), an
optional table (the numbers as text) and an optional chart of the same
numbers. Nothing in a panel is fixed text that the data could contradict.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from suivi.core.charts import Chart


@dataclass(frozen=True)
class Figure:
    label: str
    # A number, or "< 5" for a small count withheld (indicators/disclosure.py).
    value: int | str
    url: str = ""
    # "alert" draws attention (something waits or is late), "" is neutral.
    tone: str = ""


@dataclass(frozen=True)
class Table:
    head: list[str]
    rows: list[list[object]]
    caption: str = ""
    # Per row: a link for its first cell ("" for none).
    links: list[str] = field(default_factory=list)
    # Columns of text (left-aligned, read in their own direction); the
    # others are numbers.
    text_columns: tuple[int, ...] = ()

    @property
    def lines(self) -> list[tuple[str, list[tuple[object, bool]]]]:
        """Each row with its link and each cell with whether it is text."""
        return [
            (
                self.links[i] if i < len(self.links) else "",
                [(cell, j == 0 or j in self.text_columns) for j, cell in enumerate(row)],
            )
            for i, row in enumerate(self.rows)
        ]


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Panel:
    # Stable, for the page's anchors and the tests (never shown).
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    table: Table | None = None
    chart: Chart | None = None
    links: list[Link] = field(default_factory=list)
    # Said when the panel has nothing to show (computed, never assumed).
    note: str = ""
    # The key of a draft the browser may hold for this user (static/js/drafts.js
    # shows the line saying it waits to be sent): drafts never reach the server.
    draft: str = ""
    draft_url: str = ""
    # Lower first; apps spread their panels (10 work waiting, 50 figures, 90 links).
    order: int = 50
