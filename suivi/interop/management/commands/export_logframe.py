from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from suivi.core.actors import system
from suivi.interop.logframe.exporter import write_workbook
from suivi.interop.logframe.selectors import framework_for_export
from suivi.programmes.selectors import intervention_for

ACTOR = system("manage.py export_logframe")


class Command(BaseCommand):
    help = "Write an intervention's current logframe into the workbook template."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("output", help="path of the .xlsx to write")
        parser.add_argument("--intervention", required=True)
        parser.add_argument("--empty", action="store_true", help="the blank template only")

    def handle(self, *args: object, **options: object) -> None:
        intervention = intervention_for(ACTOR, str(options["intervention"]))
        if intervention is None:
            raise CommandError(
                _("No intervention has the code %(code)s.") % {"code": options["intervention"]}
            )
        framework = framework_for_export(ACTOR, intervention, empty=bool(options["empty"]))
        Path(str(options["output"])).write_bytes(write_workbook(framework))
        self.stdout.write(str(options["output"]))
