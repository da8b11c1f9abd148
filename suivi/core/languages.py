"""Data written in several languages: pick the user's.

Programme data (an intervention's title, a result's wording, a note on how an
indicator is computed) comes in French, the programme's working language, and
may carry Arabic and English versions. Pages show the version of the user's
language and fall back to French where it is missing, never to a blank.
"""

from django.utils.translation import get_language


def shown(french: str, arabic: str = "", english: str = "") -> str:
    """The version in the active language, French when that one is empty."""
    language = (get_language() or "fr")[:2]
    return {"ar": arabic, "en": english}.get(language) or french
