"""Every URL pattern × every user × the objects of each organisation, against
the access table (`url_access.py`): the status each user gets with GET, its
HTMX fragment and downloads, and POST; what the body must never show; and
that a refusal wrote nothing. A pattern missing from the table fails."""

from __future__ import annotations

import io
import logging
import re
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Q
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from suivi.accounts.tests.factories import SYSTEM
from suivi.demo.tests import url_access as table

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
            "include them (url_access.py, TARGETS in test_url_access.py)"
        )
    if pattern.named:
        return reverse(pattern.key, kwargs={p: values[p] for p in pattern.params})
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m[1]]), pattern.route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m[1]]), route)
    return "/" + route.replace("^", "").replace("$", "")


# -- The objects the patterns are filled with ------------------------------------------
def _today() -> str:
    return timezone.localdate().isoformat()


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("preuve.pdf", b"%PDF-1.4\n% test\n", content_type="application/pdf")


def _xlsx(kind: str) -> SimpleUploadedFile:
    from suivi.interop.records.template import write_template

    return SimpleUploadedFile(
        f"{kind}.xlsx",
        write_template(kind),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@dataclass
class World:
    """The demo data plus what it lacks (values waiting for review, a sent
    referral, import jobs, a recomputation, supporting files, extra users), the
    users' sessions, and what each user may see."""

    users: dict[str, Any] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    names: dict[str, frozenset[str]] = field(default_factory=dict)
    refs: dict[str, frozenset[str]] = field(default_factory=dict)
    prefixes: dict[str, frozenset[str]] = field(default_factory=dict)
    codes: dict[str, frozenset[str]] = field(default_factory=dict)
    all_names: frozenset[str] = frozenset()
    all_refs: frozenset[str] = frozenset()
    all_prefixes: frozenset[str] = frozenset()
    all_codes: frozenset[str] = frozenset()
    cache: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: int = 0

    def target(self, name: str) -> dict[str, Any]:
        if name not in self.cache:
            kind, _sep, label = name.partition(":")
            if kind not in TARGETS:
                raise LookupError(f"no target kind {kind!r}: add it to TARGETS")
            self.cache[name] = TARGETS[kind](self, label)
        return self.cache[name]


def _one(queryset, what: str):
    found = queryset.first()
    if found is None:
        raise LookupError(f"the demo has no {what}")
    return found


def _organisation(w: World, code: str) -> dict[str, Any]:
    from suivi.accounts.models import Organisation

    return {"pk": Organisation.objects.get(code=code).pk}


def _membership(w: World, username: str) -> dict[str, Any]:
    return {"pk": w.users[username].memberships.get().pk}


def _indicator(w: World, code: str) -> dict[str, Any]:
    from suivi.indicators.models import Indicator

    return {"pk": Indicator.objects.get(code=code).pk}


def _entry(w: World, label: str) -> dict[str, Any]:
    code, year = label.split("/")
    return {**_indicator(w, code), "year": int(year)}


def _value(w: World, code: str) -> dict[str, Any]:
    """The total of the indicator's latest yearly value (2020 where measured)."""
    from suivi.indicators.models import MeasurementValue

    value = _one(
        MeasurementValue.objects.filter(
            measurement__indicator__code=code,
            measurement__period__quarter=0,
            measurement__period__year__lte=2020,
            cell_key="",
        ).order_by("-measurement__period__year"),
        f"value of {code}",
    )
    return {"pk": value.pk}


def _person(w: World, label: str) -> dict[str, Any]:
    from suivi.beneficiaries.models import JourneyEvent

    person = w.objects[f"person:{label}"]
    enrolment = (
        JourneyEvent.objects.filter(
            person__identity_key=person.identity_key, event_type__code="training_enrolment"
        )
        .order_by("occurred_on")
        .first()
    )
    return {"pk": person.pk, "enrolment": enrolment.pk if enrolment else ""}


def _consent(w: World, label: str) -> dict[str, Any]:
    """`person label/organisation code`: that person's consent to share with it."""
    person_label, _slash, code = label.partition("/")
    person = w.objects[f"person:{person_label}"]
    consent = person.consents.get(kind="share", organisation__code=code)
    return {"pk": person.pk, "consent": consent.pk}


def _referral(w: World, label: str) -> dict[str, Any]:
    return w.objects[f"referral:{label}"]


def _admin_object(w: World, label: str) -> dict[str, Any]:
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    from suivi.accounts.models import Organisation
    from suivi.core.models import AuditEvent

    if label == "organisation":
        organisation = Organisation.objects.get(code="en")
        content_type = ContentType.objects.get_for_model(Organisation)
        return {"object_id": organisation.pk, "content_type_id": content_type.pk}
    if label == "user":
        return {"object_id": w.users["pf.en"].pk, "id": w.users["pf.en"].pk}
    if label == "totpdevice":
        device = w.objects["device:responsable"]
        return {"object_id": device.pk, "pk": device.pk}
    if label == "auditevent":
        return {"object_id": AuditEvent.objects.order_by("occurred_at").first().pk}
    if label == "group":
        return {"object_id": Group.objects.get(name="Lecteurs").pk}
    # Models without rows in the demo: an id that does not exist.
    return {"object_id": 999999 if label != "dbtaskresult" else uuid.uuid4()}


TARGETS: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "organisation": _organisation,
    "membership": _membership,
    "intervention": lambda w, code: {"code": code},
    "indicator": _indicator,
    "entry": _entry,
    "measurement": lambda w, code: {"pk": w.objects[f"measurement:{code}"].pk},
    "evidence": lambda w, code: {"pk": w.objects[f"evidence:{code}"].pk},
    "period": lambda w, label: {"pk": w.objects[f"period:{label}"].pk},
    "value": _value,
    "run": lambda w, code: {"pk": w.objects[f"run:{code}"].pk},
    "job": lambda w, label: {"pk": w.objects[f"job:{label}"].pk},
    "kind": lambda w, kind: {"kind": kind},
    "person": _person,
    "referral": _referral,
    "candidate": lambda w, label: {"pk": w.objects["candidate:phone"].pk},
    "consent": _consent,
    "admin": _admin_object,
    "admin-app": lambda w, label: {"app_label": label},
    "admin-url": lambda w, label: {"url": f"{label}/"},
}

