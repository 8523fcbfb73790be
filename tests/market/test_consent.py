"""Consent: no consent, nothing read; withdrawal and expiry at once; field scope; receipts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kohtaanto.audit.models import AuditEvent
from kohtaanto.market import selectors
from kohtaanto.market.models import Consent, Profile, Purpose
from tests.factories import ClientFactory, UserFactory
from tests.portal.factories import client_user

from .esco_fixture import MEDICATION
from .factories import grant, nurse_profile, offering, posting

pytestmark = pytest.mark.django_db
KANTARA_KEYS = {
    "version",
    "jurisdiction",
    "consentTimestamp",
    "collectionMethod",
    "consentReceiptID",
    "language",
    "piiPrincipalId",
    "piiControllers",
    "policyUrl",
    "services",
    "sensitive",
    "spiCat",
}
PURPOSE_KEYS = {
    "purpose",
    "purposeCategory",
    "consentType",
    "piiCategory",
    "primaryPurpose",
    "termination",
    "thirdPartyDisclosure",
}


@pytest.fixture
def people():
    user, record = client_user()
    worker = UserFactory(team=record.team)
    record.responsible_worker = worker
    record.save()
    nurse_profile(record)
    return user, record, worker


def _reads(record):
    return AuditEvent.objects.filter(subject_client_id=record.pk, target_type="market.profile", action="read")


def test_no_consent_refused_and_nothing_read(client, people, monkeypatch):
    user, record, worker = people

    def boom(*a, **k):
        raise AssertionError("the profile was read without consent")

    monkeypatch.setattr(selectors, "profile_data", boom)
    client.force_login(worker)
    for url in (
        f"/api/v1/market/clients/{record.pk}/profile",
        f"/api/v1/market/clients/{record.pk}/matches/jobs",
        f"/api/v1/market/clients/{record.pk}/matches/education",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        body = response.json()
        assert body["code"] == "consent_required" and "sairaanhoitaja" not in response.content.decode()
    page = client.get(f"/clients/{record.pk}/profile/jobs/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 403 and "consent" in page.content.decode().lower()
    client.force_login(user)
    assert client.get("/api/v1/market/matches/jobs").json()["purpose"] == Purpose.JOB_MATCHING
    assert not _reads(record).exists()
    refused = AuditEvent.objects.filter(subject_client_id=record.pk, action="refused")
    assert refused.count() == 5


def test_client_reads_own_profile_without_consent(client, people):
    user, record, _worker = people
    client.force_login(user)
    body = client.get("/api/v1/market/profile").json()
    assert body["profile"]["occupations"][0]["title"] == "sairaanhoitaja"
    assert _reads(record).filter(purpose="own profile").count() == 1


def test_withdrawal_takes_effect_at_once(client, people):
    user, record, worker = people
    client.force_login(user)
    made = client.post(
        "/api/v1/market/consents",
        {"purpose": "profile_sharing_with_worker", "fields": ["occupations", "skills"], "months": 1},
        content_type="application/json",
    )
    assert made.status_code == 201
    receipt_id = made.json()["receipt_id"]
    client.force_login(worker)
    assert client.get(f"/api/v1/market/clients/{record.pk}/profile").status_code == 200
    client.force_login(user)
    withdrawn = client.post(f"/api/v1/market/consents/{receipt_id}/withdraw")
    assert withdrawn.json()["status"] == "withdrawn" and not withdrawn.json()["active"]
    client.force_login(worker)
    assert client.get(f"/api/v1/market/clients/{record.pk}/profile").status_code == 403


def test_expired_consent_is_refused(client, people):
    user, record, _worker = people
    old = grant(record, Purpose.JOB_MATCHING)
    Consent.objects.filter(pk=old.pk).update(
        granted_at=timezone.now() - timedelta(days=40), expires_at=timezone.now() - timedelta(seconds=1)
    )
    client.force_login(user)
    response = client.get("/api/v1/market/matches/jobs", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403 and "expired" in response.json()["detail"]
    assert Consent.objects.get(pk=old.pk).status == "expired"


def test_field_scope_for_worker_reads_and_writes(client, people):
    _user, record, worker = people
    grant(record, Purpose.SHARING_WITH_WORKER, ["occupations", "skills"])
    client.force_login(worker)
    body = client.get(f"/api/v1/market/clients/{record.pk}/profile").json()
    assert body["fields"] == ["occupations", "skills"]
    assert set(body["profile"]) == {"occupations", "skills"}
    ok = client.put(
        f"/api/v1/market/clients/{record.pk}/profile", {"skills": []}, content_type="application/json"
    )
    assert ok.status_code == 200
    refused = client.put(
        f"/api/v1/market/clients/{record.pk}/profile", {"languages": []}, content_type="application/json"
    )
    assert refused.status_code == 403 and refused.json()["fields"] == ["languages"]
    assert Profile.objects.get(client=record).languages  # unchanged


def test_matching_uses_only_consented_fields(client, people):
    user, record, _worker = people
    posting(1)
    offering(1, [], [MEDICATION])
    grant(record, Purpose.JOB_MATCHING, ["occupations"])
    client.force_login(user)
    body = client.get("/api/v1/market/matches/jobs").json()
    assert body["fields_used"] == ["occupations"]
    factors = {f["key"]: f["score"] for f in body["results"][0]["factors"]}
    assert factors["occupation"] == 1.0
    assert factors["skills"] is None and factors["location"] is None and factors["language"] is None
    read = AuditEvent.objects.filter(
        subject_client_id=record.pk, target_type="market.profile", action="read"
    ).last()
    assert read.detail["fields"] == ["occupations"]
    assert AuditEvent.objects.filter(subject_client_id=record.pk, action="match").count() == 1


def test_kantara_receipt_shape_and_download(client, people):
    user, record, _worker = people
    client.force_login(user)
    made = client.post(
        "/api/v1/market/consents",
        {"purpose": "job_matching", "fields": ["skills", "occupations"], "months": 6, "language": "en"},
        content_type="application/json",
    ).json()
    assert made["fields"] == ["occupations", "skills"]
    receipt = client.get(f"/api/v1/market/consents/{made['receipt_id']}/receipt").json()
    assert set(receipt) == KANTARA_KEYS
    assert receipt["version"] == "KI-CR-v1.1.0" and receipt["jurisdiction"] == "FI"
    assert isinstance(receipt["consentTimestamp"], int) and receipt["consentReceiptID"] == made["receipt_id"]
    assert receipt["piiPrincipalId"] == record.external_id and receipt["language"] == "en"
    controller = receipt["piiControllers"][0]
    assert {"piiController", "contact", "address", "email", "phone"} <= set(controller)
    purpose = receipt["services"][0]["purposes"][0]
    assert set(purpose) == PURPOSE_KEYS
    assert purpose["consentType"] == "EXPLICIT" and purpose["thirdPartyDisclosure"] is False
    assert purpose["piiCategory"] == ["occupations I look for", "skills"]  # canonical field order
    assert receipt["sensitive"] is False and receipt["spiCat"] == []
    page = client.get(f"/portal/profile/consents/{made['receipt_id']}/receipt.json")
    assert page["Content-Type"] == "application/json" and "attachment" in page["Content-Disposition"]
    assert page.json() == receipt


def test_a_new_grant_replaces_the_old_and_only_the_client_grants(client, people):
    user, record, worker = people
    client.force_login(user)
    body = {"purpose": "job_matching", "fields": ["skills"], "months": 1}
    first = client.post("/api/v1/market/consents", body, content_type="application/json").json()
    client.post("/api/v1/market/consents", body, content_type="application/json")
    states = {c["receipt_id"]: c["status"] for c in client.get("/api/v1/market/consents").json()}
    assert states[first["receipt_id"]] == "replaced" and sorted(states.values()) == ["active", "replaced"]
    bad = client.post(
        "/api/v1/market/consents",
        {"purpose": "selling", "fields": ["x"], "months": 2},
        content_type="application/json",
    )
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"purpose", "fields", "months"}
    client.force_login(worker)
    assert client.post("/api/v1/market/consents", body, content_type="application/json").status_code == 403


def test_other_clients_and_teams_are_out_of_reach(client, people):
    _user, record, _worker = people
    grant(record, Purpose.SHARING_WITH_WORKER)
    outsider = UserFactory()  # a case worker of another team
    client.force_login(outsider)
    assert client.get(f"/api/v1/market/clients/{record.pk}/profile").status_code == 404
    other_user, _other = client_user()
    client.force_login(other_user)
    consent = Consent.objects.get(client=record)
    assert client.get(f"/api/v1/market/consents/{consent.receipt_id}/receipt").status_code == 404
    assert client.post(f"/api/v1/market/consents/{consent.receipt_id}/withdraw").status_code == 404
    assert ClientFactory  # imported for symmetry with other suites
