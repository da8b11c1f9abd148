from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from suivi.core.actors import system
from suivi.core.progress import ProgressBar
from suivi.finance.selectors.budgets import finance_intervention
from suivi.interop.finance.budget import import_budget
from suivi.interop.reading.issues import FileIssuesError, describe

ACTOR = system("manage.py import_budget")


class Command(BaseCommand):
    help = (
        "Import a budget workbook (sheet « Budget »: Code, Libellé, Mode d'exécution, "
        "Montant (EUR)) as the intervention's original budget or a proposed revision."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file")
        parser.add_argument("--intervention", required=True, help="e.g. MOR1605211")
        parser.add_argument("--label", required=True, help="label of this budget version")
        parser.add_argument("--reason", default="")

    def handle(self, *args: object, **options: str) -> None:
        intervention = finance_intervention(ACTOR, options["intervention"])
        if intervention is None:
            raise CommandError(
                _("No intervention has the code %(code)s.") % {"code": options["intervention"]}
            )
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            with path.open("rb") as handle:
                version = import_budget(
                    actor=ACTOR,
                    intervention=intervention,
                    source=handle,
                    filename=path.name,
                    label=options["label"],
                    reason=options["reason"],
                    progress=ProgressBar(self.stdout),
                )
        except FileIssuesError as error:
            for line in describe(error.issues):
                self.stderr.write(line)
            raise CommandError(
                _("%(count)d issue(s): nothing was imported.") % {"count": len(error.issues)}
            ) from error
        self.stdout.write(self.style.SUCCESS(str(version)))
