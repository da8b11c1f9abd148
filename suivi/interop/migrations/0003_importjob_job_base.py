"""ImportJob inherits the shared job (suivi.core.models.Job): the file's
issues become the job's errors (rows kept, their number counted), and the
job's other fields (result, started at, the system starter) are added."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def count_errors(apps, schema_editor):
    ImportJob = apps.get_model("interop", "ImportJob")
    for job in ImportJob.objects.only("pk", "errors"):
        if job.errors:
            ImportJob.objects.filter(pk=job.pk).update(error_count=len(job.errors))


class Migration(migrations.Migration):
    dependencies = [
        ("interop", "0002_records_jobs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="importjob", old_name="issues", new_name="errors"),
        migrations.AlterField(
            model_name="importjob",
            name="errors",
            field=models.JSONField(blank=True, default=list, verbose_name="errors"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="error_count",
            field=models.PositiveIntegerField(default=0, verbose_name="number of errors"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="result",
            field=models.JSONField(blank=True, default=dict, verbose_name="result"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="started at"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="started_by_system",
            field=models.CharField(
                blank=True, max_length=100, verbose_name="started by the system"
            ),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="started by",
            ),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting"),
                    ("running", "Running"),
                    ("succeeded", "Done"),
                    ("failed", "Failed"),
                ],
                default="pending",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(count_errors, migrations.RunPython.noop, elidable=False),
    ]
