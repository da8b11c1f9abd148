"""Every URL pattern × every user × the objects of each organisation, against
the access table (`url_access.py`): the status each user gets with GET, its
HTMX fragment and downloads, and POST; what the body must never show; and
that a refusal wrote nothing. A pattern missing from the table fails."""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from suivi.demo.tests import url_access as table
from suivi.demo.tests import url_access_users as access_users
from suivi.demo.tests.url_access_world import GLOBAL_VALUES, World, build

LOGIN = reverse("accounts:login")
ADMIN_LOGIN = reverse("admin:login")


# -- The URLconf ------------------------------------------------------------------------
@dataclass(frozen=True)
class Pattern:
    key: str  # the URL name, or "route:<route>" for an unnamed pattern
    route: str  # the full route, prefixes included
    params: tuple[str, ...]
    named: bool


def _params(pattern: URLPattern | URLResolver) -> list[str]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters:
        return list(converters)
    return list(pattern.pattern.regex.groupindex)


def _walk(
    resolver: URLResolver | None = None, namespace: str = "", prefix: str = "", params=()
) -> Iterator[Pattern]:
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        found = (*params, *_params(pattern))
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern, ns, route, found)
        elif pattern.name:
            yield Pattern(f"{namespace}{pattern.name}", route, found, True)
        else:
            yield Pattern(f"route:{route}", route, found, False)


def _patterns() -> dict[str, Pattern]:
    patterns: dict[str, Pattern] = {}
    for pattern in _walk():
        # Two patterns under one name: reverse() reaches only one of them.
        assert pattern.key not in patterns, f"two URL patterns are named {pattern.key}"
        patterns[pattern.key] = pattern
    return patterns


PATTERNS = _patterns()


def _path(pattern: Pattern, values: dict[str, Any]) -> str:
    missing = [p for p in pattern.params if p not in values]
    if missing:
        raise LookupError(
            f"cannot fill {', '.join(missing)}: give the pattern targets whose values "
            "include them (url_access.py, TARGETS in url_access_world.py)"
        )
    if pattern.named:
        return reverse(pattern.key, kwargs={p: values[p] for p in pattern.params})
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m[1]]), pattern.route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m[1]]), route)
    return "/" + route.replace("^", "").replace("$", "")


# -- The objects the patterns are filled with ------------------------------------------


@pytest.fixture(scope="module")
def world(demo_data, django_db_blocker):
    """Built once for this module in a savepoint rolled back at its end."""
    quiet = logging.getLogger("django.request")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # thousands of expected 404s
    with django_db_blocker.unblock(), transaction.atomic():
        w = World()
        build(w)
        yield w
        transaction.set_rollback(True)
    quiet.setLevel(level)
    print(f"\nURL access: {w.requests} requests")  # shown with -s


# -- What a refusal must not have written ------------------------------------------------
WRITE = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\W?(\w+)", re.IGNORECASE)
# A request may renew its session (suivi.core.sessions): not a write of the view's.
NOT_WRITES = {"django_session"}


class Writes:
    """The tables a request writes to (a database execute wrapper: it sees each
    statement, without the cost of recording every query)."""

    def __init__(self) -> None:
        self.tables: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        if match := WRITE.match(sql):
            self.tables.add(match[1])
        return execute(sql, params, many, context)

    def written(self) -> list[str]:
        return sorted(self.tables - NOT_WRITES)


# -- Expectations --------------------------------------------------------------------------
def expected(entry: dict, method: str, user: str, target: str | None) -> object:
    spec = entry.get(method)
    if spec is None:
        raise LookupError(f"the entry does not say what {method} answers")
    default: object = "login" if user == access_users.ANONYMOUS else entry.get("else", 404)
    if not isinstance(spec, dict):
        return default if user == access_users.ANONYMOUS else spec
    for status, who in spec.items():
        if isinstance(who, dict):
            who = who.get(target, ())
        if user in who:
            return status
    return default


def _value_of(name: str, values: dict[str, Any], w: World) -> Any:
    if name in values:
        return values[name]
    if name.startswith("name_part:"):  # a person target's family name, but its start,
        # so that a search page echoing the query does not show the name itself
        return w.objects[name.partition(":")[2]].family_name[3:]
    return GLOBAL_VALUES[name](w)


def _resolve(data: dict[str, Any], values: dict[str, Any], w: World) -> dict[str, Any]:
    return {
        key: _value_of(value[1:], values, w)
        if isinstance(value, str) and value.startswith("@")
        else value
        for key, value in data.items()
    }


