"""Data-subject rights end to end: export, erasure with retention rules, access logs."""

import datetime as dt

import pytest

from kohtaanto.accounts.models import Role
from kohtaanto.audit.models import AuditEvent
from kohtaanto.cli import main
from kohtaanto.clients import selectors
from kohtaanto.clients.models import Client, Meeting
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db


def _client_user(**client_kwargs):
    user = UserFactory(role=Role.CLIENT, team=None, unit=None)
    record = ClientFactory(user=user, **client_kwargs)
    return user, record


ENDED_LONG_AGO = {
    "registration_date": dt.date(2014, 1, 1),
    "job_search_status": "ended",
    "end_date": dt.date(2015, 6, 1),
}


def test_export_returns_the_whole_tree_and_is_audited(client):
    user, record = _client_user()
    Meeting.objects.create(
        client=record,
        kind="initial_interview",
        status="held",
        channel="phone",
        held_date=record.registration_date,
        notes="talked about CV",
    )
    client.force_login(user)
    r = client.get(f"/api/v1/gdpr/{record.external_id}")
    assert r.status_code == 200
    tree = r.json()
    assert tree["key"] == "CLIENT"
    leaves = {c["key"]: c.get("value") for c in tree["children"]}
    assert leaves["FIRST_NAME"] == record.first_name and len(leaves["IDENTITY_CODE"]) == 11
    meetings = next(c for c in tree["children"] if c["key"] == "MEETINGS")["children"]
    assert any(leaf.get("value") == "talked about CV" for m in meetings for leaf in m["children"])
    assert AuditEvent.objects.filter(action="export", subject_client_id=record.pk).exists()


def test_export_of_unknown_person_is_204_for_admin_with_reason(client):
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, team=None, unit=None))
    assert client.get("/api/v1/gdpr/K9999999?reason=request+123").status_code == 204
    assert client.get("/api/v1/gdpr/K9999999").status_code == 403


def test_erasure_refused_while_job_search_active_with_reasons_in_three_languages(client):
    user, record = _client_user()
    client.force_login(user)
    r = client.delete(f"/api/v1/gdpr/{record.external_id}")
    assert r.status_code == 403
    err = r.json()["errors"][0]
    assert err["code"] == "ACTIVE_JOB_SEARCH" and set(err["message"]) == {"fi", "sv", "en"}
    record.refresh_from_db()
    assert record.anonymised_at is None and record.first_name == "Aino"


def test_erasure_refused_within_retention_period(client):
    user, record = _client_user(job_search_status="ended", end_date=dt.date.today() - dt.timedelta(days=100))
    client.force_login(user)
    r = client.delete(f"/api/v1/gdpr/{record.external_id}?dry_run=true")
    assert r.status_code == 403 and r.json()["errors"][0]["code"] == "RETENTION_PERIOD"


def test_dry_run_then_real_erasure(client):
    user, record = _client_user(**ENDED_LONG_AGO)
    Meeting.objects.create(
        client=record,
        kind="initial_interview",
        status="held",
        channel="phone",
        held_date=record.registration_date,
        notes="private",
    )
    client.force_login(user)
    url = f"/api/v1/gdpr/{record.external_id}"
    assert client.delete(url + "?dry_run=true").status_code == 204
    record.refresh_from_db()
    assert record.anonymised_at is None

    assert client.delete(url).status_code == 204
    record.refresh_from_db()
    assert record.anonymised_at and record.first_name == "–" and record.hetu_encrypted == ""
    assert record.birth_date.month == 1 and record.birth_date.day == 1
    assert not record.meetings.exclude(notes="").exists()
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert AuditEvent.objects.filter(action="erase", subject_client_id=record.pk).exists()


def test_retention_command_anonymises_only_expired(capsys):
    expired = ClientFactory(**ENDED_LONG_AGO)
    recent = ClientFactory(job_search_status="ended", end_date=dt.date.today() - dt.timedelta(days=10))
    active = ClientFactory()
    assert main(["retention", "apply", "--dry-run"]) == 0
    assert "would anonymise 1 " in capsys.readouterr().out
    assert not Client.objects.filter(anonymised_at__isnull=False).exists()
    assert main(["retention", "apply"]) == 0
    assert set(Client.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True)) == {
        expired.pk
    }
    assert recent.pk and active.pk


def test_client_sees_who_processed_their_data(client):
    user, record = _client_user()
    selectors.client_get(actor=record.responsible_worker, client_id=record.pk, purpose="case work")
    client.force_login(user)
    rows = client.get("/api/v1/audit/me").json()["items"]
    worker = record.responsible_worker
    assert [(r["actor_name"], r["action"], r["purpose"]) for r in rows] == [
        (worker.display_name, "read", "case work")
    ]
    page = client.get("/me/access-log/").content.decode()
    assert worker.display_name in page


def test_supervisor_queries_access_by_worker_and_is_logged(client):
    leader = UserFactory(role=Role.TEAM_LEADER)
    worker = UserFactory(team=leader.team)
    c = ClientFactory(responsible_worker=worker)
    selectors.client_get(actor=worker, client_id=c.pk)
    client.force_login(leader)
    rows = client.get(f"/api/v1/audit/workers/{worker.pk}").json()["items"]
    assert [r["subject_client_id"] for r in rows] == [c.pk]
    assert AuditEvent.objects.filter(actor_id=leader.pk, target_type="audit.access_by_worker").exists()
    page = client.get("/audit/access/", {"worker": worker.pk})
    assert page.status_code == 200 and c.external_id in page.content.decode()
    bad = client.get(f"/api/v1/audit/workers/{worker.pk}?start=2026-05-01&end=2026-01-01")
    assert bad.status_code == 422
