"""Normalising identifying values before they are hashed or stored."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import jellyfish
import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_REGION = "MA"
_DOCUMENT = re.compile(r"^[A-Z0-9]{5,20}$")


@dataclass(frozen=True)
class Phone:
    """A phone number once checked: its E.164 form, and whether it lies outside
    the ranges allocated in its country (possible, so kept, but flagged)."""

    e164: str
    unallocated: bool = False


# Read when a number is checked, in the user's language (lazy).
_IMPOSSIBLE = {
    phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: gettext_lazy(
        "its country code does not exist"
    ),
    phonenumbers.ValidationResult.TOO_SHORT: gettext_lazy("it is too short"),
    phonenumbers.ValidationResult.TOO_LONG: gettext_lazy("it is too long"),
    phonenumbers.ValidationResult.INVALID_LENGTH: gettext_lazy(
        "it does not have a possible length"
    ),
}


def check_phone(raw: str, region: str = DEFAULT_REGION) -> Phone:
    """`06 61 23 45 67` → `+212661234567`. A number possible for its country
    (right length) but outside its allocated ranges (Morocco's 06 83…, new
    ranges libphonenumber does not know yet) is kept and flagged; only an
    impossible number raises ValidationError, saying why."""
    raw = (raw or "").strip()
    if not raw:
        return Phone("")
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(_("This is not a phone number.")) from error
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason not in (
        phonenumbers.ValidationResult.IS_POSSIBLE,
        phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
    ):
        raise ValidationError(
            _("This phone number is impossible: %(reason)s.")
            % {"reason": _IMPOSSIBLE.get(reason, _("it does not have a possible length"))}
        )
    return Phone(
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        unallocated=not phonenumbers.is_valid_number(number),
    )


def phone_e164(raw: str, region: str = DEFAULT_REGION) -> str:
    """The E.164 form of a possible number (see `check_phone`)."""
    return check_phone(raw, region).e164


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


_VOWELS = frozenset("AEIOUY")


def sound(key: str) -> str:
    """A phonetic code of a `plain` name, so that transliterations of one name
    agree: Mohamed, Mohammed, Muhammad → MHMT; Youssef, Yusuf → YSF; Ousmane,
    Usman → ASMN (Metaphone, from jellyfish, with any first vowel written A).
    Digits are kept after the code; a name in another script keeps its plain
    form (no transliteration is guessed)."""
    letters = "".join(c for c in key if "a" <= c <= "z")
    digits = "".join(c for c in key if c.isdigit())
    if not letters or len(letters) + len(digits) < len(key):
        return key
    code = jellyfish.metaphone(letters).upper().replace("KH", "K")
    if code and code[0] in _VOWELS:
        code = "A" + code[1:]
    return code + digits
