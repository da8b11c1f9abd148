"""A vulnerability grid names the service its decisions are recorded as and
the service they are granted for (no longer codes written in the service).
Grids already stored were Amuddu's: a scholarship for a training enrolment."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    grid_model = apps.get_model("beneficiaries", "VulnerabilityGrid")
    event_type = apps.get_model("beneficiaries", "EventType")
    grids = grid_model.objects.all()
    if not grids.exists():
        return
    records_as = event_type.objects.get(code="scholarship")
    granted_for = event_type.objects.get(code="training_enrolment")
    grids.update(records_as=records_as, granted_for=granted_for)


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0009_computationrun_job_base")]

    operations = [
        migrations.AddField(
            model_name="vulnerabilitygrid",
            name="records_as",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="beneficiaries.eventtype",
                verbose_name="decision recorded as",
            ),
        ),
        migrations.AddField(
            model_name="vulnerabilitygrid",
            name="granted_for",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="beneficiaries.eventtype",
                verbose_name="granted for",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="vulnerabilitygrid",
            name="records_as",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="beneficiaries.eventtype",
                verbose_name="decision recorded as",
            ),
        ),
        migrations.AlterField(
            model_name="vulnerabilitygrid",
            name="granted_for",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="beneficiaries.eventtype",
                verbose_name="granted for",
            ),
        ),
    ]
