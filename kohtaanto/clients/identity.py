"""Identity codes at rest: encrypted for display, keyed hash for lookup.

The hash is keyed (HMAC) so that a leaked database cannot be reversed by hashing every
possible identity code, which is a small space (about 10^11 values).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

from kohtaanto.domain.hetu import validate_hetu


@lru_cache(maxsize=4)
def _fernet(key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(("enc:" + key).encode()).digest()))


def normalise(hetu: str) -> str:
    return hetu.strip().upper()


def lookup_hash(hetu: str) -> str:
    key = hashlib.sha256(("hash:" + settings.FIELD_KEY).encode()).digest()
    return hmac.new(key, normalise(hetu).encode(), hashlib.sha256).hexdigest()


def encrypt(hetu: str) -> str:
    return _fernet(settings.FIELD_KEY).encrypt(normalise(hetu).encode()).decode()


def _keyring() -> MultiFernet:
    """The current key first; retired keys (KOHTAANTO_FIELD_KEYS_OLD) can still decrypt, so
    the service keeps working between a key change and `kohtaanto keys rotate`."""
    return MultiFernet([_fernet(k) for k in (settings.FIELD_KEY, *settings.FIELD_KEYS_OLD)])


def decrypt(token: str) -> str:
    return _keyring().decrypt(token.encode()).decode()


def protect(hetu: str) -> tuple[str, str]:
    """Validate and return (ciphertext, lookup hash); raises InvalidHetu with the reason."""
    validate_hetu(normalise(hetu))
    return encrypt(hetu), lookup_hash(hetu)


def mask(hetu: str) -> str:
    """Show the birth date part only, as staff lists do."""
    return hetu[:7] + "****"
