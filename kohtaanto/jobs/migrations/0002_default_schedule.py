from django.db import migrations

from kohtaanto.jobs.defaults import default_schedule


def forwards(apps, schema_editor):
    job = apps.get_model("jobs", "ScheduledJob")
    for key, (minutes, first) in default_schedule().items():
        job.objects.get_or_create(job=key, defaults={"every_minutes": minutes, "next_run_at": first})


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_schedule")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