# Values "@name" of a POST body that do not come from the target.
GLOBAL_VALUES: dict[str, Callable[[World], Any]] = {
    "today": lambda w: _today(),
    "unique": lambda w: uuid.uuid4().hex,
    "pdf": lambda w: _pdf(),
    "xlsx:persons": lambda w: _xlsx("persons"),
    "org:care": lambda w: _organisation(w, "care")["pk"],
}


def _build(w: World) -> None:
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from suivi.accounts.models import Organisation, User
    from suivi.accounts.roles import Role
    from suivi.accounts.tests.factories import member
    from suivi.beneficiaries.models import JourneyEvent, MatchCandidate, Person, Referral
    from suivi.beneficiaries.services import computation, persons, referrals
    from suivi.indicators.models import Indicator, ReportingPeriod
    from suivi.indicators.services import measurements, periods
    from suivi.indicators.services.measurements import CellValue
    from suivi.interop import services as interop
    from suivi.interop.logframe.exporter import write_workbook
    from suivi.interop.logframe.selectors import framework_for_export
    from suivi.programmes.models import Intervention

    orgs = {o.code: o for o in Organisation.objects.all()}
    for username in table.USERS:
        if username == table.ANONYMOUS:
            continue
        if username in table.EXTRA_USERS:
            code, role = table.EXTRA_USERS[username]
            w.users[username] = member(
                Role(role), orgs[code], username=username, first_name="Test", last_name=username
            )
        else:
            w.users[username] = User.objects.get(username=username)
    u = w.users
    Group.objects.create(name="Lecteurs")
    admin_device = TOTPDevice.objects.create(user=u["admin"], name="test", confirmed=True)
    w.objects["device:responsable"] = TOTPDevice.objects.create(
        user=u["responsable"], name="phone", confirmed=True
    )
    for username, user in u.items():
        client = Client()
        client.force_login(user)
        if username == "admin":  # a session that passed the second factor
            session = client.session
            session["otp_device_id"] = admin_device.persistent_id
            session.save()
        w.sessions[username] = client.cookies[settings.SESSION_COOKIE_NAME].value

    amuddu = Intervention.objects.get(code="MOR1605211")
    w.objects["period:MOR1605211/2020"] = ReportingPeriod.objects.get(
        intervention=amuddu, year=2020, quarter=0
    )
    # Values waiting for review, each with a supporting file.
    period = periods.ensure_period(actor=SYSTEM, intervention=amuddu, year=2021)
    for code, username in (("MAR1605211_Ind1.6", "pf.en"), ("MAR1605211_Ind2.4", "pf.anapec")):
        measurement, _gaps = measurements.save_values(
            actor=u[username],
            indicator=Indicator.objects.get(code=code),
            period=period,
            values=[CellValue(value=Decimal(4))],
        )
        w.objects[f"evidence:{code}"] = measurements.add_evidence(
            actor=u[username], measurement=measurement, upload=_pdf()
        )
        w.objects[f"measurement:{code}"] = measurements.submit(
            actor=u[username], measurement=measurement
        )
    # Import jobs and a recomputation (their tasks run after a commit that never comes).
    w.objects["job:records by pf.en"] = interop.start_records_import(
        actor=u["pf.en"], organisation=orgs["en"], kind="persons", upload=_xlsx("persons")
    )
    w.objects["job:logframe by suivi"] = interop.start_logframe_import(
        actor=u["suivi"],
        intervention=amuddu,
        upload=SimpleUploadedFile(
            "cadre.xlsx", write_workbook(framework_for_export(SYSTEM, amuddu))
        ),
    )
    w.objects["run:MOR1605211"] = computation.request_run(
        actor=u["suivi"], intervention=amuddu, rebuild=False
    )

    # Persons.
    candidate = _one(
        MatchCandidate.objects.filter(status="candidate", reason="phone").order_by(
            "person_a__partner_record_id"
        ),
        "possible duplicate",
    )
    w.objects["candidate:phone"] = candidate
    in_pairs = {
        pk for pair in MatchCandidate.objects.values_list("person_a", "person_b") for pk in pair
    }
    for person in (candidate.person_a, candidate.person_b):
        w.objects[f"person:{person.organisation.code} duplicate"] = person
    people = Person.objects.exclude(pk__in=in_pairs).order_by("partner_record_id")
    to_anapec = Q(referrals__to_organisation__code="anapec")
    to_amappe = Q(referrals__to_organisation__code="amappe")
    enrolled = Q(events__event_type__code="training_enrolment")
    en = people.filter(organisation__code="en")
    w.objects["person:en"] = _one(
        en.filter(enrolled).exclude(referrals__isnull=False).distinct(), "EN person"
    )
    w.objects["person:en>anapec+amappe"] = _one(
        en.filter(to_anapec).filter(to_amappe).distinct(), "EN person referred to both"
    )
    w.objects["person:en>amappe"] = _one(
        en.filter(to_amappe).exclude(to_anapec).distinct(), "EN person referred to AMAPPE"
    )
    for code in ("anapec", "amappe", "care", "remess"):
        w.objects[f"person:{code}"] = _one(people.filter(organisation__code=code), code)
    # Referred to ANAPEC (accepted), then the person withdrew the consent to share with it.
    withdrawn = _one(
        en.filter(to_anapec).exclude(to_amappe).distinct(), "EN person referred to ANAPEC"
    )
    persons.withdraw_consent(
        actor=u["pf.en"],
        consent=withdrawn.consents.get(kind="share", organisation=orgs["anapec"]),
        withdrawn_on=timezone.localdate(),
    )
    w.objects["person:en>anapec withdrawn"] = withdrawn

    # Referrals: one sent and waiting, two accepted with a service of the receiver.
    waiting = _one(
        en.exclude(referrals__isnull=False).exclude(pk=w.objects["person:en"].pk), "person"
    )
    persons.give_consent(
        actor=u["pf.en"],
        person=waiting,
        kind="share",
        given_on=timezone.localdate(),
        organisation=orgs["anapec"],
    )
    sent = referrals.send(
        actor=u["pf.en"],
        person=waiting,
        from_organisation=orgs["en"],
        to_organisation=orgs["anapec"],
        purpose="employment",
        recompute=False,
    )
    w.objects["referral:en>anapec sent"] = {"pk": sent.pk}
    for code in ("anapec", "amappe"):
        referral = _one(
            Referral.objects.filter(
                from_organisation__code="en", to_organisation__code=code, status="accepted"
            ).order_by("sent_on", "person__partner_record_id"),
            f"referral to {code}",
        )
        service = _one(
            JourneyEvent.objects.filter(person=referral.person, organisation__code=code).order_by(
                "occurred_on", "partner_record_id"
            ),
            f"service of {code}",
        )
        w.objects[f"referral:en>{code} accepted"] = {"pk": referral.pk, "service": service.pk}

    _visibility(w)


