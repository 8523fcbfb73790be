"""Every client registered before periods existed gets one period: its registration and,
for an ended job search, its end date and reason."""

from django.db import migrations

BATCH = 5000


def forwards(apps, schema_editor):
    client_model = apps.get_model("clients", "Client")
    period_model = apps.get_model("outcomes", "JobSearchPeriod")
    rows = client_model.objects.order_by("id").values_list(
        "id", "registration_date", "job_search_status", "end_date", "end_reason"
    )
    batch = []
    for pk, start, status, end, reason in rows.iterator(chunk_size=BATCH):
        ended = status == "ended"
        batch.append(
            period_model(
                client_id=pk,
                start=start,
                end=max(end or start, start) if ended else None,
                end_reason=(reason or "other") if ended else "",
            )
        )
        if len(batch) >= BATCH:
            period_model.objects.bulk_create(batch)
            batch = []
    period_model.objects.bulk_create(batch)


def backwards(apps, schema_editor):
    apps.get_model("outcomes", "JobSearchPeriod").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_periods"), ("clients", "0007_end_reasons")]
    operations = [migrations.RunPython(forwards, backwards)]
