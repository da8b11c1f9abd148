"""The job primitive: who started it, progress written step by step, the
outcome, and the one fragment every job page polls. `ImportJob` stands in for
any kind of job (the base is abstract)."""

import pytest
from django.db import connection, connections, transaction
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import member
from suivi.core import jobs
from suivi.core.actors import SystemActor, system
from suivi.core.models import JobStatus
from suivi.interop.models import ImportJob

pytestmark = pytest.mark.django_db


def _job(actor=None, **fields):
    job = jobs.new(ImportJob, actor=actor or system("tests"), original_name="x.xlsx", **fields)
    job.file.name = "imports/x"
    job.save()
    return job


def _stored(job):
    return ImportJob.objects.get(pk=job.pk)


def test_a_job_says_who_started_it_and_acts_for_them():
    officer = member(Role.ME_OFFICER, first_name="Salma", last_name="Idrissi")
    by_user = _job(officer)
    assert by_user.created_by == officer and by_user.started_by_system == ""
    assert by_user.actor == officer and by_user.started_by_name == "Salma Idrissi"
    by_command = _stored(_job(system("manage.py recompute")))
    assert by_command.created_by is None
    assert by_command.actor == SystemActor("manage.py recompute")
    assert by_command.started_by_name == "manage.py recompute"
    assert by_command.status == JobStatus.PENDING and not by_command.is_finished


def test_progress_is_written_when_the_step_changes_and_every_five_percent():
    job = _job()
    with CaptureQueriesContext(connection) as queries:
        for done in range(1, 1001):
            jobs.report_progress(job, "Importing", done, 1000)
    updates = [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert 20 <= len(updates) <= 22  # not 1,000
    stored = _stored(job)
    assert (stored.status, stored.step, stored.done, stored.total) == (
        "running",
        "Importing",
        1000,
        1000,
    )
    assert stored.started_at is not None and stored.percent == 100
    jobs.report_progress(job, "Indicators", 1, 4)  # a new step is always written
    assert (_stored(job).step, _stored(job).percent) == ("Indicators", 25)
    jobs.report_progress(job, "x" * 300, 2, 4)
    assert len(_stored(job).step) == 100


def test_progress_never_saves_the_whole_row():
    """A stale instance elsewhere must not be written back over the progress."""
    job = _job(options={"label": "v1"})
    ImportJob.objects.filter(pk=job.pk).update(options={"label": "v2"})
    jobs.report_progress(job, "Checking", 1, 2)
    jobs.succeed(job, summary="2 indicators")
    stored = _stored(job)
    assert stored.options == {"label": "v2"} and stored.summary == "2 indicators"


def test_running_ends_the_job_whatever_happens():
    done = _job()
    with jobs.running(done):
        jobs.report_progress(done, "Importing", 1, 1)
    assert _stored(done).status == JobStatus.SUCCEEDED and _stored(done).finished_at

    crashed = _job()
    with pytest.raises(ZeroDivisionError), jobs.running(crashed):
        1 / 0  # noqa: B018
    stored = _stored(crashed)
    assert stored.status == JobStatus.FAILED and stored.finished_at and stored.is_finished

    refused = _job()
    with jobs.running(refused):
        jobs.fail(refused, errors=[{"row": row, "message": "bad"} for row in range(500)])
    stored = _stored(refused)
    assert stored.status == JobStatus.FAILED  # not turned into a success on leaving
    assert len(stored.errors) == jobs.MAX_ERRORS and stored.error_count == 500


def test_the_work_runs_in_the_language_of_who_started_it():
    job = _job(member(Role.ME_OFFICER, preferred_language="ar"))
    with jobs.running(job):
        assert translation.get_language() == "ar"
    assert _job(system("tests")).language == "fr"


def _fragment(job, **context):
    return render_to_string(
        "core/_job_progress.html#job-progress",
        {
            "job": job,
            "poll_url": "/imports/x/",
            "result_template": jobs.DEFAULT_RESULT_TEMPLATE,
            **context,
        },
    )


def test_the_fragment_polls_with_an_accessible_bar_until_the_job_ends():
    job = _job()
    jobs.report_progress(job, "Importing", 3, 12)
    with translation.override("en"):
        running = _fragment(job)
    assert 'hx-get="/imports/x/" hx-trigger="every 1s" hx-swap="outerHTML"' in running
    assert 'aria-busy="true"' in running and 'data-status="running"' in running
    assert '<progress class="job-bar" max="100" value="25" aria-labelledby="job-step">' in running
    assert 'id="job-step"' in running and "3 of 12" in running
    jobs.succeed(job, summary="12 persons registered")
    with translation.override("en"):
        finished = _fragment(job)
    assert "hx-get" not in finished and "<progress" not in finished and "aria-busy" not in finished
    assert 'role="status">12 persons registered' in finished and "Finished on" in finished


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "Cette page se met à jour toute seule."), ("ar", "تتحدّث هذه الصفحة تلقائيًا.")],
)
def test_the_fragment_speaks_french_and_arabic(language, expected):
    job = _job(member(Role.ME_OFFICER, first_name="Salma", last_name="Idrissi"))
    jobs.report_progress(job, "Importing", 3, 12)
    with translation.override(language):
        body = _fragment(job)
    assert expected in body and "<bdi>Salma Idrissi</bdi>" in body
    assert "Started by" not in body and " of 12" not in body


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer: steps show at commit"
)
@pytest.mark.django_db(transaction=True)
def test_each_step_is_visible_while_the_work_holds_a_transaction_open(monkeypatch):
    monkeypatch.setattr(jobs, "SIDE_LOCK_TIMEOUT", "200ms")
    job = _job()  # committed, as when the worker picks it up
    observer = connections.create_connection("default")
    try:

        def seen_sessions():
            with observer.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                return cursor.fetchone()[0]

        def seen():
            with observer.cursor() as cursor:
                cursor.execute(
                    "SELECT step, done FROM interop_importjob WHERE id = %s", [job.pk.hex]
                )
                return cursor.fetchone()

        with jobs.running(job), transaction.atomic():
            ImportJob.objects.create(original_name="other.xlsx", file="imports/y")
            jobs.report_progress(job, "Importing", 1, 10)
            assert seen() == ("Importing", 1)  # another connection sees it now
            jobs.report_progress(job, "Importing", 5, 10)
            assert seen() == ("Importing", 5)
        assert _stored(job).status == JobStatus.SUCCEEDED
        # A job created in the open transaction is written in that transaction.
        with transaction.atomic():
            fresh = _job()
            jobs.report_progress(fresh, "Checking", 1, 2)
            assert _stored(fresh).step == "Checking"
        # So is a job whose row the transaction locked: no waiting on oneself.
        locked = _job()
        with transaction.atomic():
            ImportJob.objects.filter(pk=locked.pk).update(summary="locked")
            jobs.report_progress(locked, "Writing", 1, 2)
            jobs.report_progress(locked, "Writing", 2, 2)
            assert (_stored(locked).step, _stored(locked).done) == ("Writing", 2)
        assert seen_sessions() == 1  # no second connection left behind
    finally:
        observer.close()
