"""Access logs people can read (issue 18, item 6): the client's "who has processed my data"
is paged and grouped, with names and translated roles and purposes; the supervisor's view
has names, translations, filters and refused attempts."""

from __future__ import annotations

import re

import pytest

from kohtaanto.accesslog.selectors import GROUPS_PER_PAGE
from kohtaanto.accounts.models import Role
from kohtaanto.audit.models import AuditEvent
from kohtaanto.audit.services import audit_record
from kohtaanto.clients import selectors
from tests.factories import ClientFactory, UserFactory, stated_reason

pytestmark = pytest.mark.django_db

CODES = ("case_worker", "client.worklist", "profile_sharing_with_worker", "market.profile")
# English codes that are also English words: wrong only on the Finnish and Swedish pages.
ENGLISH_CODES = ("worklist", "case work")
WORDS = {
    "fi": ("Työnhakijalista", "Asiakastyö"),
    "sv": ("Arbetslista", "Klientarbete"),
    "en": ("Worklist", "Case work"),
}


def _client_user(**kwargs):
    user = UserFactory(role=Role.CLIENT, team=None, unit=None)
    return user, ClientFactory(user=user, **kwargs)


def _visible_text(html: str) -> str:
    body = html.split("<main", 1)[-1]
    return re.sub(r"<[^>]+>", " ", body)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_repeated_worklist_reads_are_one_line_with_name_and_words(client, lang):
    user, record = _client_user()
    worker = record.responsible_worker
    for _ in range(3):
        selectors.client_worklist(actor=worker)
    selectors.client_get(actor=worker, client_id=record.pk)
    audit_record(
        actor=worker,
        action="read",
        target_type="market.profile",
        subject_client_id=record.pk,
        purpose="profile_sharing_with_worker",
    )
    client.force_login(user)
    log = client.get("/api/v1/audit/me", HTTP_ACCEPT_LANGUAGE=lang).json()
    assert log["count"] == 3 and log["pages"] == 1
    by_purpose = {g["purpose"]: g for g in log["items"]}
    assert by_purpose["worklist"]["count"] == 3
    assert by_purpose["case work"]["count"] == 1
    assert {g["actor_name"] for g in log["items"]} == {worker.display_name}
    html = client.get("/me/access-log/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    text = _visible_text(html)
    assert worker.display_name in text and worker.username not in text
    for code in CODES + (ENGLISH_CODES if lang != "en" else ()):
        assert code not in text, f"{code!r} shown in {lang}"
    for word in WORDS[lang]:
        assert word.lower() in text.lower(), f"{word!r} missing in {lang}"


def test_the_client_log_pages_and_hides_refused_attempts(client):
    user, record = _client_user()
    for _ in range(GROUPS_PER_PAGE + 5):
        teammate = UserFactory(team=record.team)
        stated_reason(teammate, record)
        selectors.client_get(actor=teammate, client_id=record.pk, reason="")
    stranger = UserFactory()
    with pytest.raises(Exception):  # noqa: B017 - out of scope answers 404
        selectors.client_get(actor=stranger, client_id=record.pk)
    client.force_login(user)
    first = client.get("/api/v1/audit/me").json()
    second = client.get("/api/v1/audit/me?page=2").json()
    assert first["count"] == GROUPS_PER_PAGE + 5 and first["pages"] == 2
    assert len(first["items"]) == GROUPS_PER_PAGE and len(second["items"]) == 5
    assert all(g["action"] != "denied" for g in first["items"] + second["items"])
    html = client.get("/me/access-log/?page=2").content.decode()
    assert 'class="pager"' in html and "page=1" in html


def test_supervisor_sees_names_filters_and_refused_attempts(client):
    leader = UserFactory(role=Role.TEAM_LEADER)
    worker = UserFactory(team=leader.team)
    own = ClientFactory(responsible_worker=worker)
    foreign = ClientFactory()
    selectors.client_get(actor=worker, client_id=own.pk)
    client.force_login(worker)
    assert client.get(f"/clients/{foreign.pk}/").status_code == 404
    assert client.get("/audit/access/").status_code == 403
    denied = AuditEvent.objects.filter(actor_id=worker.pk, action="denied")
    assert {(e.target_type, e.subject_client_id) for e in denied} == {
        ("client", foreign.pk),
        ("request", None),
    }

    client.force_login(leader)
    url = f"/api/v1/audit/workers/{worker.pk}"
    everything = client.get(url).json()["items"]
    assert {e["client_name"] for e in everything if e["subject_client_id"]} >= {
        f"{own.first_name} {own.last_name}",
        f"{foreign.first_name} {foreign.last_name}",
    }
    refused = client.get(url, {"outcome": "refused"}).json()["items"]
    assert {e["subject_client_id"] for e in refused} == {foreign.pk, None}
    assert all(e["refused"] for e in refused)
    by_purpose = client.get(url, {"purpose": "case work"}).json()["items"]
    assert [e["subject_client_id"] for e in by_purpose] == [own.pk]
    assert client.get(url, {"action": "nonsense"}).status_code == 422

    html = client.get(
        "/audit/access/", {"worker": worker.pk, "outcome": "refused"}, HTTP_ACCEPT_LANGUAGE="fi"
    ).content.decode()
    text = _visible_text(html)
    assert foreign.external_id in text and "refused access" not in text
    assert "GET /audit/access/" in text
