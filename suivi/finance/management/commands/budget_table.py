from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from suivi.core.actors import system
from suivi.finance import exports
from suivi.finance.selectors.budgets import finance_intervention
from suivi.finance.selectors.cost import cost_per_output
from suivi.finance.selectors.table import budget_table

ACTOR = system("manage.py budget_table")


class Command(BaseCommand):
    help = "Print the budget follow-up table of a year (report §4) as json, csv or xlsx."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--intervention", required=True, help="e.g. MOR1605211")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        parser.add_argument(
            "--detail", action="store_true", help="json: add one row per budget line"
        )
        parser.add_argument("--output", help="file to write (required for xlsx)")

    def handle(self, *args: object, **options: object) -> None:
        code = str(options["intervention"])
        intervention = finance_intervention(ACTOR, code)
        if intervention is None:
            raise CommandError(_("No intervention has the code %(code)s.") % {"code": code})
        year = int(options["year"])  # type: ignore[call-overload]
        table = budget_table(ACTOR, intervention, year)
        if table is None:
            raise CommandError(_("This intervention has no approved budget."))
        fmt = options["format"]
        output = options.get("output")
        if fmt == "xlsx":
            body = exports.table_xlsx(table, cost_per_output(ACTOR, table))
            if output:
                with open(str(output), "wb") as handle:
                    handle.write(body)
                return
            # The workbook's bytes on standard output (`… > table.xlsx`).
            binary = getattr(getattr(self.stdout, "_out", None), "buffer", None)
            if binary is None:
                raise CommandError(_("Give --output FILE for an xlsx table."))
            binary.write(body)
            binary.flush()
            return
        text = (
            exports.table_json(table, detail=bool(options["detail"]))
            if fmt == "json"
            else exports.table_csv(table)
        )
        if output:
            with open(str(output), "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text)
