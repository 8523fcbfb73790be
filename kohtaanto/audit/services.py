"""Writing audit events. Called explicitly by every service and selector that touches
personal data, with the actor passed in (no thread-locals)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEvent

GENESIS = "0" * 64
_PG_LOCK_KEY = 0x4B4F4854  # "KOHT": serialises chain appends on PostgreSQL


@dataclass(frozen=True)
class AuditEntry:
    action: str
    target_type: str
    target_id: str | int = ""
    subject_client_id: int | None = None
    detail: dict | None = None


def _lock_chain(cur) -> None:
    # SQLite serialises writers already (IMMEDIATE transactions); PostgreSQL needs a lock
    # so that two requests cannot both append after the same previous hash.
    if connection.vendor == "postgresql":
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])


# A one-event append (the common case: a page read) goes through the cursor with plain
# SQL, not through the ORM, whose compiled SELECT and INSERT cost more than the writes
# themselves (on PostgreSQL 1.4-1.5 -> 1.0 ms, on SQLite 0.7 -> 0.3 ms an append;
# docs/performance.md). The lock, then the head read in its own statement, then the
# insert, in one transaction, are as before; the values are adapted by the model's own
# fields, exactly as the ORM's INSERT adapts them, so rows and hashes are the same.
# Batches stay with bulk_create: on PostgreSQL its UNNEST insert adapts one array per
# column, which is faster than a VALUES list of every value.


def _chain_head(cur) -> str:
    """The newest event's hash; read after the lock, in its own statement, so that it sees
    every append committed before the lock was granted."""
    qn = connection.ops.quote_name
    cur.execute(
        # Identifiers from the model, quoted; no values in the text.
        f"SELECT {qn('hash')} FROM {qn(AuditEvent._meta.db_table)} ORDER BY {qn('id')} DESC LIMIT 1"  # noqa: S608
    )
    row = cur.fetchone()
    return row[0] if row else GENESIS


def _insert(cur, rows: list[AuditEvent]) -> None:
    if len(rows) > 1:
        AuditEvent.objects.bulk_create(rows)
        return
    qn = connection.ops.quote_name
    # Every concrete column but the id, as the ORM's INSERT writes them (defaults included).
    fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(qn(f.column) for f in fields)
    values = ", ".join(["%s"] * len(fields))
    cur.execute(
        f"INSERT INTO {qn(AuditEvent._meta.db_table)} ({columns}) VALUES ({values})",  # noqa: S608 - values are parameters
        [f.get_db_prep_save(getattr(rows[0], f.attname), connection) for f in fields],
    )


def audit_record_many(
    *, actor, entries: Iterable[AuditEntry], purpose: str = "", request_id: str = ""
) -> int:
    """Append entries in one transaction; returns how many were written."""
    entries = list(entries)
    if not entries:
        return 0
    with transaction.atomic(), connection.cursor() as cur:
        _lock_chain(cur)
        prev = _chain_head(cur)
        now = timezone.now()
        rows = []
        for e in entries:
            ev = AuditEvent(
                time=now,
                actor_id=getattr(actor, "pk", None),
                actor_name=getattr(actor, "username", "") or "",
                actor_role=getattr(actor, "role", "") or "",
                action=e.action,
                target_type=e.target_type[:50],
                target_id=str(e.target_id)[:200],
                subject_client_id=e.subject_client_id,
                purpose=purpose[:300],
                request_id=request_id[:64],
                detail=e.detail or {},
                prev_hash=prev,
            )
            ev.hash = ev.compute_hash()
            prev = ev.hash
            rows.append(ev)
        _insert(cur, rows)
    return len(rows)


def audit_record(
    *,
    actor,
    action: str,
    target_type: str,
    target_id: str | int = "",
    subject_client_id: int | None = None,
    purpose: str = "",
    request_id: str = "",
    detail: dict | None = None,
) -> None:
    audit_record_many(
        actor=actor,
        entries=[AuditEntry(action, target_type, str(target_id), subject_client_id, detail)],
        purpose=purpose,
        request_id=request_id,
    )


@dataclass
class Reads:
    """What one request reads about one data subject, section by section, to be written as
    ONE audit event.

    A page made of several sections (the staff client page: the record, the employment
    outlook, referrals, the labour-market profile) creates one collector and passes it
    explicitly to each section's selector; a selector given a collector adds the section
    it read, with that section's own purpose and details (a consent receipt, the fields
    read, a refusal), instead of appending an event of its own. The page's selector then
    writes them all with `audit_reads`: one lock, one head read and one insert per page
    view. Selectors called without a collector (API endpoints that read one section)
    audit themselves as before. No thread-locals: the collector lives in the call."""

    sections: list[dict] = field(default_factory=list)

    def add(self, section: str, *, purpose: str, **detail) -> None:
        self.sections.append({"section": section, "purpose": purpose, **detail})


def audit_reads(
    *,
    actor,
    reads: Reads,
    target_type: str,
    target_id: str | int,
    subject_client_id: int | None,
    purpose: str,
    request_id: str = "",
) -> int:
    """One "read" event for everything in `reads`, its sections listed in the details (each
    with its purpose); nothing when nothing was read. Returns how many events were written."""
    if not reads.sections:
        return 0
    return audit_record_many(
        actor=actor,
        entries=[
            AuditEntry("read", target_type, str(target_id), subject_client_id, {"sections": reads.sections})
        ],
        purpose=purpose,
        request_id=request_id,
    )


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    reason: str = ""


def audit_verify(*, batch: int = 5000) -> VerifyResult:
    """Walk the chain in id order; report the first row whose link or content is wrong."""
    prev = GENESIS
    checked = 0
    last_id = 0
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            return VerifyResult(True, checked)
        for ev in rows:
            if ev.prev_hash != prev:
                return VerifyResult(
                    False,
                    checked,
                    ev.id,
                    "link to the previous event is broken (a row was removed or reordered)",
                )
            if ev.compute_hash() != ev.hash:
                return VerifyResult(
                    False, checked, ev.id, "content does not match its hash (the row was altered)"
                )
            prev = ev.hash
            checked += 1
            last_id = ev.id
