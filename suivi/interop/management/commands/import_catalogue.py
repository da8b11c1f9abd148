from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from suivi.core.actors import system
from suivi.core.progress import ProgressBar
from suivi.interop.catalogue.importer import import_catalogue
from suivi.interop.catalogue.reader import CatalogueFileError
from suivi.interop.reading.issues import describe
from suivi.programmes.selectors import intervention_for

ACTOR = system("manage.py import_catalogue")


class Command(BaseCommand):
    help = (
        "Import a service catalogue workbook (.xlsx): services, details, values, trades, "
        "centres and targeting periods; all or nothing, idempotent."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file")
        parser.add_argument(
            "--intervention",
            required=True,
            help="intervention whose outputs and activities the « Sert » column names",
        )

    def handle(self, *args: object, **options: str) -> None:
        intervention = intervention_for(ACTOR, str(options["intervention"]))
        if intervention is None:
            raise CommandError(
                _("No intervention has the code %(code)s.") % {"code": options["intervention"]}
            )
        try:
            with open(options["file"], "rb") as source:
                result = import_catalogue(
                    actor=ACTOR,
                    intervention=intervention,
                    source=source,
                    progress=ProgressBar(self.stdout),
                )
        except CatalogueFileError as error:
            for line in describe(error.issues):
                self.stderr.write(line)
            raise CommandError(
                _("%(count)d issue(s): nothing was imported.") % {"count": len(error.issues)}
            ) from error
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(result.summary()))
