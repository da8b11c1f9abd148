import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from suivi.core.actors import system
from suivi.indicators import progress_export
from suivi.indicators.selectors.progress import progress_table
from suivi.programmes.selectors import intervention_for

ACTOR = system("manage.py indicator_table")


class Command(BaseCommand):
    help = (
        "Print the progress table of every level of an intervention for a year "
        "(approved values only), as JSON, CSV or xlsx."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--intervention", required=True, help="e.g. MOR1605211")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        parser.add_argument("--lang", choices=["fr", "ar", "en"], default="fr")
        parser.add_argument(
            "--output", help="file to write (xlsx needs one unless stdout is a file)"
        )

    def handle(self, *args: object, **options: object) -> None:
        intervention = intervention_for(ACTOR, str(options["intervention"]))
        if intervention is None:
            raise CommandError(
                _("No intervention has the code %(code)s.") % {"code": options["intervention"]}
            )
        with translation.override(str(options["lang"])):
            # The command runs with the operator's shell rights: system scope.
            fmt = str(options["format"])
            rows = progress_table(ACTOR, intervention, int(str(options["year"])), exported_as=fmt)
            if fmt == "xlsx":
                data: bytes | str = progress_export.to_xlsx(
                    rows,
                    title=f"{intervention.short_name} {options['year']}",
                    right_to_left=options["lang"] == "ar",
                )
            elif fmt == "csv":
                data = progress_export.to_csv(rows)
            else:
                data = progress_export.to_json(rows)
        output = options.get("output")
        if output:
            mode = "wb" if isinstance(data, bytes) else "w"
            with open(str(output), mode) as handle:
                handle.write(data)
        elif isinstance(data, bytes):
            if sys.stdout.isatty():
                raise CommandError(_("Give --output FILE for the xlsx format."))
            sys.stdout.buffer.write(data)
        else:
            self.stdout.write(data)
