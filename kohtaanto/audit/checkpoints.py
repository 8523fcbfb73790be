"""Signed checkpoints of the audit log, kept outside the database (issue 13, point 8).

The hash chain shows a changed or removed row, but someone with write access to the
database could rewrite rows and recompute every hash after them. A checkpoint records the
id and hash of the newest event, signed (HMAC-SHA256) with a key that is not in the
database, in a folder that is not either. `kohtaanto audit verify` then also checks that the
chain still passes through the last checkpoint: a rewritten, re-hashed chain does not.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .models import AuditEvent


class CheckpointError(ValueError):
    """A checkpoint file is unreadable or its signature does not match."""


@dataclass(frozen=True)
class Checkpoint:
    event_id: int
    hash: str
    written_at: str
    signature: str


def checkpoint_dir() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR or Path(settings.DATA_DIR) / "audit-checkpoints")


def _sign(event_id: int, event_hash: str, written_at: str) -> str:
    message = f"{event_id}|{event_hash}|{written_at}".encode()
    return hmac.new(settings.AUDIT_KEY.encode(), message, hashlib.sha256).hexdigest()


def checkpoint_write(*, now: datetime | None = None) -> Checkpoint | None:
    """Sign the newest event into a new file (never overwriting one); None for an empty log."""
    head = AuditEvent.objects.order_by("-id").only("id", "hash").first()
    if head is None:
        return None
    written_at = (now or timezone.now()).isoformat()
    cp = Checkpoint(head.id, head.hash, written_at, _sign(head.id, head.hash, written_at))
    folder = checkpoint_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"checkpoint-{head.id:012d}.json"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(cp)), encoding="utf-8")
        tmp.replace(path)
    return cp


def checkpoint_latest() -> Checkpoint | None:
    """The newest checkpoint, its signature checked; None when none was written yet."""
    files = sorted(checkpoint_dir().glob("checkpoint-*.json"))
    if not files:
        return None
    try:
        cp = Checkpoint(**json.loads(files[-1].read_text(encoding="utf-8")))
    except (ValueError, TypeError) as exc:
        raise CheckpointError(f"{files[-1].name}: not a checkpoint ({exc})") from None
    if not hmac.compare_digest(cp.signature, _sign(cp.event_id, cp.hash, cp.written_at)):
        raise CheckpointError(f"{files[-1].name}: the signature does not match (wrong key, or altered)")
    return cp


def checkpoint_problem() -> str:
    """Why the log disagrees with its last checkpoint, or "" when it agrees (or none exists)."""
    try:
        cp = checkpoint_latest()
    except CheckpointError as exc:
        return str(exc)
    if cp is None:
        return ""
    event = AuditEvent.objects.filter(id=cp.event_id).only("hash").first()
    if event is None:
        return f"event {cp.event_id} of the checkpoint of {cp.written_at} is missing"
    if event.hash != cp.hash:
        return f"event {cp.event_id} differs from the checkpoint of {cp.written_at}: the chain was rewritten"
    return ""
