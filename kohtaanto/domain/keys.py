"""Subkeys of a configured secret, one per purpose (HKDF-SHA256, RFC 5869), so that keys used
for different things (identity-code encryption and look-up, the audit chain) are
independent of each other and of the secret itself."""

from __future__ import annotations

from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


@lru_cache(maxsize=16)
def derive(secret: str, purpose: bytes) -> bytes:
    """A 32-byte subkey of `secret` for `purpose` (cached: it is asked for on every write)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"kohtaanto:" + purpose).derive(
        secret.encode()
    )
