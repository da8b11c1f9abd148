"""Encryption and keyed hashes for identifying fields (phones, document numbers).

The value is stored encrypted (Fernet: AES-128-CBC + HMAC-SHA256), so that a
database dump does not reveal it; beside it, a keyed hash (HMAC-SHA256) of the
normalised value lets Suivi find the same phone or document across partners
without decrypting anything. Two keys, both from the environment in production
(`SUIVI_FIELD_ENCRYPTION_KEY`, `SUIVI_FIELD_HASH_KEY`).
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


@cache
def _fernet() -> Fernet:
    return Fernet(settings.SUIVI_FIELD_ENCRYPTION_KEY)


def encrypt(value: str) -> str:
    """The encrypted token of `value` ("" stays "")."""
    if not value:
        return ""
    return _fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as error:  # a wrong key must not pass silently
        raise ValueError("The field cannot be decrypted with the configured key.") from error


def keyed_hash(normalised: str) -> str:
    """HMAC of an already normalised value, for matching ("" stays "")."""
    if not normalised:
        return ""
    key = settings.SUIVI_FIELD_HASH_KEY.encode("utf-8")
    return hmac.new(key, normalised.encode("utf-8"), hashlib.sha256).hexdigest()


def mask(value: str, visible: int = 2) -> str:
    """`+212661234567` → `••••••••••67`: enough to tell two apart, not to use."""
    if not value:
        return ""
    return "•" * max(len(value) - visible, 0) + value[-visible:]
