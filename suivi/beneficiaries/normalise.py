"""Normalising identifying values before they are hashed or stored."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_REGION = "MA"
_DOCUMENT = re.compile(r"^[A-Z0-9]{5,20}$")


def phone_e164(raw: str, region: str = DEFAULT_REGION) -> str:
    """`06 61 23 45 67` → `+212661234567`; raises ValidationError if invalid."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(_("This is not a phone number.")) from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("This phone number is not valid."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def document_number(raw: str) -> str:
    """Upper case, spaces and dashes removed; 5 to 20 letters or digits."""
    value = re.sub(r"[\s\-./]", "", (raw or "")).upper()
    if not value:
        return ""
    if not _DOCUMENT.match(value):
        raise ValidationError(_("A document number has 5 to 20 letters or digits."))
    return value


def plain(name: str) -> str:
    """Lower case without accents or separators: "Aïssatou" and "AISSATOU" block
    together (digits are kept: "Fictif-0001" and "Fictif-0002" differ)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if c.isalnum()).lower()
