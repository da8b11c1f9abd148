from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from suivi.core.actors import system
from suivi.core.progress import ProgressBar
from suivi.interop.logframe.importer import import_logframe
from suivi.interop.logframe.reader import LogframeFileError
from suivi.interop.reading.issues import describe
from suivi.programmes.selectors import intervention_for

ACTOR = system("manage.py import_logframe")


class Command(BaseCommand):
    help = "Import a logframe workbook (.xlsx) into an intervention; all or nothing."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file")
        parser.add_argument(
            "--intervention", required=True, help="intervention code, e.g. MOR1605211"
        )
        parser.add_argument("--label", default="")
        parser.add_argument("--reason", default="")
        parser.add_argument("--decision", default="", help="approving COPIL decision")

    def handle(self, *args: object, **options: str) -> None:
        intervention = intervention_for(ACTOR, str(options["intervention"]))
        if intervention is None:
            raise CommandError(
                _("No intervention has the code %(code)s.") % {"code": options["intervention"]}
            )
        try:
            result = import_logframe(
                actor=ACTOR,
                intervention=intervention,
                source=options["file"],
                label=options["label"],
                reason=options["reason"],
                decision_reference=options["decision"],
                progress=ProgressBar(self.stdout),
            )
        except LogframeFileError as error:
            for line in describe(error.issues):
                self.stderr.write(line)
            raise CommandError(
                _("%(count)d issue(s): nothing was imported.") % {"count": len(error.issues)}
            ) from error
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(result.summary()))
