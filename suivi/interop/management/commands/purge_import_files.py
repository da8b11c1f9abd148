"""`manage.py purge_import_files`: remove the uploaded files imports no
longer need (for a daily cron job or systemd timer; the import task also
queues the same purge). It names the jobs, never the files' original names,
which may name a person."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from suivi.core.actors import system
from suivi.core.models import JobStatus
from suivi.interop.services import purge_import_files

ACTOR = system("manage.py purge_import_files")


class Command(BaseCommand):
    help = (
        "Remove the uploaded files of imports that succeeded, and of imports that failed "
        "more than SUIVI_FAILED_IMPORT_RETENTION_DAYS days ago; the jobs are kept."
    )

    def handle(self, *args: object, **options: object) -> None:
        removed = purge_import_files(actor=ACTOR, now=timezone.now())
        for item in removed:
            ended = (
                timezone.localtime(item.finished_at).strftime("%Y-%m-%d %H:%M")
                if item.finished_at
                else _("never finished")
            )
            self.stdout.write(
                _("Import %(job)s (%(status)s, %(ended)s): file removed.")
                % {"job": item.job_id, "status": JobStatus(item.status).label, "ended": ended}
            )
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "%(count)d uploaded file removed.",
                    "%(count)d uploaded files removed.",
                    len(removed),
                )
                % {"count": len(removed)}
            )
        )
