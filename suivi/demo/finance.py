"""Amuddu's budget (DTF §7.1.2) and expenses 2018–2020, loaded through the
same imports users run: the budget workbook in the format of the budget
import, and an accounting extract whose 2020 follow-up table is the one of
the 2020 report (§4). Grants and procurement items come from a JSON file."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation
from suivi.demo.actor import LOADER
from suivi.demo.programme import DATA
from suivi.finance.models import Grant, ProcurementItem
from suivi.finance.services import grants, procurement, tranches
from suivi.interop.finance.budget import import_budget
from suivi.interop.finance.expenses import import_expenses_file
from suivi.programmes.models import Activity, Intervention, ResultNode

BUDGET = "amuddu_budget_dtf.xlsx"
EXPENSES = "amuddu_depenses_2018_2020.csv"
GRANTS = "amuddu_subsides_marches.json"


def load(progress: Callable[[str], None]) -> None:
    amuddu = Intervention.objects.get(code="MOR1605211")
    if not amuddu.budget_versions.exists():
        with (DATA / BUDGET).open("rb") as handle:
            import_budget(
                actor=LOADER,
                intervention=amuddu,
                source=handle,
                filename=BUDGET,
                label="Budget du DTF",
                reason="DTF §7.1.2",
                approved_on=datetime.date(2018, 3, 15),
            )
        progress(_("budget of the DTF"))
    with (DATA / EXPENSES).open("rb") as handle:
        outcome = import_expenses_file(
            actor=LOADER, intervention=amuddu, source=handle, filename=EXPENSES
        )
    progress(outcome.summary())
    _grants_and_procurement(amuddu)
    progress(_("grants and procurement items"))


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _grants_and_procurement(amuddu: Intervention) -> None:
    data = json.loads((DATA / GRANTS).read_text(encoding="utf-8"))
    for item in data["grants"]:
        if Grant.objects.filter(intervention=amuddu, reference=item["reference"]).exists():
            continue
        grant = grants.create_grant(
            actor=LOADER,
            intervention=amuddu,
            data=grants.GrantData(
                reference=item["reference"],
                grantee=Organisation.objects.get(code=item["grantee"]),
                amount=Decimal(item["amount"]),
                start_date=_date(item["start_date"]),
                end_date=_date(item["end_date"]),
                purpose=item["purpose"],
                outputs=list(
                    ResultNode.objects.filter(intervention=amuddu, code__in=item["outputs"])
                ),
                activities=list(
                    Activity.objects.filter(intervention=amuddu, code__in=item["activities"])
                ),
            ),
        )
        for amendment in item.get("amendments", []):
            grants.add_amendment(
                actor=LOADER,
                grant=grant,
                signed_on=_date(amendment["signed_on"]),
                amount_change=Decimal(amendment["amount_change"]),
                new_end_date=_date(amendment.get("new_end_date")),
                description=amendment["description"],
            )
        for tranche in item["tranches"]:
            added = grants.add_tranche(
                actor=LOADER,
                grant=grant,
                planned_date=_date(tranche["planned_date"]),
                amount=Decimal(tranche["amount"]),
                conditions=tranche.get("conditions", ""),
            )
            if tranche.get("paid_on"):
                # Requested when due (the report gives payment dates only), then paid.
                requested = _date(tranche.get("requested_on") or tranche["planned_date"])
                added = tranches.take_step(
                    actor=LOADER, tranche=added, step="request", on=requested
                )
                tranches.take_step(
                    actor=LOADER, tranche=added, step="pay", on=_date(tranche["paid_on"])
                )
        for report in item.get("reports", []):
            grants.add_report(
                actor=LOADER,
                grant=grant,
                title=report["title"],
                due_on=_date(report["due_on"]),
                received_on=_date(report.get("received_on")),
            )
    for item in data["procurement"]:
        if ProcurementItem.objects.filter(
            intervention=amuddu, reference=item["reference"]
        ).exists():
            continue
        procurement.create_item(
            actor=LOADER,
            intervention=amuddu,
            data=procurement.ProcurementData(
                reference=item["reference"],
                subject=item["subject"],
                procedure=item["procedure"],
                estimated_amount=Decimal(item["estimated_amount"]),
                awarded_amount=Decimal(item["awarded_amount"])
                if item.get("awarded_amount")
                else None,
                planned_date=_date(item["planned_date"]),
                actual_date=_date(item.get("actual_date")),
                status=item["status"],
                activity=Activity.objects.filter(
                    intervention=amuddu, code=item.get("activity", "")
                ).first(),
            ),
        )
