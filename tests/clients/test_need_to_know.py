"""Need to know (issue 13, point 9): a worker opens their own clients directly; a teammate's
client, or one whose job search ended long ago, opens after a stated reason that the audit and
the client's access log show; the identity code is masked until asked for, and that is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kohtaanto.audit.models import AuditEvent
from kohtaanto.clients import identity
from kohtaanto.clients.models import AccessGrant
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    worker = UserFactory()
    teammate = UserFactory(team=worker.team, unit=worker.unit)
    return worker, teammate


def purposes(client) -> list[str]:
    return list(AuditEvent.objects.filter(subject_client_id=client.pk).values_list("purpose", flat=True))


def test_the_responsible_worker_opens_their_client_directly(client, team):
    worker, _ = team
    record = ClientFactory(responsible_worker=worker)
    client.force_login(worker)
    assert client.get(reverse("client_page", args=[record.pk])).status_code == 200
    assert purposes(record) == ["case work"]


def test_a_teammate_states_a_reason_that_the_client_sees(client, team):
    worker, teammate = team
    user = UserFactory(role="client", team=None, unit=None)
    record = ClientFactory(responsible_worker=worker, user=user)
    page = reverse("client_page", args=[record.pk])
    client.force_login(teammate)
    asked = client.get(page)
    assert asked.status_code == 403 and 'value="standing_in"' in asked.content.decode()
    assert not AuditEvent.objects.filter(subject_client_id=record.pk, action="read").exists()
    # A reason not on the list opens nothing.
    client.post(reverse("client_access", args=[record.pk]), {"reason": "curiosity", "next": page})
    assert not AccessGrant.objects.exists() and client.get(page).status_code == 403

    answer = client.post(reverse("client_access", args=[record.pk]), {"reason": "standing_in", "next": page})
    assert answer.status_code == 302 and answer["Location"] == page
    assert client.get(page).status_code == 200
    assert "need to know: standing_in" in purposes(record)
    # The client sees who opened their data and why, in words.
    client.force_login(user)
    log = client.get(reverse("my_access_log")).content.decode()
    assert "standing in for the responsible worker" in log or "sijaisena" in log


def test_an_expired_reason_asks_again(client, team):
    worker, teammate = team
    record = ClientFactory(responsible_worker=worker)
    AccessGrant.objects.create(
        user=teammate,
        client=record,
        reason="standing_in",
        expires_at=timezone.now() - dt.timedelta(minutes=1),
    )
    client.force_login(teammate)
    assert client.get(f"/api/v1/clients/{record.pk}").json()["code"] == "reason_required"
    granted = client.post(
        f"/api/v1/clients/{record.pk}/access", {"reason": "client_contact"}, content_type="application/json"
    )
    assert granted.status_code == 201
    assert client.get(f"/api/v1/clients/{record.pk}").status_code == 200


def test_a_job_search_that_ended_long_ago_needs_a_reason_even_for_its_worker(client, team, settings):
    worker, _ = team
    settings.ENDED_ACCESS_DAYS = 90
    recent = ClientFactory(
        responsible_worker=worker, job_search_status="ended", end_date=dt.date.today() - dt.timedelta(days=30)
    )
    old = ClientFactory(
        responsible_worker=worker,
        job_search_status="ended",
        end_date=dt.date.today() - dt.timedelta(days=400),
    )
    client.force_login(worker)
    assert client.get(reverse("client_page", args=[recent.pk])).status_code == 200
    assert client.get(reverse("client_page", args=[old.pk])).status_code == 403


def test_the_identity_code_is_masked_until_asked_for(client, team):
    worker, _ = team
    record = ClientFactory(responsible_worker=worker)
    hetu = identity.decrypt(record.hetu_encrypted)
    client.force_login(worker)
    page = client.get(reverse("client_page", args=[record.pk])).content.decode()
    assert hetu not in page and hetu[:7] + "****" in page
    assert client.get(f"/api/v1/clients/{record.pk}").json()["identity_code"] == hetu[:7] + "****"
    shown = client.post(reverse("identity_code", args=[record.pk]))
    assert hetu in shown.content.decode()
    assert client.get(f"/api/v1/clients/{record.pk}/identity-code").json()["identity_code"] == hetu
    assert AuditEvent.objects.filter(subject_client_id=record.pk, target_type="client.hetu").count() == 2
