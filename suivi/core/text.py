"""Clean text: what every service does to a name or a text a user typed before
storing it.

Why: a name or a note is shown to other users, compared to find duplicates,
searched, exported to spreadsheets and reports. Invisible characters break
all of that quietly: a right-to-left override (U+202E) makes a name or a
number display in another order than it is stored ("Trojan source"
spoofing); a zero-width space makes two identical-looking names differ; a
bell or a NUL character breaks exports and some databases. So:

- **Silent**: Unicode NFC (an "é" typed as "e" + accent equals the one typed
  in one key; NFC, not NFKC, which would change ligatures, superscripts and
  Arabic presentation forms the writer chose), surrounding whitespace
  trimmed; in names (`clean_name`), every run of spaces (non-breaking ones
  included) becomes one space; in free text (`clean_text`), line breaks
  written as CR LF, CR, U+2028 or U+2029 become LF.
- **Refused**, with a message naming the character (services raise a
  ValidationError keyed by the field, so a page shows it next to the field
  and a partner import reports row, column and reason): the bidirectional
  embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) everywhere;
  every other control character (Cc) except, in free text, the line feed and
  the tab; every other format character (Cf): zero-width space U+200B, word
  joiner U+2060, byte-order mark U+FEFF, soft hyphen, tags… Nothing dangerous
  is stripped silently: the writer learns the text held it and decides.

Arabic (and Persian, Urdu, Pashto: refugees write their names in them) needs
a few format characters, so two are kept, with limits:

- **Joiners**, ZWNJ U+200C and ZWJ U+200D, control how two letters join
  ("حسین‌زاده" needs the ZWNJ; Indic scripts use them after a virama; emoji
  sequences use the ZWJ). They never reorder text. Free text keeps them
  anywhere; a name keeps them only between two letters (or marks), the one
  place they change what is seen, so a name cannot carry one invisibly at
  its start, its end or beside a space.
- **Direction marks**, LRM U+200E, RLM U+200F and the Arabic letter mark
  U+061C, are invisible strong characters that place neutral characters
  (digits, punctuation) right in mixed Arabic and Latin text, e.g. a file
  reference in an Arabic note; keyboards insert them. They cannot reorder
  letters (only overrides can). Free and one-line text keep them. A name
  refuses them: a name field holds one name, the page already gives each
  field its own direction (`dir="auto"`), so a mark there only makes two
  equal names differ.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Rule = Callable[[str], str]

# Embeddings, overrides (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI, PDI).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
DIRECTION_MARKS = frozenset("\u200e\u200f\u061c")  # LRM, RLM, ALM
JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ
LINE_BREAKS = frozenset("\n\r\u2028\u2029")
# The space separators (Zs), and the white-space controls trimmed at the ends.
SPACES = frozenset(
    "\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)
TRIMMED = "".join(SPACES) + "\t\n\r"
_SPACE_RUNS = re.compile("[" + "".join(sorted(SPACES)) + "]+")

NAMES = {
    "\t": gettext_lazy("tab"),
    "\u00ad": gettext_lazy("soft hyphen"),
    "\u061c": gettext_lazy("Arabic letter mark"),
    "\u200b": gettext_lazy("zero-width space"),
    "\u200c": gettext_lazy("zero-width non-joiner"),
    "\u200d": gettext_lazy("zero-width joiner"),
    "\u200e": gettext_lazy("left-to-right mark"),
    "\u200f": gettext_lazy("right-to-left mark"),
    "\u202a": gettext_lazy("left-to-right embedding"),
    "\u202b": gettext_lazy("right-to-left embedding"),
    "\u202c": gettext_lazy("pop directional formatting"),
    "\u202d": gettext_lazy("left-to-right override"),
    "\u202e": gettext_lazy("right-to-left override"),
    "\u2060": gettext_lazy("word joiner"),
    "\u2066": gettext_lazy("left-to-right isolate"),
    "\u2067": gettext_lazy("right-to-left isolate"),
    "\u2068": gettext_lazy("first strong isolate"),
    "\u2069": gettext_lazy("pop directional isolate"),
    "\ufeff": gettext_lazy("byte order mark"),
}


def _refusal(character: str) -> ValidationError:
    if character in LINE_BREAKS:
        return ValidationError(_("Write this on one line: remove the line break."))
    code = f"U+{ord(character):04X}"
    name = NAMES.get(character)
    if name is None:
        return ValidationError(
            _("Remove the invisible control character %(code)s.") % {"code": code}
        )
    return ValidationError(
        _("Remove the invisible control character %(code)s (%(name)s).")
        % {"code": code, "name": name}
    )


def _is_letter(character: str) -> bool:
    return unicodedata.category(character)[0] in "LM"


def _check(value: str, *, multiline: bool = False, name: bool = False) -> None:
    """Raise a ValidationError naming the first character `value` may not hold."""
    for index, character in enumerate(value):
        if character.isascii() and character.isprintable():
            continue
        category = unicodedata.category(character)
        if multiline and character in "\n\t":
            continue
        if character in JOINERS:
            if not name or (
                0 < index < len(value) - 1
                and _is_letter(value[index - 1])
                and _is_letter(value[index + 1])
            ):
                continue
        elif character in DIRECTION_MARKS:
            if not name:
                continue
        elif character in BIDI_CONTROLS or character in LINE_BREAKS:
            pass
        elif category not in ("Cc", "Cf", "Cs"):
            continue
        raise _refusal(character)


def clean_name(value: str) -> str:
    """A person's (or a member's) name, or a place name: NFC, trimmed, one
    space between words; refuses every control and format character except
    a joiner between two letters."""
    value = unicodedata.normalize("NFC", value).strip(TRIMMED)
    _check(value, name=True)
    return _SPACE_RUNS.sub(" ", value)


def clean_line(value: str) -> str:
    """One line of text (a title, a code, a label, a detail): NFC, trimmed;
    refuses line breaks, tabs and the other control and format characters
    except joiners and direction marks."""
    value = unicodedata.normalize("NFC", value).strip(TRIMMED)
    _check(value)
    return value


def clean_text(value: str) -> str:
    """Free text over several lines (a note, a comment, a reason): NFC,
    trimmed, line breaks as LF; keeps LF and tab; refuses the other control
    and format characters except joiners and direction marks."""
    value = unicodedata.normalize("NFC", value)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\u2028", "\n").replace("\u2029", "\n").strip(TRIMMED)
    _check(value, multiline=True)
    return value


def check_identifier(value: str) -> str:
    """A partner's own record id: refused like one line of text, but
    returned unchanged (not even trimmed), because ids are looked up exactly
    as given."""
    _check(value)
    return value


def clean_fields(values: Mapping[str, tuple[Rule, str]]) -> dict[str, str]:
    """Clean each `field: (rule, value)`; raise one ValidationError naming
    every field that fails, or return the cleaned values by field."""
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for field, (rule, value) in values.items():
        try:
            cleaned[field] = rule(value)
        except ValidationError as error:
            errors[field] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_labels(name: str, name_ar: str = "", name_en: str = "") -> dict[str, str]:
    """The French, Arabic and English names of a list entry (a dimension
    value, a service type, a criterion), each one line of clean text."""
    return clean_fields(
        {
            "name": (clean_line, name),
            "name_ar": (clean_line, name_ar),
            "name_en": (clean_line, name_en),
        }
    )


# Validators for form fields: the same checks, before the service repeats them.
def validate_name(value: str) -> None:
    clean_name(value)


def validate_line(value: str) -> None:
    clean_line(value)


def validate_text(value: str) -> None:
    clean_text(value)
