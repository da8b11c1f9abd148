from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from suivi.beneficiaries.services.duplicates import find_exact, find_probable
from suivi.beneficiaries.services.probable_matches import MatchModelError
from suivi.core.progress import ProgressBar


class Command(BaseCommand):
    help = "Look for records that may be the same person at two partners (exact and probable)."

    def handle(self, *args: object, **options: object) -> None:
        progress = ProgressBar(self.stdout)
        exact = find_exact(progress=progress)
        try:
            probable = find_probable(progress=progress)
        except MatchModelError as failure:
            # A failure, never "0 candidates": the exact ones are kept.
            raise CommandError(
                _(
                    "%(count)d new exact possible duplicates; the probabilistic search failed: "
                    "%(reason)s"
                )
                % {"count": exact, "reason": failure}
            ) from failure
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)d new possible duplicates to review.") % {"count": exact + probable}
            )
        )
