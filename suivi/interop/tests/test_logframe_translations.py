"""The logframe workbook's « Intitulé (ar) » / « Intitulé (en) » columns on the
indicators sheet: a translation of a wording is not a change of what is
measured (no new version, no revision)."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from suivi.accounts.tests.factories import SYSTEM
from suivi.core.models import AuditEvent
from suivi.indicators.models import IndicatorVersion
from suivi.interop.logframe import template as t
from suivi.interop.logframe.exporter import write_workbook
from suivi.interop.logframe.importer import import_logframe
from suivi.interop.logframe.reader import LogframeFileError
from suivi.interop.logframe.selectors import framework_for_export
from suivi.interop.tests.test_logframe import INDICATORS, setting, workbook
from suivi.programmes.models import LogframeRevision

pytestmark = pytest.mark.django_db
__all__ = ["setting"]  # the fixture, shared

ARABIC = "عدد المسجلين في التكوين المهني"
ENGLISH = "Number enrolled in vocational training"


def translated(rows: dict[str, tuple[str, str]], indicators=INDICATORS) -> io.BytesIO:
    """The test workbook with the translation columns, filled for `rows`
    (code → (Arabic, English)) and empty for the other indicators."""
    book = load_workbook(workbook(indicators=indicators))
    sheet = book[t.INDICATOR_SHEET]
    first = sheet.max_column + 1
    sheet.cell(1, first, "Intitulé (ar)")
    sheet.cell(1, first + 1, "Intitulé (en)")
    for row in range(2, sheet.max_row + 1):
        arabic, english = rows.get(sheet.cell(row, 1).value, ("", ""))
        sheet.cell(row, first, arabic)
        sheet.cell(row, first + 1, english)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def _version(code: str) -> IndicatorVersion:
    return IndicatorVersion.objects.filter(indicator__code=code).latest("number")


def test_translations_are_read_and_shown_in_the_readers_language(setting):
    result = import_logframe(
        actor=SYSTEM, intervention=setting, source=translated({"Ind1.2": (ARABIC, ENGLISH)})
    )
    assert result.revision.number == 1
    version = _version("Ind1.2")
    assert (version.title_ar, version.title_en) == (ARABIC, ENGLISH)
    for language, wording in (("ar", ARABIC), ("en", ENGLISH), ("fr", "Inscrits en FP")):
        with translation.override(language):
            assert version.shown_title == wording
    with translation.override("ar"):
        assert _version("Ind1.5").shown_title == "Taux de réussite"  # not translated
    again = import_logframe(
        actor=SYSTEM, intervention=setting, source=translated({"Ind1.2": (ARABIC, ENGLISH)})
    )
    assert (again.revision, again.translated) == (None, [])


def test_an_import_changing_only_translations_makes_no_version_and_no_revision(setting):
    import_logframe(actor=SYSTEM, intervention=setting, source=workbook())
    versions = IndicatorVersion.objects.count()
    result = import_logframe(
        actor=SYSTEM, intervention=setting, source=translated({"Ind1.2": (ARABIC, ENGLISH)})
    )
    assert result.revision is None and result.translated == ["Ind1.2"]
    assert "only the translations of 1 indicator wording" in result.summary()
    assert LogframeRevision.objects.filter(intervention=setting).count() == 1
    assert IndicatorVersion.objects.count() == versions
    version = _version("Ind1.2")
    assert (version.number, version.title_ar, version.title_en) == (1, ARABIC, ENGLISH)
    event = AuditEvent.objects.get(action="indicators.version.translated")
    assert set(event.changed_fields) == {"title_ar", "title_en"}
    # A workbook without the columns leaves them alone; an empty cell clears one.
    assert import_logframe(actor=SYSTEM, intervention=setting, source=workbook()).revision is None
    assert _version("Ind1.2").title_ar == ARABIC
    cleared = import_logframe(
        actor=SYSTEM, intervention=setting, source=translated({"Ind1.2": (ARABIC, "")})
    )
    assert cleared.revision is None and cleared.translated == ["Ind1.2"]
    assert (_version("Ind1.2").title_ar, _version("Ind1.2").title_en) == (ARABIC, "")


def test_a_new_version_keeps_the_translations_of_the_same_wording_only(setting):
    import_logframe(
        actor=SYSTEM, intervention=setting, source=translated({"Ind1.2": (ARABIC, ENGLISH)})
    )
    target_changed = [row[:] for row in INDICATORS]
    target_changed[0][16] = 185  # the 2020 target: a new version, same wording
    result = import_logframe(
        actor=SYSTEM, intervention=setting, source=workbook(indicators=target_changed)
    )
    assert result.changed == ["Ind1.2"] and result.translated == []
    assert (_version("Ind1.2").number, _version("Ind1.2").title_ar) == (2, ARABIC)
    reworded = [row[:] for row in target_changed]
    reworded[0][2] = "Inscrits en formation professionnelle"
    import_logframe(actor=SYSTEM, intervention=setting, source=workbook(indicators=reworded))
    version = _version("Ind1.2")
    # The Arabic of the former wording would be wrong: the French is shown.
    assert (version.number, version.title_ar, version.title_en) == (3, "", "")
    # A reworded indicator and its new translations in one file: one new version.
    reworded[0][2] = "Inscrits en FP (centres ciblés)"
    result = import_logframe(
        actor=SYSTEM,
        intervention=setting,
        source=translated({"Ind1.2": (ARABIC, ENGLISH)}, indicators=reworded),
    )
    assert result.changed == ["Ind1.2"] and result.translated == []
    assert (_version("Ind1.2").number, _version("Ind1.2").title_en) == (4, ENGLISH)


def test_export_carries_the_translations_and_importing_it_changes_nothing(setting):
    import_logframe(
        actor=SYSTEM, intervention=setting, source=translated({"Ind1.2": (ARABIC, ENGLISH)})
    )
    exported = write_workbook(framework_for_export(SYSTEM, setting))
    sheet = load_workbook(io.BytesIO(exported))[t.INDICATOR_SHEET]
    headers = [cell.value for cell in sheet[1]]
    assert headers[-2:] == ["Intitulé (ar)", "Intitulé (en)"]
    rows = {row[0]: row[-2:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Ind1.2"] == (ARABIC, ENGLISH)
    events = AuditEvent.objects.count()
    result = import_logframe(actor=SYSTEM, intervention=setting, source=io.BytesIO(exported))
    assert (result.revision, result.translated) == (None, [])
    assert AuditEvent.objects.count() == events


def test_a_control_character_in_a_translation_is_refused_by_row_and_column(setting):
    source = translated({"Ind1.5": ("\u202eنسبة النجاح", "")})
    with translation.override("en"), pytest.raises(LogframeFileError) as error:
        import_logframe(actor=SYSTEM, intervention=setting, source=source)
    issues = [(i.sheet, i.row, i.column) for i in error.value.issues]
    assert issues == [(t.INDICATOR_SHEET, 3, "Intitulé (ar)")]
    assert not LogframeRevision.objects.exists()


def _actions(rows, *, translated_columns=True):
    book = load_workbook(workbook())
    sheet = book.create_sheet(t.ACTION_SHEET)
    headers = [c.header for c in t.ACTION_COLUMNS]
    sheet.append(headers if translated_columns else headers[:3])
    for row in rows:
        sheet.append(row if translated_columns else row[:3])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_planned_actions_in_three_languages(setting):
    from suivi.programmes.models import PlannedAction

    rows = [
        ["A0101", 2018, "Recrutement de 4 agents communautaires", "توظيف 4 أعوان", "Hiring"],
        ["A0101", 2018, "Stratégie de communication", "", "Communication strategy"],
    ]
    import_logframe(actor=SYSTEM, intervention=setting, source=_actions(rows))
    stored = list(PlannedAction.objects.order_by("order").values_list("title_ar", "title_en"))
    assert stored == [("توظيف 4 أعوان", "Hiring"), ("", "Communication strategy")]
    with translation.override("ar"):
        shown = [a.shown_title for a in PlannedAction.objects.order_by("order")]
    assert shown == ["توظيف 4 أعوان", "Stratégie de communication"]
    assert (
        import_logframe(actor=SYSTEM, intervention=setting, source=_actions(rows)).revision is None
    )
    # Without the translation columns the stored translations stay.
    again = _actions(rows, translated_columns=False)
    assert import_logframe(actor=SYSTEM, intervention=setting, source=again).revision is None
    assert PlannedAction.objects.get(order=0).title_en == "Hiring"
    exported = io.BytesIO(write_workbook(framework_for_export(SYSTEM, setting)))
    assert import_logframe(actor=SYSTEM, intervention=setting, source=exported).revision is None
    sheet = load_workbook(io.BytesIO(exported.getvalue()))[t.ACTION_SHEET]
    assert [c.value for c in sheet[1]][-2:] == ["Action (ar)", "Action (en)"]
