"""Encryption of the client's documents at rest: Fernet with a key derived from the field
key; retired field keys (`KOHTAANTO_FIELD_KEYS_OLD`) still decrypt."""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

from kohtaanto.domain.keys import derive


@lru_cache(maxsize=8)
def _fernet(key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(derive(key, b"client-documents")))


def _keyring() -> MultiFernet:
    return MultiFernet([_fernet(k) for k in (settings.FIELD_KEY, *settings.FIELD_KEYS_OLD)])


def encrypt(data: bytes) -> bytes:
    return _keyring().encrypt(data)


def decrypt(token: bytes) -> bytes:
    return _keyring().decrypt(token)