def _visibility(w: World) -> None:
    """What each user may see, by the rules (not by asking the code under test):
    persons of their organisation and persons referred to it (open referral),
    for staff who register or serve people; indicators their organisation is
    responsible for, or all of them for the programme-wide roles."""
    from suivi.beneficiaries.models import Consent, Person
    from suivi.indicators.models import Indicator, IndicatorVersion

    rows = list(
        Person.objects.values_list("pk", "family_name", "partner_record_id", "organisation")
    )
    referred: dict[object, set[object]] = {}
    for pk, organisation in Person.objects.filter(
        referrals__status__in=["sent", "accepted"]
    ).values_list("pk", "referrals__to_organisation"):
        referred.setdefault(organisation, set()).add(pk)
    # Access ends with the consent to share, or with the referral.
    for pk, organisation in Consent.objects.filter(
        kind="share", withdrawn_on__isnull=False
    ).values_list("person", "organisation"):
        referred.get(organisation, set()).discard(pk)
    w.all_names = frozenset(r[1] for r in rows)
    w.all_refs = frozenset(r[2] for r in rows if r[2])
    w.all_prefixes = frozenset(str(r[0])[:8] for r in rows)
    w.all_codes = frozenset(Indicator.objects.values_list("code", flat=True))
    responsible = IndicatorVersion.objects.values_list(
        "indicator__code", "responsible_organisation"
    )
    # An indicator's sheet names those it replaces (its history).
    replaces = dict(Indicator.objects.values_list("code", "replaces__code"))
    for username in table.USERS:
        user = w.users.get(username)  # None: the anonymous user
        organisations = {m.organisation_id for m in user.memberships.all()} if user else set()
        openable: set[object] = set()
        if username in table.REGISTERING:
            openable = {r[0] for r in rows if r[3] in organisations}
            for organisation in organisations:
                openable |= referred.get(organisation, set())
        mine = [r for r in rows if r[0] in openable]
        w.names[username] = frozenset(r[1] for r in mine)
        w.refs[username] = frozenset(r[2] for r in mine)
        w.prefixes[username] = frozenset(str(r[0])[:8] for r in mine)
        if username in table.PROGRAMME_WIDE:
            w.codes[username] = w.all_codes
        else:
            codes = {c for c, o in responsible if o in organisations}
            for code in list(codes):
                while replaces.get(code):
                    code = replaces[code]
                    codes.add(code)
            w.codes[username] = frozenset(codes)


