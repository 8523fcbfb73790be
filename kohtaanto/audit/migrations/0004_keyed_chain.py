"""The audit chain becomes keyed (issue 13, point 8): every stored event is re-hashed, in id
order, as HMAC-SHA256 with an HKDF subkey of KOHTAANTO_AUDIT_KEY instead of plain SHA-256.
Run once, all or nothing; the hashing is written out here so the migration keeps doing what
it did. The chain is checked under the old hashing first, so a log that was already broken
stays visibly broken instead of being sealed."""

import hashlib
import hmac
import json

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import migrations

GENESIS = "0" * 64


def _canonical(ev) -> bytes:
    payload = {
        "time": ev.time.isoformat(),
        "actor_id": ev.actor_id,
        "actor_name": ev.actor_name,
        "actor_role": ev.actor_role,
        "action": ev.action,
        "target_type": ev.target_type,
        "target_id": ev.target_id,
        "subject_client_id": ev.subject_client_id,
        "purpose": ev.purpose,
        "request_id": ev.request_id,
        "detail": ev.detail,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def forwards(apps, schema_editor):
    Event = apps.get_model("audit", "AuditEvent")
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"kohtaanto:audit-chain").derive(
        settings.AUDIT_KEY.encode()
    )
    prev_old, prev_new, pending = GENESIS, GENESIS, []
    for ev in Event.objects.order_by("id").iterator(chunk_size=5000):
        body = _canonical(ev)
        intact = ev.prev_hash == prev_old and ev.hash == hashlib.sha256(prev_old.encode() + b"|" + body).hexdigest()
        if not intact:
            return  # leave a broken chain as it is: `kohtaanto audit verify` shows where
        prev_old = ev.hash
        ev.prev_hash = prev_new
        ev.hash = prev_new = hmac.new(key, ev.prev_hash.encode() + b"|" + body, hashlib.sha256).hexdigest()
        pending.append(ev)
    for start in range(0, len(pending), 5000):
        Event.objects.bulk_update(pending[start : start + 5000], ["prev_hash", "hash"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_refused_access")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
