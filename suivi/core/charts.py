"""Charts as standalone SVG documents, drawn on the server with pygal.

One module so that pages, and later the DOCX and PDF reports, draw the same
charts from the same numbers: a `Chart` holds the SVG text (no script, no
external reference) and its text alternative. A page shows it as an image
(`as_img`, a data URI: the Content-Security-Policy of the page does not apply
inside an image, and nothing in it can run) next to a table of the same
numbers; a report embeds `chart.svg` unchanged.

Right-to-left: for Arabic pages the plot is mirrored (the first category and
the value axis on the right, time running from right to left) and every
text is turned back and laid out right to left, so labels read normally.
Numbers are plain decimals (no grouping), so a year never reads "2 020".
A text without right-to-left letters (a number, "12 %", "< 5", an indicator
code) is isolated left to right inside its right-to-left line (a `<tspan>`
with `unicode-bidi: isolate`), as pages isolate them in a `<bdi dir="ltr">`:
"< 5" never reads "5 >", nor "12 %" "% 12".
"""

from __future__ import annotations

import base64
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from html import escape

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

# Colour-blind-safe (Okabe–Ito) series colours; the target is grey.
COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00")
TARGET_COLOUR = "#8a8f98"

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#333333",
    foreground_strong="#1b1f24",
    foreground_subtle="#d5d9de",
    opacity=".9",
    opacity_hover=".9",
    font_family="system-ui, 'Segoe UI', 'Noto Sans', 'Noto Sans Arabic', sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=12,
    legend_font_size=14,
    title_font_size=15,
    colors=COLOURS,
)

Number = Decimal | int | float | None

# Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko
# and their presentation forms): a text holding none reads left to right.
RIGHT_TO_LEFT_LETTERS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Left-to-right isolate and its end (Unicode's LRI … PDI).
LEFT_TO_RIGHT_ISOLATE, POP_ISOLATE = "\u2066", "\u2069"


@dataclass(frozen=True)
class Series:
    title: str
    values: Sequence[Number]
    # A target or reference series is drawn in grey.
    reference: bool = False


@dataclass(frozen=True)
class Chart:
    svg: str
    alt: str

    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()

    def as_img(self, css_class: str = "chart") -> SafeString:
        return mark_safe(  # noqa: S308 - the alt text is escaped, the URI is base64
            f'<img class="{escape(css_class)}" src="{self.data_uri()}" alt="{escape(self.alt)}">'
        )

    def __html__(self) -> str:
        return str(self.as_img())


def _plain(value: Number) -> float | None:
    return None if value is None else float(value)


def _number(value: float) -> str:
    """12 → "12", 12.5 → "12.5": no thousands separator (years, codes)."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def bars(
    *,
    labels: Sequence[str],
    series: Sequence[Series],
    alt: str,
    right_to_left: bool = False,
    percent: bool = False,
    width: int = 720,
    height: int = 340,
) -> Chart:
    """Grouped vertical bars: one group per label, one bar per series. The
    same numbers give the same document, so it is drawn once per process
    (pygal takes tens of milliseconds) and reused."""
    frozen = tuple(
        (item.title, tuple(_plain(v) for v in item.values), item.reference) for item in series
    )
    return _bars(tuple(labels), frozen, alt, right_to_left, percent, width, height)


@lru_cache(maxsize=512)
def _bars(
    labels: tuple[str, ...],
    series: tuple[tuple[str, tuple[float | None, ...], bool], ...],
    alt: str,
    right_to_left: bool,
    percent: bool,
    width: int,
    height: int,
) -> Chart:
    chart = pygal.Bar(
        style=_style([reference for _title, _values, reference in series]),
        js=[],
        disable_xml_declaration=True,
        width=width,
        height=height,
        explicit_size=False,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(series), 4) or 1,
        truncate_legend=-1,
        truncate_label=-1,
        x_label_rotation=0 if len(labels) <= 12 else 35,
        value_formatter=(lambda v: _number(v) + " %") if percent else _number,
        print_values=len(labels) * len(series) <= 16,
        margin=12,
        spacing=8,
        include_x_axis=True,
        no_data_text="—",
        show_y_guides=True,
        y_labels_major_every=None,
    )
    chart.x_labels = list(labels)
    ticks = _ticks([v for _t, values, _r in series for v in values if v is not None], percent)
    if ticks:
        chart.y_labels = ticks
    for title, values, _reference in series:
        chart.add(title, list(values))
    return _finish(chart.render(is_unicode=True), alt, right_to_left)


def _ticks(values: Sequence[float], percent: bool) -> list[int] | None:
    """The value axis's labels where pygal's own would mislead: nothing but
    zeros drew an axis of 0.1 % steps (read as "nearly nothing"), and small
    counts got fractional ticks (half a person). None keeps pygal's."""
    top = max(values, default=0)
    if top <= 0:
        return [0, 25, 50, 75, 100] if percent else [0, 1, 2, 3, 4, 5]
    if not percent and top < 10:
        return list(range(0, math.ceil(top) + 1))
    return None


def _style(references: Sequence[bool]) -> Style:
    colours = []
    palette = iter(COLOURS)
    for reference in references:
        colours.append(TARGET_COLOUR if reference else next(palette, COLOURS[0]))
    style = Style(**{**STYLE.to_dict(), "colors": tuple(colours)})
    return style


def _finish(svg: str, alt: str, right_to_left: bool) -> Chart:
    """Strip pygal's scripts (tooltips we do not ship), give the document its
    title, and mirror it for right-to-left reading."""
    svg = re.sub(r"<script\b.*?</script>", "", svg, flags=re.DOTALL)
    root = ET.fromstring(svg)  # noqa: S314 - our own output, not user input
    for old_title in root.findall(f"{{{SVG_NS}}}title"):
        root.remove(old_title)
    if right_to_left:
        _mirror(root)
    title = ET.Element(f"{{{SVG_NS}}}title")
    title.text = alt
    root.insert(0, title)
    root.set("role", "img")
    root.set("aria-label", alt)
    return Chart(svg=_serialise(root), alt=alt)


def _serialise(root: ET.Element) -> str:
    """The document with SVG as its default namespace, whatever prefixes other
    libraries registered in ElementTree's global table (qrcode names SVG's)."""
    for element in root.iter():
        if element.tag.startswith(f"{{{SVG_NS}}}"):
            element.tag = element.tag[len(SVG_NS) + 2 :]
        for name in [n for n in element.attrib if n.startswith(f"{{{XLINK_NS}}}")]:
            element.set("xlink:" + name[len(XLINK_NS) + 2 :], element.attrib.pop(name))
    root.set("xmlns", SVG_NS)
    root.set("xmlns:xlink", XLINK_NS)
    return ET.tostring(root, encoding="unicode")


def _mirror(root: ET.Element) -> None:
    width = float(root.get("viewBox", "0 0 720 340").split()[2])
    group = ET.Element(f"{{{SVG_NS}}}g", {"transform": f"matrix(-1 0 0 1 {width:g} 0)"})
    for child in list(root):
        if child.tag in (f"{{{SVG_NS}}}defs", f"{{{SVG_NS}}}title"):
            continue
        root.remove(child)
        group.append(child)
    root.append(group)
    for text in root.iter(f"{{{SVG_NS}}}text"):
        x = float(text.get("x", "0") or 0)
        own = text.get("transform", "")
        # Turned back around its own anchor: it reads left to right again,
        # placed where the mirror put it.
        text.set("transform", f"translate({2 * x:g} 0) scale(-1 1) {own}".strip())
        # Laid out right to left: "start" is now the right end of the text.
        text.set("direction", "rtl")
        text.set("style", "direction: rtl; unicode-bidi: embed")
        _isolate_left_to_right(text)


def _isolate_left_to_right(text: ET.Element) -> None:
    """Put a label without right-to-left letters ("180 %", "< 5", a code)
    between a left-to-right isolate and its end: it reads left to right
    while the line keeps its right-to-left anchoring. (A `<tspan
    direction="ltr">` did the first but Chromium then anchored the line left
    to right: the axis labels slid into the plot.)"""
    content = text.text or ""
    if not content.strip() or RIGHT_TO_LEFT_LETTERS.search(content):
        return
    text.text = f"{LEFT_TO_RIGHT_ISOLATE}{content}{POP_ISOLATE}"
