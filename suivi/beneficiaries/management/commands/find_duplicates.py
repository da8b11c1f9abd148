from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from suivi.beneficiaries.services.duplicates import find_duplicates
from suivi.core.progress import ProgressBar


class Command(BaseCommand):
    help = "Look for records that may be the same person at two partners (exact and probable)."

    def handle(self, *args: object, **options: object) -> None:
        found = find_duplicates(progress=ProgressBar(self.stdout))
        self.stdout.write(
            self.style.SUCCESS(_("%(count)d new possible duplicates to review.") % {"count": found})
        )
