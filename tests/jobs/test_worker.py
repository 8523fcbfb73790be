"""Background work without an extra server (issue 12, point 4): the schedule lives in the
database, `kohtaanto worker` enqueues what is due and runs it, failures are retried a
bounded number of times, and the administrator sees each run's state, duration and error."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kohtaanto.accounts.models import Role
from kohtaanto.cli import main
from kohtaanto.jobs.models import ScheduledJob
from kohtaanto.jobs.retry import MAX_ATTEMPTS
from kohtaanto.jobs.services import schedule_defaults_install, schedule_due
from kohtaanto.jobs.worker import run_worker
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def default_schedule():
    # Transactional tests empty the tables between tests: install what the migration does.
    schedule_defaults_install()


def test_the_default_schedule_enqueues_each_due_job_once():
    assert set(ScheduledJob.objects.values_list("job", flat=True)) == {
        "audit_checkpoint",
        "insights_refresh",
        "meeting_reminders",
        "retention",
        "catalogue_reminders",
        "matching_rerank_train",
        "procurement_outcomes",
    }
    assert ScheduledJob.objects.get(job="insights_refresh").every_minutes <= 60
    later = timezone.now() + timedelta(days=2)
    assert sorted(schedule_due(now=later)) == [
        "audit_checkpoint",
        "catalogue_reminders",
        "insights_refresh",
        "matching_rerank_train",
        "meeting_reminders",
        "procurement_outcomes",
        "retention",
    ]
    assert schedule_due(now=later) == []  # next runs moved past `later`, a missed slot runs once
    assert all(j.next_run_at > later for j in ScheduledJob.objects.all())
    assert DBTaskResult.objects.count() == ScheduledJob.objects.count()


def test_the_worker_runs_a_job_and_records_its_result(capsys):
    ScheduledJob.objects.exclude(job="retention").update(enabled=False)
    ScheduledJob.objects.filter(job="retention").update(next_run_at=timezone.now() - timedelta(minutes=1))
    assert main(["worker", "--once"]) == 0
    run = DBTaskResult.objects.get()
    assert run.status == "SUCCESSFUL" and run.return_value == {"anonymised": 0}
    assert "1 jobs run" in capsys.readouterr().err


def test_a_failing_job_is_retried_a_bounded_number_of_times(monkeypatch):
    ScheduledJob.objects.update(enabled=False)

    def broken(**kwargs):
        raise RuntimeError("register unavailable")

    monkeypatch.setattr("kohtaanto.privacy.services.retention_apply", broken)
    from kohtaanto.jobs.tasks import retention

    retention.enqueue()
    for _ in range(MAX_ATTEMPTS + 1):
        run_worker(once=True)
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now() - timedelta(seconds=1))
    runs = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [r.status for r in runs] == ["FAILED"] * MAX_ATTEMPTS
    assert [r.args_kwargs["kwargs"].get("_attempt", 1) for r in runs] == list(range(1, MAX_ATTEMPTS + 1))


def test_the_administrator_sees_runs_and_changes_the_schedule(client):
    admin = UserFactory(role=Role.ADMINISTRATOR, team=None, unit=None, is_staff=True)
    client.force_login(admin)
    assert client.post("/operations/jobs/", {"job": "retention"}).status_code == 302
    run_worker(once=True)
    runs = client.get("/api/v1/jobs/runs").json()
    assert any(
        r["job"] == "retention" and r["status"] == "SUCCESSFUL" and r["seconds"] is not None for r in runs
    )
    html = client.get("/operations/jobs/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Taustatyöt" in html and "tehty" in html, html[html.index("<main") : html.index("<main") + 800]
    bad = client.put("/api/v1/jobs/schedule/retention", {"every_minutes": 1}, content_type="application/json")
    assert bad.status_code == 422
    ok = client.put(
        "/api/v1/jobs/schedule/insights_refresh", {"every_minutes": 30}, content_type="application/json"
    )
    assert ok.status_code == 200 and ScheduledJob.objects.get(job="insights_refresh").every_minutes == 30
    assert client.put(
        "/api/v1/jobs/schedule/nonsense", {"every_minutes": 30}, content_type="application/json"
    ).status_code in (
        400,
        422,
    )


def test_the_dashboards_refresh_button_queues_a_job_for_the_worker():
    from kohtaanto.insights.services import refresh_request

    analyst = UserFactory(role=Role.ANALYST, team=None, unit=None)
    refresh_request(actor=analyst)
    refresh_request(actor=analyst)  # a pending request is reused: one job
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "kohtaanto.jobs.tasks.insights_refresh"
    ]
