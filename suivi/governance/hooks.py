"""Hooks, both ways: what governance answers to the lower apps' hooks (they
never import governance), and the hook it offers the apps above it.

`decision_approvals` (offered here): an app above governance names on its
AppConfig a dotted path to a function `(user, decision_ids) -> {decision_id:
[{"text", "url"}, …]}`: what each decision approved that the app holds
(finance: the budget versions pointing to it). The decision's page lists
them with the modifications of the DTF it approved; governance imports none
of those apps."""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.urls import reverse
from django.utils.module_loading import import_string

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


def decision_approvals(
    user: Actor, decision_ids: Iterable[object]
) -> dict[object, list[dict[str, str]]]:
    """What the apps above governance say each decision approved."""
    ids = list(decision_ids)
    found: dict[object, list[dict[str, str]]] = {}
    for config in apps.get_app_configs():
        path = getattr(config, "decision_approvals", None)
        if path:
            for decision_id, links in import_string(path)(user, ids).items():
                found.setdefault(decision_id, []).extend(links)
    return found
