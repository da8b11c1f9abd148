from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from suivi.accounts.models import User
from suivi.demo import capacity, finance, governance, journeys, organisations, programme


class Command(BaseCommand):
    help = "Load the Amuddu demonstration data (idempotent) and print one login per role."

    def handle(self, *args: object, **options: object) -> None:
        def progress(step: str) -> None:
            self.stdout.write(f"  ✓ {step}")

        self.stdout.write(_("Loading the Amuddu demo data…"))
        with transaction.atomic():
            accounts = organisations.load(progress)
            programme.load(
                progress,
                entered_by=User.objects.get(username="suivi"),
                approved_by=User.objects.get(username="responsable"),
            )
            journeys.load(progress)
            governance.load(progress)
            finance.load(progress)
            capacity.load(progress)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo logins (password for all: %(password)s)")
                % {"password": organisations.DEMO_PASSWORD}
            )
        )
        width = max(len(a.username) for a in accounts)
        for account in accounts:
            organisation = account.organisation_code.upper()
            self.stdout.write(
                f"  {account.username:<{width}}  {account.role.label} · {organisation}"
            )
        self.stdout.write(
            "  " + _("(the system administrator enrols an authenticator app at first sign-in)")
        )
