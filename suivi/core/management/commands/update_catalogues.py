from django.core.management import call_command
from django.core.management.base import BaseCommand

# The one definition of how catalogues are extracted; the i18n test uses it too.
LOCALES = ["fr", "ar"]
MAKEMESSAGES_OPTIONS = {
    "locale": LOCALES,
    "no_location": True,
    "no_obsolete": True,
    "ignore_patterns": [".venv", "staticfiles", "bench", "*/tests/*", "tests", "conftest.py"],
    "verbosity": 0,
}


class Command(BaseCommand):
    help = "Extract translatable strings into locale/{fr,ar} and compile the catalogues."

    def handle(self, *args: object, **options: object) -> None:
        call_command("makemessages", **MAKEMESSAGES_OPTIONS)
        call_command("compilemessages", ignore_patterns=[".venv"], verbosity=0)
        self.stdout.write("Catalogues updated; translate the new entries, then run again.")