@dataclass(frozen=True)
class Request:
    method: str
    target: str | None
    path: str
    query: str = ""
    hx: bool = False

    def __str__(self) -> str:
        hx = " (HX-Request)" if self.hx else ""
        where = f" [{self.target}]" if self.target else ""
        return f"{self.method} {self.path}{self.query}{hx}{where}"


def _uniform(entry: dict, method: str, user: str) -> bool:
    """Whether `user`'s answer to `method` is the same whatever the target (the
    method is not allowed, or the anonymous user is sent to sign in): then the
    first target stands for all."""
    spec = entry.get(method)
    if user == access_users.ANONYMOUS:
        return not isinstance(spec, dict) or all(user not in who for who in spec.values())
    return not isinstance(spec, dict)


def _query(query: str, target: str | None, w: World) -> str:
    values = w.target(target) if target else {}
    return re.sub(r"@\{([^}]+)\}", lambda m: str(_value_of(m[1], values, w)), query)


def _requests(pattern: Pattern, entry: dict, user: str, w: World) -> Iterator[Request]:
    """Every GET first (page, fragment, variants), then the POSTs: a POST's
    change never shows in a later GET of the same test."""
    targets = entry.get("targets") or [None]
    if pattern.params and targets == [None]:
        raise LookupError("the pattern has parameters: declare its targets")
    paths = [(t, _path(pattern, w.target(t) if t else {})) for t in targets]
    for target, path in paths[:1] if _uniform(entry, "GET", user) else paths:
        if entry.get("hx"):
            yield Request("GET", target, path, hx=True)
        for query in entry.get("queries", ("",)):
            yield Request("GET", target, path, query=_query(query, target, w))
    for target, path in paths[:1] if _uniform(entry, "POST", user) else paths:
        yield Request("POST", target, path)


def _outcome(response, anonymous: bool) -> object:
    if response.status_code == 302:
        if response["Location"].startswith(LOGIN):
            return "login"
        if response["Location"].startswith(ADMIN_LOGIN):
            # The admin's sign-in page sends the anonymous user on to Suivi's.
            return "login" if anonymous else "admin-login"
    return response.status_code


def _text(response) -> str:
    if getattr(response, "streaming", False):
        # Read to the end: the test client then closes the response (and its file).
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if content[:2] == b"PK":  # xlsx: the text of its XML parts
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = b"\n".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
    return content.decode("utf-8", "replace")


NAME = re.compile(r"Fictif-\d{4}")
REF = re.compile(r"\b[A-Z]{2,6}-\d{5}\b")
PSEUDONYM = re.compile(r"<code[^>]*>([0-9a-f]{8})</code>")
CODE = re.compile(r"\b[A-Z]{3}\d{7}_[\w.]*\w")


def _shown(body: str, w: World, entry: dict, user: str, target: str | None) -> list[str]:
    """What the body shows that `user` may not see."""
    found: list[str] = []
    if user not in entry.get("may_show_names", ()):
        names = set(NAME.findall(body)) & w.all_names
        found += sorted(names - w.names[user])
        refs = set(REF.findall(body)) & w.all_refs
        found += sorted(refs - w.refs[user])
    prefixes = set(PSEUDONYM.findall(body)) & w.all_prefixes
    found += [f"<code>{p}</code>" for p in sorted(prefixes - w.prefixes[user])]
    codes = set(CODE.findall(body)) & w.all_codes
    found += sorted(codes - w.codes[user])
    for rule in entry.get("must_not_show", ()):
        if "targets" in rule and target not in rule["targets"]:
            continue
        if "users" in rule and user not in rule["users"]:
            continue
        found += [s for s in rule["strings"] if s in body]
    return found


def _brief(items: list[str]) -> str:
    return ", ".join(items[:5]) + (f" … ({len(items)} in all)" if len(items) > 5 else "")


def check(w: World, key: str, entry: dict, user: str) -> list[str]:
    """Send every request of `key` as `user`; the list of what went wrong."""
    pattern = PATTERNS[key]
    client = Client()
    if user != access_users.ANONYMOUS:
        client.cookies[settings.SESSION_COOKIE_NAME] = w.sessions[user]
    problems = []
    for request in _requests(pattern, entry, user, w):
        values = w.target(request.target) if request.target else {}
        want = expected(entry, request.method, user, request.target)
        headers = {"HX-Request": "true"} if request.hx else {}
        w.requests += 1
        try:
            writes = Writes()
            with connection.execute_wrapper(writes):
                if request.method == "GET":
                    response = client.get(request.path + request.query, headers=headers)
                else:
                    data = _resolve(entry.get("data", {}), values, w)
                    response = client.post(request.path, data, headers=headers)
        except Exception as error:
            problems.append(f"{request}: expected {want}, raised {error!r}")
            continue
        got = _outcome(response, user == access_users.ANONYMOUS)
        if got != want:
            where = f" to {response['Location']}" if response.status_code == 302 else ""
            problems.append(f"{request}: expected {want}, got {got}{where}")
        shown = _shown(_text(response), w, entry, user, request.target)
        if shown:
            problems.append(f"{request}: shows {_brief(shown)}")
        # A refusal: 404, 405, or the anonymous user sent to sign in.
        refused = got in (404, 405, "admin-login") or (
            got == "login" and user == access_users.ANONYMOUS
        )
        written = writes.written() if refused else []
        if written:
            problems.append(f"{request}: answered {got} but wrote to {', '.join(written)}")
    return problems


