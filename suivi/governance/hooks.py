"""What governance offers the lower apps through their hooks (they never
import governance)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from suivi.core.actors import Actor
from suivi.governance import selectors


def revision_approvals(
    user: Actor, revision_ids: Iterable[object]
) -> dict[object, list[dict[str, str]]]:
    """Programmes' `revision_approvals` hook: for each logframe revision, the
    modifications that produced it and the decision that approved them."""
    found: dict[object, list[dict[str, str]]] = {}
    for revision_id, modifications in selectors.revision_approvals(user, revision_ids).items():
        found[revision_id] = [
            {
                "text": str(modification.decision) if modification.decision else str(modification),
                "url": reverse(
                    "governance:detail",
                    args=["decisions", modification.decision.pk]
                    if modification.decision
                    else ["modifications", modification.pk],
                ),
            }
            for modification in modifications
        ]
    return found