@pytest.fixture(scope="module")
def world(demo_data, django_db_blocker):
    """Built once for this module in a savepoint rolled back at its end."""
    quiet = logging.getLogger("django.request")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # thousands of expected 404s
    with django_db_blocker.unblock(), transaction.atomic():
        w = World()
        _build(w)
        yield w
        transaction.set_rollback(True)
    quiet.setLevel(level)
    print(f"\nURL access: {w.requests} requests")  # shown with -s


# -- What a refusal must not have written ------------------------------------------------
WRITE = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\W?(\w+)", re.IGNORECASE)
# Every request saves its session (SESSION_SAVE_EVERY_REQUEST): not a write of the view's.
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
    default: object = "login" if user == table.ANONYMOUS else entry.get("else", 404)
    if not isinstance(spec, dict):
        return default if user == table.ANONYMOUS else spec
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
    if user == table.ANONYMOUS:
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
    if user != table.ANONYMOUS:
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
        got = _outcome(response, user == table.ANONYMOUS)
        if got != want:
            where = f" to {response['Location']}" if response.status_code == 302 else ""
            problems.append(f"{request}: expected {want}, got {got}{where}")
        shown = _shown(_text(response), w, entry, user, request.target)
        if shown:
            problems.append(f"{request}: shows {_brief(shown)}")
        # A refusal: 404, 405, or the anonymous user sent to sign in.
        refused = got in (404, 405, "admin-login") or (got == "login" and user == table.ANONYMOUS)
        written = writes.written() if refused else []
        if written:
            problems.append(f"{request}: answered {got} but wrote to {', '.join(written)}")
    return problems


# -- The tests -------------------------------------------------------------------------------
def _cases() -> list[Any]:
    cases = []
    for key in PATTERNS:
        xfail = table.URLS.get(key, {}).get("xfail", {})
        for user in table.USERS:
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


COVERED = f"{len(PATTERNS)} URL patterns x {len(table.USERS)} users"


@pytest.mark.parametrize("covered", [len(PATTERNS)], ids=[COVERED.replace(" ", "-")])
def test_the_table_declares_every_url_pattern(covered):
    walked, declared = set(PATTERNS), set(table.URLS)
    assert not walked - declared, f"not in url_access.py: {sorted(walked - declared)}"
    assert not declared - walked, f"no such URL pattern: {sorted(declared - walked)}"
    for key, entry in table.URLS.items():
        unknown = _declared_users(entry) - set(table.USERS)
        assert not unknown, f"{key}: unknown users {sorted(unknown)}"
        stray = _declared_targets(entry) - set(entry.get("targets", ()))
        assert not stray, f"{key}: targets not in its targets list {sorted(stray)}"
    print(f"\nURL access table: {COVERED} covered")
    assert covered == len(table.URLS), COVERED
