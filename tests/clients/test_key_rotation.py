"""Changing the field key (ASVS 6.2.4): old ciphertexts stay readable through the retired
keys, `kohtaanto keys rotate` re-encrypts and re-hashes everything with the new key, and a
code no key can read stops the rotation with nothing changed."""

from __future__ import annotations

import pytest
from django.utils import translation

from kohtaanto.audit.models import AuditEvent
from kohtaanto.cli import main
from kohtaanto.clients import identity
from kohtaanto.clients.models import Client
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

OLD, NEW = "old-field-key-" + "x" * 20, "new-field-key-" + "y" * 20


def _clients_under_old_key(settings, n: int = 3) -> dict[int, str]:
    settings.FIELD_KEY, settings.FIELD_KEYS_OLD = OLD, ()
    made = ClientFactory.create_batch(n)
    return {c.pk: identity.decrypt(c.hetu_encrypted) for c in made}


def test_rotation_reencrypts_and_rehashes_so_lookups_work_with_the_new_key_only(settings, capsys):
    codes = _clients_under_old_key(settings)
    anonymised = ClientFactory(hetu_encrypted="", hetu_hash="anonymised:x")
    settings.FIELD_KEY, settings.FIELD_KEYS_OLD = NEW, (OLD,)
    # Between the key change and the rotation the old ciphertexts still decrypt.
    assert {
        pk: identity.decrypt(c)
        for pk, c in Client.objects.exclude(pk=anonymised.pk).values_list("pk", "hetu_encrypted")
    } == codes

    assert main(["keys", "rotate"]) == 0
    assert "re-encrypted 3 identity codes" in capsys.readouterr().out

    settings.FIELD_KEYS_OLD = ()  # the old key is retired: everything must read with the new one
    for pk, hetu in codes.items():
        c = Client.objects.get(pk=pk)
        assert identity.decrypt(c.hetu_encrypted) == hetu
        assert c.hetu_hash == identity.lookup_hash(hetu)
        assert Client.objects.get(hetu_hash=identity.lookup_hash(hetu)).pk == pk
    assert Client.objects.get(pk=anonymised.pk).hetu_hash == "anonymised:x"
    event = AuditEvent.objects.filter(target_type="identity.keys").get()
    assert event.detail == {"clients": 3} and event.purpose == "field key rotation"


def test_a_code_no_key_can_decrypt_stops_the_rotation_and_changes_nothing(settings, capsys):
    _clients_under_old_key(settings)
    before = dict(Client.objects.values_list("pk", "hetu_encrypted"))
    settings.FIELD_KEY, settings.FIELD_KEYS_OLD = NEW, ()  # the old key was forgotten
    with translation.override("en"):
        assert main(["keys", "rotate"]) == 2
    assert "cannot be decrypted with any configured key" in capsys.readouterr().err
    assert dict(Client.objects.values_list("pk", "hetu_encrypted")) == before
    assert not AuditEvent.objects.filter(target_type="identity.keys").exists()


def test_hkdf_migration_reencrypts_and_rehashes_codes_under_the_old_derivation(settings):
    """Clients migration 0010: codes stored under the SHA-256 derivation read and look up
    under the HKDF subkeys afterwards; a legacy ciphertext still decrypts before it."""
    import base64
    import hashlib
    import importlib

    from cryptography.fernet import Fernet
    from django.apps import apps

    migration = importlib.import_module("kohtaanto.clients.migrations.0010_identity_keys_hkdf")
    settings.FIELD_KEY, settings.FIELD_KEYS_OLD = NEW, ()
    hetu = "131052-308T"
    legacy = Fernet(base64.urlsafe_b64encode(hashlib.sha256(("enc:" + NEW).encode()).digest()))
    c = ClientFactory(hetu_encrypted=legacy.encrypt(hetu.encode()).decode(), hetu_hash="legacy-hash")
    assert identity.decrypt(c.hetu_encrypted) == hetu  # the keyring still reads it

    migration.forwards(apps, None)

    c.refresh_from_db()
    assert c.hetu_hash == identity.lookup_hash(hetu)
    assert identity._fernet(NEW).decrypt(c.hetu_encrypted.encode()).decode() == hetu
