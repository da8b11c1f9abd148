"""The pages `pages.py` visits, and the demo objects their URLs name (read or
made once per tree, in the worker's process)."""

from __future__ import annotations

from typing import Any

INTERVENTION = "MOR1605211"  # Amuddu
YEAR = 2020
COMPUTED_INDICATOR = "MAR1605211_Ind1.1"
ENTERED_INDICATOR = "MAR1605211_Ind2.4"


class Skip(Exception):  # noqa: N818 — a signal, not an error
    """The page cannot be built on this tree (say why)."""


# --- Worker: measures one tree, in its own process -------------------------------


def objects_to_visit() -> dict[str, Any]:
    """The demo objects the pages are about (natural keys: the demo is seeded)."""
    from suivi.indicators.models import Indicator, MeasurementValue
    from suivi.programmes.models import Intervention

    found: dict[str, Any] = {"intervention": Intervention.objects.get(code=INTERVENTION)}
    found.update(run_and_job(found))
    found["computed"] = Indicator.objects.get(code=COMPUTED_INDICATOR)
    found["entered"] = Indicator.objects.get(code=ENTERED_INDICATOR)
    # The records behind the computed indicator's 2020 total.
    found["figure"] = (
        MeasurementValue.objects.filter(
            measurement__indicator=found["computed"], measurement__period__year=YEAR, cell_key=""
        )
        .order_by("measurement__period__quarter")
        .first()
    ) or Skip(f"no {YEAR} total of {COMPUTED_INDICATOR}")
    return found


def run_and_job(objects: dict[str, Any]) -> dict[str, Any]:
    """A recomputation and an import, for their progress pages (the demo has
    neither). The recomputation is a waiting one, written as `request_run`
    writes it, not run: running it would change the demo's figures. The
    import is of an empty file, through the service."""
    from suivi.accounts.models import User

    made: dict[str, Any] = {}
    officer = User.objects.get(username="suivi")
    try:
        from suivi.beneficiaries.models import ComputationRun

        # The field naming who asked was `requested_by` before the shared job
        # (core.Job: `created_by`); both trees are measured by this script.
        fields = {f.name for f in ComputationRun._meta.get_fields()}
        starter = "created_by" if "created_by" in fields else "requested_by"
        made["run"] = ComputationRun.objects.create(
            intervention=objects["intervention"], rebuild=False, **{starter: officer}
        )
    except Exception as error:
        made["run"] = Skip(f"no recomputation run: {error!r}")
    try:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from suivi.interop import services

        focal_point = User.objects.get(username="pf.en")
        header = b"partner_record_id,given_name,family_name,sex,category,registered_on\n"
        upload = SimpleUploadedFile("personnes.csv", header, "text/csv")
        made["job"] = services.start_records_import(
            actor=focal_point,
            organisation=focal_point.primary_organisation,
            kind="persons",
            upload=upload,
        )
    except Exception as error:
        made["job"] = Skip(f"no import job: {error!r}")
    return made


def pages_of(objects: dict[str, Any]) -> list[tuple[str, Any]]:
    """(label, url builder taking the user) for each page measured."""
    from django.urls import reverse

    from suivi.beneficiaries.models import Person

    code = objects["intervention"].code

    def fixed(name: str, *args: object, query: str = "") -> Any:
        def build(user: Any) -> str:
            made = [a(user) if callable(a) else a for a in args]
            for value in made:
                if isinstance(value, Skip):
                    raise value
            return reverse(name, args=[getattr(v, "pk", v) for v in made]) + query

        return build

    def own_organisation(user: Any) -> Any:
        return user.primary_organisation

    def a_person(user: Any) -> Any:
        # One of the user's organisation's persons; else the first EN person.
        organisation = user.primary_organisation
        person = Person.objects.filter(organisation=organisation).order_by("family_name").first()
        return (
            person or Person.objects.filter(organisation__code="en").order_by("family_name").first()
        )

    return [
        ("home", fixed("home")),
        ("account", fixed("accounts:account")),
        ("portfolio", fixed("programmes:portfolio")),
        ("logframe", fixed("programmes:logframe", code)),
        ("progress table 2020", fixed("indicators:progress", code, query=f"?annee={YEAR}")),
        ("periods", fixed("indicators:periods", code)),
        ("indicator sheet (computed)", fixed("indicators:sheet", objects["computed"])),
        ("indicator sheet (entered)", fixed("indicators:sheet", objects["entered"])),
        ("entry form 2020", fixed("indicators:entry", objects["entered"], YEAR)),
        ("indicator definition form", fixed("indicators:edit", objects["computed"])),
        ("values to review", fixed("indicators:review_queue")),
        ("disaggregation", fixed("indicators:dimensions")),
        ("records behind a figure", fixed("beneficiaries:records_behind", objects["figure"])),
        ("recompute page", fixed("beneficiaries:recompute", code)),
        ("recomputation run", fixed("beneficiaries:run", objects["run"])),
        ("persons", fixed("beneficiaries:persons")),
        ("register a person", fixed("beneficiaries:register")),
        ("person record", fixed("beneficiaries:person", a_person)),
        ("referral inbox", fixed("beneficiaries:inbox")),
        ("possible duplicates", fixed("beneficiaries:duplicates")),
        ("vulnerability grid", fixed("beneficiaries:grid")),
        ("audit trail", fixed("core:audit_trail")),
        ("organisations", fixed("accounts:organisation_list")),
        ("organisation", fixed("accounts:organisation_detail", own_organisation)),
        ("add a member", fixed("accounts:member_create", own_organisation)),
        ("logframe import", fixed("interop:logframe_import", code)),
        ("records import", fixed("interop:records_import")),
        ("import job", fixed("interop:job", objects["job"])),
    ]
