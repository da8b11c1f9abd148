from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from suivi.beneficiaries.selectors.runs import computed_interventions_for
from suivi.beneficiaries.services.computation import recompute
from suivi.core.actors import system
from suivi.core.progress import ProgressBar

ACTOR = system("manage.py recompute")


class Command(BaseCommand):
    help = (
        "Recompute the indicators computed from records. By default the persons whose "
        "services changed are brought up to date and every value is re-added; --rebuild "
        "derives every person's contribution again from the services."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--intervention", help="intervention code (default: all)")
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="derive everything again from the services (after a definition changed)",
        )

    def handle(self, *args: object, **options: object) -> None:
        interventions = computed_interventions_for(ACTOR, str(options["intervention"] or ""))
        if options["intervention"] and not interventions:
            raise CommandError(_("No intervention with computed indicators has this code."))
        for intervention in interventions:
            written = recompute(
                actor=ACTOR,
                intervention=intervention,
                progress=ProgressBar(self.stdout),
                rebuild=bool(options["rebuild"]),
            )
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(code)s: %(count)d values written.")
                    % {"code": intervention.code, "count": written}
                )
            )
