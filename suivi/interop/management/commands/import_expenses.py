from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from suivi.core.actors import system
from suivi.core.progress import ProgressBar
from suivi.finance.selectors.budgets import budgeted_interventions, finance_intervention
from suivi.interop.finance.expenses import import_expenses_file
from suivi.interop.reading.issues import FileIssuesError, describe

ACTOR = system("manage.py import_expenses")


class Command(BaseCommand):
    help = (
        "Import an accounting extract (xlsx or csv) of expenses and commitments; "
        "all or nothing, idempotent by accounting document number."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file")
        parser.add_argument(
            "--intervention",
            help="intervention code, e.g. MOR1605211 (default: the only one with a budget)",
        )

    def handle(self, *args: object, **options: str) -> None:
        code = options.get("intervention")
        if code:
            intervention = finance_intervention(ACTOR, code)
            if intervention is None:
                raise CommandError(_("No intervention has the code %(code)s.") % {"code": code})
        else:
            budgeted = budgeted_interventions(ACTOR)
            if len(budgeted) != 1:
                raise CommandError(_("Name the intervention with --intervention CODE."))
            intervention = budgeted[0]
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            with path.open("rb") as handle:
                outcome = import_expenses_file(
                    actor=ACTOR,
                    intervention=intervention,
                    source=handle,
                    filename=path.name,
                    progress=ProgressBar(self.stdout),
                )
        except FileIssuesError as error:
            for line in describe(error.issues):
                self.stderr.write(line)
            raise CommandError(
                _("%(count)d issue(s): nothing was imported.") % {"count": len(error.issues)}
            ) from error
        self.stdout.write(self.style.SUCCESS(outcome.summary()))
