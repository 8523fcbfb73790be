"""A one-event audit append writes through plain SQL (kohtaanto.audit.services._insert),
batches through bulk_create: both must read back exactly as written, hash for hash, and the
chain must run on from one to the other."""

import pytest

from kohtaanto.audit.models import AuditEvent
from kohtaanto.audit.services import AuditEntry, audit_record, audit_record_many, audit_verify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_batch_reads_back_hash_for_hash_and_verifies():
    actor = UserFactory()
    # 180 rows: more than one INSERT on SQLite (999 parameters / 13 columns = 76 rows).
    entries = [
        AuditEntry("read", "client.worklist", i, i, {"i": i, "text": "Åsa Öberg ✓", "nested": [1, None]})
        for i in range(180)
    ]
    assert audit_record_many(actor=actor, entries=entries, purpose="worklist", request_id="req-1") == 180
    rows = list(AuditEvent.objects.order_by("id"))
    assert len(rows) == 180
    assert [r.detail for r in rows] == [e.detail for e in entries]
    assert [r.subject_client_id for r in rows] == list(range(180))
    assert {(r.actor_id, r.actor_name, r.actor_role, r.purpose, r.request_id) for r in rows} == {
        (actor.pk, actor.username, actor.role, "worklist", "req-1")
    }
    assert all(r.compute_hash() == r.hash for r in rows)  # time and JSON survive the round trip
    assert rows[0].prev_hash == "0" * 64 and all(
        b.prev_hash == a.hash for a, b in zip(rows, rows[1:], strict=False)
    )
    # One-event appends (the plain-SQL path) chain on from the batch and from each other.
    audit_record(actor=actor, action="read", target_type="client", target_id="x", subject_client_id=None)
    audit_record(actor=actor, action="search", target_type="client.hetu", detail={"q": "Äö ✓"}, purpose="p")
    singles = list(AuditEvent.objects.order_by("id"))[180:]
    assert singles[0].prev_hash == rows[-1].hash and singles[1].prev_hash == singles[0].hash
    assert (singles[0].target_id, singles[0].subject_client_id, singles[1].detail, singles[1].purpose) == (
        "x",
        None,
        {"q": "Äö ✓"},
        "p",
    )
    assert all(r.compute_hash() == r.hash for r in singles)
    result = audit_verify()
    assert result.ok and result.checked == 182


def test_nothing_to_append_writes_nothing():
    assert audit_record_many(actor=UserFactory(), entries=[]) == 0
    assert not AuditEvent.objects.exists()
