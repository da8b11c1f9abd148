"""Hooks the programmes pages offer to the apps above them.

`revision_approvals`: an app names on its AppConfig a dotted path to a
function `(user, revision_ids) -> {revision_id: [{"text", "url"}, …]}`; the
logframe page shows, for each revision, what those functions return (the
governance app: the decision that approved it).

`result_links`: a dotted path to a function `(user, intervention) ->
{result_id: [{"text", "url"}, …]}`: pages the apps above hold about a result
of the chain, linked from its node on the logframe page (finance: the cost
of an output).

`years_in_use`: a dotted path to a function `(intervention) -> {year: what}`
— the years the app holds records of for the intervention (indicator values
and targets); an intervention's dates may not be changed to leave one out.
It reads with the system's scope: it guards a write, it shows nothing.

Programmes imports none of them."""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.utils.module_loading import import_string

from suivi.core.actors import Actor
from suivi.programmes.models import Intervention


def revision_approvals(
    user: Actor, revision_ids: Iterable[object]
) -> dict[object, list[dict[str, str]]]:
    ids = list(revision_ids)
    found: dict[object, list[dict[str, str]]] = {}
    for config in apps.get_app_configs():
        path = getattr(config, "revision_approvals", None)
        if path:
            for revision_id, links in import_string(path)(user, ids).items():
                found.setdefault(revision_id, []).extend(links)
    return found


def result_links(user: Actor, intervention: Intervention) -> dict[object, list[dict[str, str]]]:
    found: dict[object, list[dict[str, str]]] = {}
    for config in apps.get_app_configs():
        path = getattr(config, "result_links", None)
        if path:
            for result_id, links in import_string(path)(user, intervention).items():
                found.setdefault(result_id, []).extend(links)
    return found


def years_in_use(intervention: Intervention) -> dict[int, list[str]]:
    """Each year some app holds records of for `intervention`, with what."""
    found: dict[int, list[str]] = {}
    for config in apps.get_app_configs():
        path = getattr(config, "years_in_use", None)
        if path:
            for year, what in import_string(path)(intervention).items():
                found.setdefault(year, []).append(str(what))
    return found
