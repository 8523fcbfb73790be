"""Job-search periods end with outcomes (issue 12, point 1): pages and API, audited, and bad
input writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from kohtaanto.accounts.models import Role
from kohtaanto.audit.models import AuditEvent
from kohtaanto.clients.models import Client, ClientEvent
from kohtaanto.outcomes.models import EducationStart, Employment, JobSearchPeriod
from kohtaanto.outcomes.services import periods_backfill
from tests.factories import ClientFactory, UserFactory
from tests.portal.factories import network_member

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def own():
    worker = UserFactory()
    c = ClientFactory(
        responsible_worker=worker, team=worker.team, registration_date=TODAY - dt.timedelta(days=60)
    )
    return worker, c


def _api(client, path, body):
    return client.post(path, body, content_type="application/json")


def test_ending_employed_then_registering_again_keeps_the_history(client, own):
    worker, c = own
    client.force_login(worker)
    r = _api(
        client,
        f"/api/v1/clients/{c.pk}/employments",
        {
            "employer_name": "Logistiikka Oy",
            "business_id": "0112038-9",
            "start": TODAY.isoformat(),
            "weekly_hours": "37.5",
        },
    )
    assert r.status_code == 201, r.content
    r = _api(client, f"/api/v1/clients/{c.pk}/periods/end", {"end": TODAY.isoformat(), "reason": "employed"})
    assert r.status_code == 200, r.content
    c.refresh_from_db()
    assert (c.job_search_status, c.end_reason, c.next_due_date) == ("ended", "employed", None)
    assert ClientEvent.objects.filter(client=c, kind="job_search_ended", reason="employed").exists()
    assert AuditEvent.objects.filter(
        action="update", target_type="client.period", subject_client_id=c.pk
    ).exists()
    r = _api(client, f"/api/v1/clients/{c.pk}/periods", {"start": TODAY.isoformat()})
    assert r.status_code == 201, r.content
    history = client.get(f"/api/v1/clients/{c.pk}/periods").json()
    assert [(p["end"] is None, p["end_reason"]) for p in history["periods"]] == [
        (True, ""),
        (False, "employed"),
    ]
    assert history["employments"][0]["business_id"] == "0112038-9"
    c.refresh_from_db()
    assert c.job_search_status == "active" and c.registration_date == TODAY and c.next_due_date is not None


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("periods/end", {"end": (TODAY - dt.timedelta(days=61)).isoformat(), "reason": "employed"}, "end"),
        ("periods/end", {"end": (TODAY + dt.timedelta(days=1)).isoformat(), "reason": "employed"}, "end"),
        ("periods/end", {"end": TODAY.isoformat(), "reason": "retired"}, "reason"),
        (
            "employments",
            {
                "employer_name": "X Oy",
                "business_id": "0112038-8",
                "start": TODAY.isoformat(),
                "weekly_hours": "20",
            },
            "business_id",
        ),
        (
            "employments",
            {
                "employer_name": "X Oy",
                "start": TODAY.isoformat(),
                "weekly_hours": "20",
                "contract": "fixed_term",
            },
            "end",
        ),
        (
            "employments",
            {"employer_name": " ", "start": TODAY.isoformat(), "weekly_hours": "20"},
            "employer_name",
        ),
        ("periods", {"start": TODAY.isoformat()}, "start"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_writes_nothing(client, own, path, body, field):
    worker, c = own
    client.force_login(worker)
    r = _api(client, f"/api/v1/clients/{c.pk}/{path}", body)
    assert r.status_code in (400, 422), r.content
    assert field in r.content.decode()
    c.refresh_from_db()
    assert c.job_search_status == "active"
    assert not Employment.objects.exists() and not JobSearchPeriod.objects.filter(end__isnull=False).exists()
    assert not AuditEvent.objects.filter(action__in=("create", "update")).exists()


def test_outside_scope_or_network_roles_are_refused(client, own):
    _worker, c = own
    body = {"employer_name": "X Oy", "start": TODAY.isoformat(), "weekly_hours": "20"}
    client.force_login(UserFactory())  # another team's worker
    assert _api(client, f"/api/v1/clients/{c.pk}/employments", body).status_code == 404
    psychologist, _ = network_member(c, Role.PSYCHOLOGIST)
    client.force_login(psychologist)
    assert _api(client, f"/api/v1/clients/{c.pk}/employments", body).status_code == 403
    assert not Employment.objects.exists()


@pytest.mark.parametrize(("lang", "word"), [("fi", "koulutus"), ("sv", "utbildning"), ("en", "education")])
def test_the_page_forms_record_outcomes(client, own, lang, word):
    worker, c = own
    client.force_login(worker)
    r = client.post(
        f"/clients/{c.pk}/outcomes/education/",
        {
            "d-institution": "Stadin AO",
            "d-programme": "Logistiikan perustutkinto",
            "d-start": TODAY.isoformat(),
        },
    )
    assert r.status_code == 302 and EducationStart.objects.filter(client=c).count() == 1
    client.post(f"/clients/{c.pk}/outcomes/end/", {"p-end": TODAY.isoformat(), "p-reason": "education"})
    c.refresh_from_db()
    assert c.end_reason == "education"
    html = client.get(f"/clients/{c.pk}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    section = html[html.index('id="h-outcomes"') :]
    assert "Logistiikan perustutkinto" in section and word in section.lower()


def test_backfill_gives_every_loaded_client_one_period():
    active = ClientFactory()
    ended = ClientFactory(job_search_status="ended", end_date=TODAY, end_reason="moved")
    assert periods_backfill() == 2 and periods_backfill() == 0
    assert JobSearchPeriod.objects.get(client=active).end is None
    assert JobSearchPeriod.objects.get(client=ended).end_reason == "moved"
    assert Client.objects.count() == JobSearchPeriod.objects.count()


def test_outcomes_are_in_the_gdpr_export_and_anonymised(own):
    from kohtaanto.outcomes.services import employment_record
    from kohtaanto.privacy.services import client_anonymise, client_data_tree

    worker, c = own
    employment_record(
        actor=worker, client_id=c.pk, employer_name="Logistiikka Oy", start=TODAY, weekly_hours=30
    )
    tree = str(client_data_tree(c))
    assert "JOB_SEARCH" in tree and "Logistiikka Oy" in tree
    client_anonymise(actor=None, client=c, reason="test")
    assert Employment.objects.get().employer_name == "–"
