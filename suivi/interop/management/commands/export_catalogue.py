from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from suivi.core.actors import system
from suivi.interop.catalogue.exporter import write_catalogue
from suivi.interop.catalogue.selectors import catalogue_for_export
from suivi.programmes.selectors import intervention_for

ACTOR = system("manage.py export_catalogue")


class Command(BaseCommand):
    help = "Write the service catalogue and centres into their workbook."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("output", help="path of the .xlsx to write")
        parser.add_argument(
            "--intervention", required=True, help="whose outputs and activities « Sert » names"
        )

    def handle(self, *args: object, **options: object) -> None:
        intervention = intervention_for(ACTOR, str(options["intervention"]))
        if intervention is None:
            raise CommandError(
                _("No intervention has the code %(code)s.") % {"code": options["intervention"]}
            )
        catalogue = catalogue_for_export(ACTOR, intervention)
        Path(str(options["output"])).write_bytes(write_catalogue(catalogue))
        self.stdout.write(str(options["output"]))
