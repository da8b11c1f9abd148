"""Clean text: NFC and trimming silently, invisible characters refused by name."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from suivi.core import text


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def _refusal(rule, value) -> str:
    with pytest.raises(ValidationError) as error:
        rule(value)
    return error.value.messages[0]


def test_names_are_nfc_trimmed_and_keep_one_space_between_words():
    decomposed = "Aïssatou".replace("ï", "i\u0308")
    assert text.clean_name(f"  {decomposed}\u00a0 \u202f Diallo\n") == "Aïssatou Diallo"
    assert text.clean_name("") == ""


@pytest.mark.parametrize(
    ("character", "message"),
    [
        ("\u202e", "Remove the invisible control character U+202E (right-to-left override)."),
        ("\u202a", "Remove the invisible control character U+202A (left-to-right embedding)."),
        ("\u2066", "Remove the invisible control character U+2066 (left-to-right isolate)."),
        ("\u2069", "Remove the invisible control character U+2069 (pop directional isolate)."),
        ("\u200b", "Remove the invisible control character U+200B (zero-width space)."),
        ("\u2060", "Remove the invisible control character U+2060 (word joiner)."),
        ("\ufeff", "Remove the invisible control character U+FEFF (byte order mark)."),
        ("\u00ad", "Remove the invisible control character U+00AD (soft hyphen)."),
        ("\x07", "Remove the invisible control character U+0007."),
        ("\x00", "Remove the invisible control character U+0000."),
        ("\U000e0041", "Remove the invisible control character U+E0041."),  # a tag
        ("\t", "Remove the invisible control character U+0009 (tab)."),
        ("\n", "Write this on one line: remove the line break."),
        ("\u2028", "Write this on one line: remove the line break."),
    ],
)
def test_one_line_text_refuses_controls_and_format_characters_by_name(character, message):
    assert _refusal(text.clean_line, f"Awa{character}Fictif") == message
    assert _refusal(text.clean_name, f"Awa{character}Fictif") == message


@pytest.mark.parametrize("character", ["\u202e", "\u2067", "\u200b", "\ufeff", "\x1b", "\x7f"])
def test_free_text_refuses_the_same_characters(character):
    assert "U+" in _refusal(text.clean_text, f"Première ligne\nseconde{character} ligne")


def test_free_text_keeps_line_feeds_and_tabs_and_normalises_line_breaks():
    raw = "  Première ligne\r\n\tseconde\rtroisième\u2028quatrième\u2029fin \n"
    assert text.clean_text(raw) == "Première ligne\n\tseconde\ntroisième\nquatrième\nfin"


def test_free_text_and_lines_keep_direction_marks_and_joiners():
    """An Arabic note quoting a Latin reference needs an RLM or LRM; Persian
    and emoji need joiners."""
    note = "رقم الملف\u200f AB-123\u200e: تم\u061c. حسین\u200cزاده 👩\u200d💻"
    assert text.clean_text(note) == note
    assert text.clean_line(note) == note


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u061c"])
def test_names_refuse_direction_marks(mark):
    assert "U+" in _refusal(text.clean_name, f"محمد{mark} علي")


def test_names_keep_a_joiner_only_between_two_letters():
    assert text.clean_name("حسین\u200cزاده") == "حسین\u200cزاده"
    assert text.clean_name("क्\u200dष") == "क्\u200dष"  # after a virama (a mark)
    for value in ("\u200cAwa", "Awa\u200d", "Awa\u200c Fictif", "Awa\u200c1"):
        assert "U+200" in _refusal(text.clean_name, value)


def test_identifiers_are_checked_but_never_changed():
    assert text.check_identifier(" EN-1 ") == " EN-1 "
    assert "U+202E" in _refusal(text.check_identifier, "EN-\u202e1")


def test_clean_fields_reports_every_failing_field():
    with pytest.raises(ValidationError) as error:
        text.clean_fields(
            {
                "given_name": (text.clean_name, "Awa\u200b"),
                "family_name": (text.clean_name, " Fictif "),
                "note": (text.clean_text, "a\x07"),
            }
        )
    assert set(error.value.message_dict) == {"given_name", "note"}
    assert text.clean_fields({"city": (text.clean_name, " Rabat ")}) == {"city": "Rabat"}


def test_messages_are_translated():
    with translation.override("fr"):
        message = _refusal(text.clean_name, "A\u202eB")
    assert "U+202E" in message and "Remove" not in message
    with translation.override("ar"):
        message = _refusal(text.clean_name, "A\u202eB")
    assert "U+202E" in message and "Remove" not in message


def test_validators_raise_like_the_rules():
    text.validate_name("Awa")
    text.validate_line("Titre")
    text.validate_text("a\nb")
    with pytest.raises(ValidationError):
        text.validate_text("a\u202eb")
