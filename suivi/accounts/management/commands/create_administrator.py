"""Create the first system administrator of a fresh installation."""

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from suivi.accounts import services
from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.selectors import organisation_by_code
from suivi.core.actors import system

ACTOR = system("manage.py create_administrator")


class Command(BaseCommand):
    help = (
        "Create a system administrator (and their Enabel organisation if it is missing). "
        "The password is asked on the terminal, never taken as an argument."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--organisation", default="enabel", help="organisation code")

    def handle(self, *args: object, **options: str) -> None:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        try:
            with transaction.atomic():
                organisation = organisation_by_code(ACTOR, options["organisation"])
                if organisation is None:
                    organisation = services.create_organisation(
                        actor=ACTOR,
                        code=options["organisation"],
                        name="Enabel",
                        short_name="Enabel",
                        kind=OrganisationKind.ENABEL,
                    )
                services.create_member(
                    actor=ACTOR,
                    organisation=organisation,
                    username=options["username"],
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                    email=options["email"],
                    role=Role.SYSTEM_ADMINISTRATOR,
                    password=password,
                )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                "Administrator created; they enrol a second factor at first sign-in."
            )
        )
