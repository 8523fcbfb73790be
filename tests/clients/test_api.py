"""The /api/v1/ client endpoints: same scope and audit as the UI, 4xx with reasons."""

import datetime as dt

import pytest

from kohtaanto.audit.models import AuditEvent
from tests.factories import ClientFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_served(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    assert "/api/v1/clients/worklist" in paths and "/api/v1/clients/{client_id}/meetings" in paths


def test_anonymous_gets_401(client):
    assert client.get("/api/v1/clients/worklist").status_code == 401


def test_worklist_and_detail(client, worker):
    c = ClientFactory(responsible_worker=worker)
    data = client.get("/api/v1/clients/worklist").json()
    assert data["total"] == 1 and data["items"][0]["id"] == c.pk
    detail = client.get(f"/api/v1/clients/{c.pk}").json()
    assert detail["external_id"] == c.external_id and len(detail["identity_code"]) == 11
    assert AuditEvent.objects.filter(subject_client_id=c.pk, target_type="client").count() == 1


def test_other_teams_client_is_404(client, worker):
    other = ClientFactory(responsible_worker=UserFactory(team=TeamFactory()))
    r = client.get(f"/api/v1/clients/{other.pk}")
    assert r.status_code == 404 and "detail" in r.json()


def test_record_meeting_and_bad_input(client, worker):
    c = ClientFactory(responsible_worker=worker)
    url = f"/api/v1/clients/{c.pk}/meetings"
    ok = {
        "kind": "initial_interview",
        "status": "held",
        "channel": "phone",
        "held_date": dt.date.today().isoformat(),
    }
    r = client.post(url, ok, content_type="application/json")
    assert r.status_code == 201 and r.json()["held_date"] == ok["held_date"]
    bad = {**ok, "kind": "party"}
    r = client.post(url, bad, content_type="application/json")
    assert r.status_code == 422 and "kind" in r.json()["errors"]
    r = client.post(url, "{not json", content_type="application/json")
    assert 400 <= r.status_code < 500
    assert c.meetings.filter(status="held").count() == 1


def test_caseloads_forbidden_for_case_worker(client, worker):
    r = client.get("/api/v1/clients/caseloads")
    assert r.status_code == 403
