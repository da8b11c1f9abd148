from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from suivi.accounts.selectors import organisation_by_code
from suivi.core.actors import system
from suivi.core.progress import ProgressBar
from suivi.interop.reading.issues import describe
from suivi.interop.records.importer import RecordsFileError, import_records

ACTOR = system("manage.py import_records")


class Command(BaseCommand):
    help = "Import a partner spreadsheet (xlsx or csv) of persons or services; all or nothing."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file")
        parser.add_argument("--organisation", required=True, help="organisation code, e.g. en")
        parser.add_argument("--kind", required=True, choices=["persons", "events", "referrals"])

    def handle(self, *args: object, **options: str) -> None:
        organisation = organisation_by_code(ACTOR, options["organisation"])
        if organisation is None:
            raise CommandError(
                _("No organisation has the code %(code)s.") % {"code": options["organisation"]}
            )
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            with path.open("rb") as handle:
                outcome = import_records(
                    actor=ACTOR,
                    organisation=organisation,
                    kind=options["kind"],
                    source=handle,
                    filename=path.name,
                    progress=ProgressBar(self.stdout),
                )
        except RecordsFileError as error:
            for line in describe(error.issues):
                self.stderr.write(line)
            raise CommandError(
                _("%(count)d issue(s): nothing was imported.") % {"count": len(error.issues)}
            ) from error
        self.stdout.write(self.style.SUCCESS(outcome.summary()))
