"""Identity codes move from SHA-256-derived keys to HKDF subkeys (issue 11): every stored
code is re-encrypted and re-hashed in this migration, all or nothing. The derivations are
written out here (not imported) so the migration keeps doing what it did when the code
around it changes; kohtaanto/clients/identity.py holds the current ones."""

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import migrations


def _hkdf(key: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"kohtaanto:" + purpose).derive(
        key.encode()
    )


def _legacy(key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(("enc:" + key).encode()).digest()))


def forwards(apps, schema_editor):
    Client = apps.get_model("clients", "Client")
    rows = Client.objects.exclude(hetu_encrypted="").only("pk", "hetu_encrypted", "hetu_hash")
    if not rows.exists():
        return
    keys = (settings.FIELD_KEY, *settings.FIELD_KEYS_OLD)
    read = MultiFernet([_legacy(k) for k in keys])
    write = Fernet(base64.urlsafe_b64encode(_hkdf(settings.FIELD_KEY, b"identity-encryption")))
    lookup = _hkdf(settings.FIELD_KEY, b"identity-lookup")
    pending = []
    for c in rows.iterator(chunk_size=2000):
        hetu = read.decrypt(c.hetu_encrypted.encode()).decode()
        c.hetu_encrypted = write.encrypt(hetu.encode()).decode()
        c.hetu_hash = hmac.new(lookup, hetu.encode(), hashlib.sha256).hexdigest()
        pending.append(c)
        if len(pending) >= 2000:
            Client.objects.bulk_update(pending, ["hetu_encrypted", "hetu_hash"])
            pending = []
    Client.objects.bulk_update(pending, ["hetu_encrypted", "hetu_hash"])


class Migration(migrations.Migration):
    dependencies = [("clients", "0009_register_feed")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
