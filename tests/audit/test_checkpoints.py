"""Signed checkpoints outside the database (issue 13, point 8): a chain that someone with
database access rewrote and re-hashed passes the hash-chain walk, but not the checkpoint."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from kohtaanto.audit.checkpoints import (
    checkpoint_dir,
    checkpoint_latest,
    checkpoint_problem,
    checkpoint_write,
)
from kohtaanto.audit.models import AuditEvent
from kohtaanto.audit.services import audit_record, audit_verify
from kohtaanto.cli import main
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
    settings.AUDIT_KEY = "k" * 40
    actor = UserFactory()
    for i in range(3):
        audit_record(actor=actor, action="read", target_type="client", target_id=i, purpose="case work")
    return actor


def _rewrite_and_rehash(event_id: int, purpose: str) -> None:
    """What a database administrator could do: change a row and recompute every hash after it."""
    rows = list(AuditEvent.objects.order_by("id"))
    prev = rows[0].prev_hash
    with connection.cursor() as cur:
        for ev in rows:
            if ev.id == event_id:
                ev.purpose = purpose
            ev.prev_hash = prev
            ev.hash = ev.compute_hash()
            cur.execute(
                "UPDATE audit_auditevent SET purpose = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [ev.purpose, ev.prev_hash, ev.hash, ev.id],
            )
            prev = ev.hash


def test_a_rewritten_and_rehashed_chain_is_found_by_the_checkpoint(log, capsys):
    assert main(["audit", "checkpoint"]) == 0
    first = AuditEvent.objects.order_by("id").first()
    _rewrite_and_rehash(first.id, "nothing to see")
    assert audit_verify().ok  # the chain alone cannot tell
    assert "the chain was rewritten" in checkpoint_problem()
    assert main(["audit", "verify"]) == 1
    assert "TAMPERED" in capsys.readouterr().out


def test_an_intact_log_verifies_through_its_checkpoint(log, capsys):
    cp = checkpoint_write()
    audit_record(actor=log, action="read", target_type="client", target_id=9, purpose="case work")
    assert checkpoint_latest() == cp and checkpoint_problem() == ""
    assert main(["audit", "verify"]) == 0
    assert "through the checkpoint" in capsys.readouterr().out


def test_a_forged_or_altered_checkpoint_is_refused(log, settings):
    checkpoint_write()
    path = next(checkpoint_dir().glob("checkpoint-*.json"))
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, "hash": "0" * 64}))
    assert "signature does not match" in checkpoint_problem()
    path.write_text(json.dumps(data))
    settings.AUDIT_KEY = "another key entirely......................"
    assert "signature does not match" in checkpoint_problem()


def test_a_missing_checkpointed_event_is_found(log):
    cp = checkpoint_write()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [cp.event_id])
    assert "is missing" in checkpoint_problem()


def test_the_chain_is_keyed_so_a_rewrite_without_the_key_is_found(log):
    """Re-hashing with plain SHA-256 (all a database administrator has) breaks the chain."""
    import hashlib

    rows = list(AuditEvent.objects.order_by("id"))
    prev = rows[0].prev_hash
    with connection.cursor() as cur:
        for ev in rows:
            ev.prev_hash = prev
            ev.purpose = "nothing to see" if ev.id == rows[0].id else ev.purpose
            ev.hash = hashlib.sha256(ev.prev_hash.encode() + b"|" + ev.canonical()).hexdigest()
            cur.execute(
                "UPDATE audit_auditevent SET purpose = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [ev.purpose, ev.prev_hash, ev.hash, ev.id],
            )
            prev = ev.hash
    result = audit_verify()
    assert not result.ok and result.first_bad_id == rows[0].id


def test_the_keying_migration_rehashes_an_intact_plain_chain(log):
    """audit migration 0004: a chain hashed with plain SHA-256 verifies after it."""
    import hashlib
    import importlib

    from django.apps import apps

    rows = list(AuditEvent.objects.order_by("id"))
    prev = "0" * 64
    with connection.cursor() as cur:
        for ev in rows:
            ev.prev_hash = prev
            ev.hash = hashlib.sha256(ev.prev_hash.encode() + b"|" + ev.canonical()).hexdigest()
            cur.execute(
                "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                [ev.prev_hash, ev.hash, ev.id],
            )
            prev = ev.hash
    assert not audit_verify().ok
    importlib.import_module("kohtaanto.audit.migrations.0004_keyed_chain").forwards(apps, None)
    assert audit_verify().ok
