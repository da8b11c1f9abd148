"""What each user of the access table may see, worked out from the rules and the
demo's records (`url_access_world.build` calls it), never by asking the code
under test."""

from __future__ import annotations

from typing import TYPE_CHECKING

from suivi.demo.tests import url_access_users as access_users

if TYPE_CHECKING:
    from suivi.demo.tests.url_access_world import World


def visibility(w: World) -> None:
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
    for username in access_users.USERS:
        user = w.users.get(username)  # None: the anonymous user
        organisations = {m.organisation_id for m in user.memberships.all()} if user else set()
        openable: set[object] = set()
        if username in access_users.REGISTERING:
            openable = {r[0] for r in rows if r[3] in organisations}
            for organisation in organisations:
                openable |= referred.get(organisation, set())
        mine = [r for r in rows if r[0] in openable]
        w.names[username] = frozenset(r[1] for r in mine)
        w.refs[username] = frozenset(r[2] for r in mine)
        w.prefixes[username] = frozenset(str(r[0])[:8] for r in mine)
        if username in access_users.PROGRAMME_WIDE:
            w.codes[username] = w.all_codes
        else:
            codes = {c for c, o in responsible if o in organisations}
            for code in list(codes):
                while replaces.get(code):
                    code = replaces[code]
                    codes.add(code)
            w.codes[username] = frozenset(codes)
