"""`manage.py run_worker`: django-tasks-db's `db_worker`, with the same
options, that survives a busy or lost database (`suivi.core.worker`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django_tasks_db.management.commands import db_worker

from suivi.core.worker import ResilientWorker


class Command(db_worker.Command):
    help = "Run the task worker (imports, recomputations); it retries when the database is busy."

    def handle(self, *args: Any, **options: Any) -> None:
        """db_worker's `handle` without its autoreload (a development aid),
        building the worker that retries."""
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        worker.run()
