"""The audit append writes through plain SQL (kohtaanto.audit.services._insert) for speed:
the rows must read back exactly as written, hash for hash, in batches larger than one
INSERT holds, and the chain must run on across calls."""

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
    audit_record(actor=actor, action="read", target_type="client", target_id="x", subject_client_id=None)
    result = audit_verify()
    assert result.ok and result.checked == 181
    assert AuditEvent.objects.order_by("-id").first().prev_hash == rows[-1].hash


def test_nothing_to_append_writes_nothing():
    assert audit_record_many(actor=UserFactory(), entries=[]) == 0
    assert not AuditEvent.objects.exists()
