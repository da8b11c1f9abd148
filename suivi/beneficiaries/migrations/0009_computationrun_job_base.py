"""ComputationRun inherits the shared job (suivi.core.models.Job): the
requester becomes the job's starter (`created_by`, rows kept), the number of
values written moves into the job's result, and the job's other fields
(errors, summary, started at, the system starter) are added."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def written_into_result(apps, schema_editor):
    ComputationRun = apps.get_model("beneficiaries", "ComputationRun")
    for run in ComputationRun.objects.exclude(written=0).only("pk", "written"):
        ComputationRun.objects.filter(pk=run.pk).update(result={"written": run.written})


def result_into_written(apps, schema_editor):
    ComputationRun = apps.get_model("beneficiaries", "ComputationRun")
    for run in ComputationRun.objects.only("pk", "result"):
        written = (run.result or {}).get("written", 0)
        if written:
            ComputationRun.objects.filter(pk=run.pk).update(written=written)


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0008_referraltransition"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(
            model_name="computationrun", old_name="requested_by", new_name="created_by"
        ),
        migrations.AlterField(
            model_name="computationrun",
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
        migrations.AddField(
            model_name="computationrun",
            name="started_by_system",
            field=models.CharField(
                blank=True, max_length=100, verbose_name="started by the system"
            ),
        ),
        migrations.AddField(
            model_name="computationrun",
            name="errors",
            field=models.JSONField(blank=True, default=list, verbose_name="errors"),
        ),
        migrations.AddField(
            model_name="computationrun",
            name="error_count",
            field=models.PositiveIntegerField(default=0, verbose_name="number of errors"),
        ),
        migrations.AddField(
            model_name="computationrun",
            name="result",
            field=models.JSONField(blank=True, default=dict, verbose_name="result"),
        ),
        migrations.AddField(
            model_name="computationrun",
            name="summary",
            field=models.TextField(blank=True, verbose_name="summary"),
        ),
        migrations.AddField(
            model_name="computationrun",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="started at"),
        ),
        migrations.RunPython(written_into_result, result_into_written, elidable=False),
        migrations.RemoveField(model_name="computationrun", name="written"),
    ]
