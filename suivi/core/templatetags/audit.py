from typing import Any

from django import template
from django.utils.translation import gettext as _

from suivi.core.audit import action_label as _action_label
from suivi.core.models import AuditEvent

register = template.Library()

# Cells shown on one line of the trail; the rest is counted.
SHOWN_CELLS = 4


@register.filter
def action_label(action: str) -> str:
    return _action_label(action)


def _side(value: Any) -> str:
    return "—" if value is None or value == "" else str(value)


@register.filter
def audit_changes(event: AuditEvent) -> str:
    """What an event changed, short and readable, when its detail says it
    (no personal data is ever kept there): the cells of a computed value,
    before → after (``total 183 → 185 · sex=women 124 → 126 · +3``), or the
    entered values a recomputation kept. Empty for other events."""
    detail = event.detail if isinstance(event.detail, dict) else {}
    changed = detail.get("cells")
    if isinstance(changed, dict):
        parts = []
        for key, pair in list(changed.items())[:SHOWN_CELLS]:
            before, after = pair if isinstance(pair, list) and len(pair) == 2 else (None, None)
            parts.append(f"{key or _('total')} {_side(before)} → {_side(after)}")
        more = len(changed) - SHOWN_CELLS + int(detail.get("more_cells", 0))
        if more > 0:
            parts.append(f"+{more}")
        return " · ".join(parts)
    kept = detail.get("kept")
    if isinstance(kept, dict):
        lines = []
        if kept.get("entered"):
            lines.append(_("entered values kept: %(list)s") % {"list": _listed(kept["entered"])})
        if kept.get("not_declared"):
            lines.append(
                _("not declared computed: %(list)s") % {"list": _listed(kept["not_declared"])}
            )
        return " · ".join(lines)
    return ""


def _listed(items: list[str]) -> str:
    shown = ", ".join(str(item) for item in items[:SHOWN_CELLS])
    return f"{shown} +{len(items) - SHOWN_CELLS}" if len(items) > SHOWN_CELLS else shown