# -- The tests -------------------------------------------------------------------------------
def _cases() -> list[Any]:
    cases = []
    for key in PATTERNS:
        xfail = table.URLS.get(key, {}).get("xfail", {})
        for user in access_users.USERS:
            marks = []
            if user in xfail:
                marks.append(pytest.mark.xfail(strict=True, reason=xfail[user]))
            cases.append(pytest.param(key, user, id=f"{key}|{user}", marks=marks))
    return cases


@pytest.fixture
def db(world, django_db_blocker):
    """Each test in a savepoint of the module's transaction, so what its POSTs
    wrote is gone for the next one. This replaces pytest-django's `db` (a test
    case per test, too heavy for about 1,800 tests); its name still tells
    pytest-django to create the test database."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield world
        transaction.set_rollback(True)


@pytest.mark.parametrize(("key", "user"), _cases())
def test_url_access(db, key, user):
    world = db
    entry = table.URLS.get(key)
    if entry is None:
        pytest.fail(
            f"{key} (/{PATTERNS[key].route}) is not in the access table: declare it in "
            "suivi/demo/tests/url_access.py",
            pytrace=False,
        )
    try:
        problems = check(world, key, entry, user)
    except LookupError as error:
        pytest.fail(f"{key}: {error}", pytrace=False)
    if problems:
        pytest.fail(f"{key} as {user}:\n  " + "\n  ".join(problems), pytrace=False)


def _declared_users(entry: dict) -> set[str]:
    users: set[str] = set(entry.get("xfail", {})) | set(entry.get("may_show_names", ()))
    for method in ("GET", "POST"):
        spec = entry.get(method)
        for who in spec.values() if isinstance(spec, dict) else ():
            for group in who.values() if isinstance(who, dict) else [who]:
                users |= set(group)
    for rule in entry.get("must_not_show", ()):
        users |= set(rule.get("users", ()))
    return users


def _declared_targets(entry: dict) -> set[str]:
    targets: set[str] = set()
    for method in ("GET", "POST"):
        spec = entry.get(method)
        for who in spec.values() if isinstance(spec, dict) else ():
            targets |= set(who) if isinstance(who, dict) else set()
    for rule in entry.get("must_not_show", ()):
        targets |= set(rule.get("targets", ()))
    return targets


COVERED = f"{len(PATTERNS)} URL patterns x {len(access_users.USERS)} users"


@pytest.mark.parametrize("covered", [len(PATTERNS)], ids=[COVERED.replace(" ", "-")])
def test_the_table_declares_every_url_pattern(covered):
    walked, declared = set(PATTERNS), set(table.URLS)
    assert not walked - declared, f"not in url_access.py: {sorted(walked - declared)}"
    assert not declared - walked, f"no such URL pattern: {sorted(declared - walked)}"
    for key, entry in table.URLS.items():
        unknown = _declared_users(entry) - set(access_users.USERS)
        assert not unknown, f"{key}: unknown users {sorted(unknown)}"
        stray = _declared_targets(entry) - set(entry.get("targets", ()))
        assert not stray, f"{key}: targets not in its targets list {sorted(stray)}"
    print(f"\nURL access table: {COVERED} covered")
    assert covered == len(table.URLS), COVERED


# -- The same pages read for their text, with this module's world ------------------------
from suivi.demo.tests.page_text import (  # noqa: E402 (after the fixtures they use)
    test_no_page_prints_a_year_as_a_number,
    test_person_pages_isolate_dates_codes_and_organisations_in_arabic,
    test_the_checker_finds_a_date_among_text,
    test_the_pattern_finds_grouped_years_and_only_them,
)

__all__ = [
    "test_no_page_prints_a_year_as_a_number",
    "test_person_pages_isolate_dates_codes_and_organisations_in_arabic",
    "test_the_checker_finds_a_date_among_text",
    "test_the_pattern_finds_grouped_years_and_only_them",
]
