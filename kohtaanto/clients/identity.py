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
from django.utils import formats
from django.utils.translation import gettext as _

from kohtaanto.domain.hetu import InvalidHetu, validate_hetu
from kohtaanto.domain.keys import derive


@lru_cache(maxsize=8)
def _fernet(key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(derive(key, b"identity-encryption")))


@lru_cache(maxsize=8)
def _legacy_fernet(key: str) -> Fernet:
    """Before HKDF (clients migration 0010 re-encrypted the stored codes): SHA-256 of a
    prefixed key. Kept to read a backup restored from that time until `keys rotate`."""
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(("enc:" + key).encode()).digest()))


def normalise(hetu: str) -> str:
    return hetu.strip().upper()


def lookup_hash(hetu: str) -> str:
    key = derive(settings.FIELD_KEY, b"identity-lookup")
    return hmac.new(key, normalise(hetu).encode(), hashlib.sha256).hexdigest()


def encrypt(hetu: str) -> str:
    return _fernet(settings.FIELD_KEY).encrypt(normalise(hetu).encode()).decode()


def _keyring() -> MultiFernet:
    """The current key first; retired keys (KOHTAANTO_FIELD_KEYS_OLD) can still decrypt, so
    the service keeps working between a key change and `kohtaanto keys rotate`."""
    keys = (settings.FIELD_KEY, *settings.FIELD_KEYS_OLD)
    return MultiFernet([*(_fernet(k) for k in keys), *(_legacy_fernet(k) for k in keys)])


def decrypt(token: str) -> str:
    return _keyring().decrypt(token.encode()).decode()


def protect(hetu: str) -> tuple[str, str]:
    """Validate and return (ciphertext, lookup hash); raises InvalidHetu with the reason."""
    validate_hetu(normalise(hetu))
    return encrypt(hetu), lookup_hash(hetu)


def mask(hetu: str) -> str:
    """Show the birth date part only, as staff lists do."""
    return hetu[:7] + "****"


def hetu_message(exc: InvalidHetu) -> str:
    """The reason an identity code was refused, in the user's language (the pure library
    says it in English and names the part, so the words live here)."""
    part, params = exc.part, exc.params
    if part == "length":
        return _("An identity code has 11 characters; this one has %(length)s.") % params
    if part == "date":
        return _("The first six characters must be a valid birth date DDMMYY.")
    if part == "century_sign":
        return (
            _("The seventh character %(sign)s is not a century sign (+, - Y X W V U or A B C D E F).")
            % params
        )
    if part == "individual_number":
        return _("Characters 8 to 10 must be an individual number from 002 to 999.")
    if part == "check_character":
        return _("The check character does not match: the code has a typing error.")
    if part == "future":
        return _("The birth date %(date)s is in the future: check the code.") % {
            "date": formats.date_format(params["birth_date"], "SHORT_DATE_FORMAT")
        }
    return _("This is not a valid identity code.")
