"""The logframe workbook: import, re-import, export round trip, bad rows."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook, load_workbook

from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory
from suivi.core.models import AuditEvent
from suivi.indicators.models import Indicator, IndicatorVersion, Target
from suivi.indicators.tests.factories import sex_dimension
from suivi.interop.logframe import template as t
from suivi.interop.logframe.exporter import write_workbook
from suivi.interop.logframe.importer import import_logframe
from suivi.interop.logframe.reader import LogframeFileError
from suivi.interop.logframe.selectors import framework_for_export
from suivi.programmes.models import Activity, LogframeRevision, ResultNode
from suivi.programmes.tests.factories import InterventionFactory

pytestmark = pytest.mark.django_db

CHAIN = [
    ["impact", "OG", "", "Contribuer à l'intégration des migrants", "", "", ""],
    ["outcome", "OS", "OG", "Les migrants accèdent à l'emploi", "A", "", "Stabilité"],
    ["output", "OI1", "OS", "Formation professionnelle", "A 01", "", ""],
    ["activity", "A0101", "OI1", "Information et orientation", "A 01 01", "regie", ""],
]
INDICATORS = [
    # code, result, title, unit, direction, aggregation, frequency, source, responsible,
    # dimensions, baseline, baseline year, comment, final, 2018..2022
    [
        "Ind1.2",
        "OI1",
        "Inscrits en FP",
        "count",
        "increase",
        "periodic",
        "annual",
        "Registres EN",
        "en",
        "sex",
        2,
        2018,
        "",
        200,
        None,
        None,
        150,
        150,
        None,
    ],
    [
        "Ind1.5",
        "OI1",
        "Taux de réussite",
        "percentage",
        "increase",
        "periodic",
        "annual",
        "PV",
        "",
        "",
        None,
        None,
        "",
        50,
        None,
        50,
        50,
        None,
        None,
    ],
]


def indicator_row(code, result, title, unit, *, baseline=None, final=None):
    """A row of the indicators sheet with only what a test is about filled in."""
    described = [code, result, title, unit, "", "periodic", "", "", "", ""]
    return [*described, baseline, None, "", final, *[None] * 5]  # no yearly targets 2018..2022


def workbook(chain=CHAIN, indicators=INDICATORS, cell_targets=(), revision=("Cadre", "DTF")):
    book = Workbook()
    book.remove(book.active)
    meta = book.create_sheet(t.REVISION_SHEET)
    meta.append(["Libellé", revision[0]])
    meta.append(["Motif", revision[1]])
    sheet = book.create_sheet(t.CHAIN_SHEET)
    sheet.append([c.header for c in t.CHAIN_COLUMNS])
    for row in chain:
        sheet.append(row)
    sheet = book.create_sheet(t.INDICATOR_SHEET)
    sheet.append(
        [c.header for c in t.INDICATOR_COLUMNS] + [f"Cible {y}" for y in range(2018, 2023)]
    )
    for row in indicators:
        # The rows above leave out the optional "Remplace" and "Calculé" columns.
        sheet.append([*row[:13], "", "", *row[13:]])
    sheet = book.create_sheet(t.CELL_TARGET_SHEET)
    sheet.append([c.header for c in t.CELL_TARGET_COLUMNS])
    for row in cell_targets:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def setting():
    OrganisationFactory(code="en")
    sex_dimension()
    return InterventionFactory()  # 2018–2022


def test_import_creates_the_chain_and_indicators_and_reimport_changes_nothing(setting):
    result = import_logframe(
        actor=SYSTEM,
        intervention=setting,
        source=workbook(cell_targets=[["Ind1.2", "sex=women", "2020", 100]]),
    )
    assert result.revision.number == 1 and result.revision.label == "Cadre"
    assert ResultNode.objects.filter(intervention=setting).count() == 3
    assert Activity.objects.get(code="A0101").execution_mode == "regie"
    version = IndicatorVersion.objects.get(indicator__code="Ind1.2")
    assert version.baseline_value == 2 and version.responsible_organisation.code == "en"
    targets = {(tg.year, tg.cell_key): tg.value for tg in version.targets.all()}
    assert targets == {(0, ""): 200, (2020, ""): 150, (2021, ""): 150, (2020, "sex=women"): 100}

    events = AuditEvent.objects.count()
    again = import_logframe(
        actor=SYSTEM,
        intervention=setting,
        source=workbook(cell_targets=[["Ind1.2", "sex=women", "2020", 100]]),
    )
    assert again.revision is None
    assert LogframeRevision.objects.filter(intervention=setting).count() == 1
    assert AuditEvent.objects.count() == events


def test_export_then_import_is_a_no_op(setting):
    import_logframe(
        actor=SYSTEM,
        intervention=setting,
        source=workbook(cell_targets=[["Ind1.2", "sex=women", "finale", 120]]),
    )
    exported = io.BytesIO(write_workbook(framework_for_export(SYSTEM, setting)))
    result = import_logframe(actor=SYSTEM, intervention=setting, source=exported)
    assert result.revision is None
    names = load_workbook(
        io.BytesIO(write_workbook(framework_for_export(SYSTEM, setting)))
    ).sheetnames
    assert names == [
        t.README_SHEET,
        t.REVISION_SHEET,
        t.CHAIN_SHEET,
        t.INDICATOR_SHEET,
        t.CELL_TARGET_SHEET,
        t.ACTION_SHEET,
        t.DEFINITION_SHEET,
    ]


def test_a_second_framework_revises_adds_and_withdraws(setting):
    import_logframe(actor=SYSTEM, intervention=setting, source=workbook())
    changed = [row[:] for row in INDICATORS[:1]]
    changed[0][16] = 185  # 2020 target
    changed.append(
        [
            "Ind1.7",
            "OI1",
            "Réussites",
            "count",
            "increase",
            "periodic",
            "annual",
            "",
            "",
            "",
            13,
            2018,
            "",
            62,
            None,
            None,
            28,
            None,
            None,
        ]
    )
    result = import_logframe(
        actor=SYSTEM,
        intervention=setting,
        source=workbook(indicators=changed, revision=("Suivi 2020", "Étude de base")),
    )
    assert result.revision.number == 2
    assert (
        result.changed == ["Ind1.2"]
        and result.created == ["Ind1.7"]
        and result.retired == ["Ind1.5"]
    )
    assert Indicator.objects.get(code="Ind1.5").retired_in == result.revision
    assert IndicatorVersion.objects.filter(indicator__code="Ind1.2").count() == 2
    latest = IndicatorVersion.objects.filter(indicator__code="Ind1.2").latest("number")
    assert latest.targets.get(year=2020, cell_key="").value == Decimal(185)
    assert latest.revision.reason == "Étude de base"


def _issues(source, intervention):
    with translation.override("en"), pytest.raises(LogframeFileError) as error:
        import_logframe(actor=SYSTEM, intervention=intervention, source=source)
    return [(i.sheet, i.row, i.column, i.message) for i in error.value.issues]


def test_one_bad_row_per_rule_gives_a_precise_message_and_writes_nothing(setting):
    chain = [*CHAIN, ["activity", "A0102", "OI9", "Orphan", "", "", ""]]
    good = INDICATORS[0]
    bad = [
        good,
        [*good[:0], "Ind1.2", *good[1:]],  # duplicate code (row 3)
        indicator_row("X1", "OI1", "Texte", "count", baseline="beaucoup", final=5),
        indicator_row("X2", "OI1", "Taux", "percentage", final=140),  # above 100 (row 5)
        indicator_row("X3", "OI1", "Trop tard", "count"),  # target year: the 2030 column
        indicator_row("X4", "OI7", "Sans parent", "count", final=1),  # unknown result (row 7)
    ]
    source = workbook(chain=chain, indicators=bad)
    book = load_workbook(source)
    sheet = book[t.INDICATOR_SHEET]
    sheet.cell(1, sheet.max_column + 1, "Cible 2030")
    sheet.cell(6, sheet.max_column, 10)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    issues = _issues(buffer, setting)
    assert (t.CHAIN_SHEET, 6, "Code parent", "The parent code OI9 is not in this sheet.") in issues
    assert (t.INDICATOR_SHEET, 3, "Code", "The code Ind1.2 is already used on row 2.") in issues
    assert (t.INDICATOR_SHEET, 4, "Valeur de base", "« beaucoup » is not a number.") in issues
    assert (
        t.INDICATOR_SHEET,
        5,
        "Cible finale",
        "A percentage lies between 0 and 100 (write 41 for 41 %).",
    ) in issues
    assert (
        t.INDICATOR_SHEET,
        6,
        "Cible 2030",
        "The target year 2030 is outside the intervention's dates.",
    ) in issues
    assert (t.INDICATOR_SHEET, 7, "Résultat", "No result OI7 in the « Chaîne » sheet.") in issues
    assert len(issues) == 6
    assert not ResultNode.objects.exists() and not Indicator.objects.exists()
    assert not LogframeRevision.objects.exists()


def test_missing_sheet_and_not_a_workbook(setting):
    assert (
        _issues(io.BytesIO(b"not a zip"), setting)[0][3]
        == "This file is not an Excel workbook (.xlsx)."
    )
    book = Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    assert {i[0] for i in _issues(buffer, setting)} == {t.CHAIN_SHEET, t.INDICATOR_SHEET}


def test_excel_percentage_format_is_read_as_percent(setting):
    source = workbook()
    book = load_workbook(source)
    sheet = book[t.INDICATOR_SHEET]
    sheet.cell(3, 16, 0.5).number_format = "0%"
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    import_logframe(actor=SYSTEM, intervention=setting, source=buffer)
    assert Target.objects.get(version__indicator__code="Ind1.5", year=0).value == 50


def test_cli_import_reports_issues_and_progress(setting, tmp_path):
    path = tmp_path / "cadre.xlsx"
    path.write_bytes(workbook().getvalue())
    out = io.StringIO()
    call_command("import_logframe", str(path), intervention=setting.code, stdout=out)
    assert "Checking indicators" in out.getvalue() or "Vérification" in out.getvalue()
    out = io.StringIO()
    call_command("import_logframe", str(path), intervention=setting.code, stdout=out)
    assert LogframeRevision.objects.count() == 1


def _with_actions(rows):
    source = workbook()
    book = load_workbook(source)
    sheet = book.create_sheet(t.ACTION_SHEET)
    sheet.append([c.header for c in t.ACTION_COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_yearly_actions_under_activities(setting):
    rows = [
        ["A0101", 2018, "Recrutement de 4 agents communautaires"],
        ["A0101", 2018, "Stratégie de communication"],
    ]
    import_logframe(actor=SYSTEM, intervention=setting, source=_with_actions(rows))
    activity = Activity.objects.get(code="A0101")
    assert list(activity.actions.values_list("title", flat=True)) == [r[2] for r in rows]
    again = import_logframe(actor=SYSTEM, intervention=setting, source=_with_actions(rows))
    assert again.revision is None
    # The export carries them; importing it changes nothing.
    exported = io.BytesIO(write_workbook(framework_for_export(SYSTEM, setting)))
    assert import_logframe(actor=SYSTEM, intervention=setting, source=exported).revision is None
    # A file without the sheet leaves them alone.
    import_logframe(actor=SYSTEM, intervention=setting, source=workbook())
    assert activity.actions.count() == 2


def test_actions_with_unknown_activity_or_year_are_refused(setting):
    issues = _issues(_with_actions([["A0999", 2018, "X"], ["A0101", 2031, "Y"]]), setting)
    assert (t.ACTION_SHEET, 2, "Activité", "No activity A0999 in the « Chaîne » sheet.") in issues
    assert (
        t.ACTION_SHEET,
        3,
        "Année",
        "The year 2031 is outside the intervention's dates.",
    ) in issues


def test_control_characters_are_refused_on_their_cell_and_texts_are_cleaned(setting):
    chain = [
        CHAIN[0],
        ["outcome", "OS", "OG", "Les migrants\u202e accèdent à l'emploi", "A", "", "a\u200bb"],
        *CHAIN[2:],
    ]
    indicators = [
        [*INDICATORS[0][:7], "Registres\u2060 EN", *INDICATORS[0][8:]],
        indicator_row("Ind1.5", "OI1", "Taux de\nréussite", "percentage", final=50),
    ]
    issues = _issues(workbook(chain=chain, indicators=indicators), setting)
    assert set(issues) == {
        (
            t.CHAIN_SHEET,
            3,
            "Intitulé",
            "Remove the invisible control character U+202E (right-to-left override).",
        ),
        (
            t.CHAIN_SHEET,
            3,
            "Hypothèses",
            "Remove the invisible control character U+200B (zero-width space).",
        ),
        (
            t.INDICATOR_SHEET,
            2,
            "Source de vérification",
            "Remove the invisible control character U+2060 (word joiner).",
        ),
        (t.INDICATOR_SHEET, 3, "Intitulé", "Write this on one line: remove the line break."),
    }
    assert not ResultNode.objects.exists() and not LogframeRevision.objects.exists()
    chain[1] = ["outcome", "OS", "OG", "Les migrants accèdent à l'emploi", "A", "", "a\r\nb"]
    indicators = [[*INDICATORS[0][:7], "Registres EN\nPV", *INDICATORS[0][8:]], INDICATORS[1]]
    import_logframe(
        actor=SYSTEM, intervention=setting, source=workbook(chain=chain, indicators=indicators)
    )
    assert ResultNode.objects.get(code="OS").assumptions == "a\nb"
    version = Indicator.objects.get(code="Ind1.2").current_version()
    assert version.source_of_verification == "Registres EN\nPV"


def test_a_control_character_in_the_revision_sheet_is_refused(setting):
    issues = _issues(workbook(revision=("Cadre\u2066", "DTF")), setting)
    assert issues == [
        (
            t.REVISION_SHEET,
            None,
            "Libellé",
            "Remove the invisible control character U+2066 (left-to-right isolate).",
        )
    ]
