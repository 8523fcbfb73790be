"""The staff client page writes ONE audit event per view, listing every section it read
(record, referrals, employment outlook, market consents, market profile) with each
section's purpose; the client sees it in their access log, the supervisor in theirs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from kohtaanto.accounts.models import Role
from kohtaanto.analytics.extract import pseudonym
from kohtaanto.audit.models import AuditEvent
from kohtaanto.audit.services import audit_verify
from kohtaanto.insights.services import pseudonym_key
from kohtaanto.market.models import Purpose
from tests.factories import TeamFactory, UserFactory
from tests.insights.conftest import write_results
from tests.portal.factories import client_user

from .factories import grant, nurse_profile

pytestmark = pytest.mark.django_db
SECTIONS = [
    "client",
    "client.referrals",
    "client.forecast",
    "market.consents",
    "market.profile",
    "client.outcomes",
]


@pytest.fixture
def people(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    Path(settings.DATA_DIR).mkdir()
    user, record = client_user()
    worker = UserFactory(team=record.team)
    record.responsible_worker = worker
    record.save()
    nurse_profile(record)
    return user, record, worker


def _forecast(record, tmp_path):
    pid = pseudonym(record.external_id, pseudonym_key(), "C")
    frame = pl.DataFrame(
        {
            "client_id": [pid],
            "probability": [0.4],
            "factors": [[{"feature": "education_level", "value": "tertiary", "effect": 0.2}]],
            "as_of": [dt.date(2026, 10, 31)],
        }
    )
    return write_results(tmp_path / "r", {"client_forecasts": frame})


def test_one_append_per_page_view_lists_every_section(client, people, tmp_path):
    user, record, worker = people
    refresh = _forecast(record, tmp_path)
    consent = grant(record, Purpose.SHARING_WITH_WORKER, ["occupations", "skills"])
    client.force_login(worker)
    before = AuditEvent.objects.count()
    page = client.get(f"/clients/{record.pk}/")
    assert page.status_code == 200 and "sairaanhoitaja" in page.content.decode()
    assert AuditEvent.objects.count() == before + 1
    ev = AuditEvent.objects.last()
    assert (ev.action, ev.target_type, ev.target_id, ev.subject_client_id, ev.actor_id) == (
        "read",
        "client",
        str(record.pk),
        record.pk,
        worker.pk,
    )
    assert ev.purpose == "case work" and ev.request_id == page["X-Request-ID"]
    assert [s["section"] for s in ev.detail["sections"]] == SECTIONS
    by_name = {s["section"]: s for s in ev.detail["sections"]}
    assert by_name["client"]["purpose"] == "case work"
    assert by_name["client"]["parts"][:2] == ["record", "identity_code_masked"]
    assert by_name["client.forecast"] == {
        "section": "client.forecast",
        "purpose": "employment outlook (decision support)",
        "refresh": refresh.pk,
        "as_of": "2026-10-31",
    }
    # The market profile is still a consent-purpose read: purpose, receipt and fields.
    assert by_name["market.profile"] == {
        "section": "market.profile",
        "purpose": Purpose.SHARING_WITH_WORKER,
        "consent": str(consent.receipt_id),
        "fields": ["occupations", "skills"],
    }
    assert audit_verify().ok

    # The client sees the one read, with every section and purpose, in both access logs.
    client.force_login(user)
    rows = client.get("/api/v1/audit/me", HTTP_ACCEPT_LANGUAGE="en").json()["items"]
    assert len(rows) == 1
    assert (rows[0]["actor_name"], rows[0]["action"], rows[0]["purpose"]) == (
        worker.display_name,
        "read",
        "case work",
    )
    assert rows[0]["what"] == [
        "client record",
        "services and referrals",
        "employment outlook",
        "labour-market consents",
        "labour-market profile",
        "job-search periods and outcomes",
    ]
    assert rows[0]["purposes"] == [
        "case work",
        "employment outlook (decision support)",
        "labour-market consents",
        "showing my profile to my employment worker",
    ]
    html = client.get("/me/access-log/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert worker.display_name in html
    row = html[html.index("<tbody>") : html.index("</tbody>")]
    assert "client record" in row and "employment outlook" in row and "labour-market profile" in row, row
    assert (
        "case work; employment outlook (decision support); labour-market consents; "
        "showing my profile to my employment worker" in html
    )


def test_without_consent_the_refusal_is_a_section_of_the_same_event(client, people):
    user, record, worker = people
    client.force_login(worker)
    page = client.get(f"/clients/{record.pk}/").content.decode()
    assert 'id="h-market"' in page and "sairaanhoitaja" not in page
    assert AuditEvent.objects.count() == 1
    ev = AuditEvent.objects.get()
    market = next(x for x in ev.detail["sections"] if x["section"] == "market.profile")
    assert market["section"] == "market.profile" and market["refused"] == "consent"
    assert market["purpose"] == Purpose.SHARING_WITH_WORKER and "consent" not in market
    client.force_login(user)
    html = client.get("/me/access-log/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "labour-market profile (not shown: no consent)" in html


def test_supervisor_sees_the_page_read_with_its_sections(client, people):
    _user, record, worker = people
    leader = UserFactory(role=Role.TEAM_LEADER, team=record.team)
    client.force_login(worker)
    client.get(f"/clients/{record.pk}/")
    client.force_login(leader)
    rows = client.get(f"/api/v1/audit/workers/{worker.pk}", HTTP_ACCEPT_LANGUAGE="en").json()["items"]
    assert [r["subject_client_id"] for r in rows] == [record.pk]
    assert rows[0]["what"] == [
        "client record",
        "services and referrals",
        "employment outlook",
        "labour-market consents",
        "labour-market profile (not shown: no consent)",
        "job-search periods and outcomes",
    ]
    # No refresh has run: the outlook was looked at and had no forecast to read.
    assert AuditEvent.objects.get(actor_id=worker.pk).detail["sections"][2]["forecast"] is False
    html = client.get("/audit/access/", {"worker": worker.pk}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "services and referrals" in html and "client.referrals" not in html


def test_refused_page_views_read_nothing_and_log_the_attempt(client, people):
    _user, record, _worker = people
    client.force_login(UserFactory(team=TeamFactory()))
    assert client.get(f"/clients/{record.pk}/").status_code == 404
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, team=None, unit=None))
    assert client.get(f"/clients/{record.pk}/").status_code == 403
    # Nothing was read; each attempt is one "denied" event for supervisors (issue 18, item 6).
    assert list(AuditEvent.objects.values_list("action", "target_type")) == [
        ("denied", "client"),
        ("denied", "request"),
    ]


def test_administrator_reason_is_the_purpose_of_every_record_section(client, people):
    _user, record, _worker = people
    admin = UserFactory(role=Role.ADMINISTRATOR, team=None, unit=None)
    client.force_login(admin)
    assert client.get(f"/clients/{record.pk}/", {"reason": "ticket 42"}).status_code == 200
    ev = AuditEvent.objects.get()
    assert ev.purpose == "administration: ticket 42"
    # Administrators see no outlook or market section, so nothing of them is read or listed.
    assert [(s["section"], s["purpose"]) for s in ev.detail["sections"]] == [
        ("client", "administration: ticket 42"),
        ("client.referrals", "administration: ticket 42"),
        ("client.outcomes", "administration: ticket 42"),
    ]
