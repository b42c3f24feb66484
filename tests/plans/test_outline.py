"""Importing a plan's outline from CSV and Word: the whole file is checked first; a duplicate, a gap, an orphan
or a bad field is refused naming the row or paragraph, and nothing is imported."""

from __future__ import annotations

import io

import docx
import pytest

from mufakat.core.errors import ValidationFailed
from mufakat.plans.models import Plan, PlanLine
from mufakat.plans.outline import outline_from_csv, outline_from_docx, parse_number
from mufakat.plans.services import plan_outline_import_csv, plan_outline_import_docx
from mufakat.reference.models import Party
from tests.factories.plans import SETUP, crafted_plan

HEADER = "number,title_en,responsible,target_year\n"


@pytest.fixture
def empty_plan(reference_data: object) -> Plan:
    return crafted_plan(outline="")


def _import_refused(plan: Plan, text: str) -> str:
    with pytest.raises(ValidationFailed) as refused:
        plan_outline_import_csv(actor=SETUP, plan_id=plan.pk, text=text)
    assert PlanLine.objects.filter(plan=plan).count() == 0
    return str(refused.value)


def _docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2.1.3", (2, 1, 3)), ("2.1.3.", (2, 1, 3)), ("10", (10,)), ("2.0", None), ("A.1", None), ("", None)],
)
def test_parse_number(text: str, expected: tuple[int, ...] | None) -> None:
    assert parse_number(text) == expected


def test_outline_import_from_csv_creates_the_numbered_tree(empty_plan: Plan) -> None:
    text = HEADER + "1,Area,,\n1.1,Measure,,\n1.1.1,Line,KH TH,2025\n1.1.2,Other line,,\n2,Second area,,\n"

    lines = plan_outline_import_csv(actor=SETUP, plan_id=empty_plan.pk, text=text)

    assert [(line.number, line.kind, line.segment, line.parent.number if line.parent else None) for line in lines] == [
        ("1", "area", 1, None),
        ("1.1", "measure", 1, "1"),
        ("1.1.1", "action", 1, "1.1"),
        ("1.1.2", "action", 2, "1.1"),
        ("2", "area", 2, None),
    ]
    responsible = {line.number: sorted(line.responsible_parties.values_list("code", flat=True)) for line in lines[2:4]}
    assert responsible == {"1.1.1": ["KH", "TH"], "1.1.2": ["KH", "LA", "MM", "TH", "VN"]}


def test_outline_import_refuses_a_duplicate_number_naming_the_row(empty_plan: Plan) -> None:
    text = HEADER + "1,Area,,\n1.1,Measure,,\n1.1.1,Line,,\n1.1.1,Again,,\n"

    assert _import_refused(empty_plan, text) == (
        "CSV row 5 field 'number': number 1.1.1 appears twice (first at CSV row 4). Nothing was imported."
    )


def test_outline_import_refuses_gapped_numbering(empty_plan: Plan) -> None:
    text = HEADER + "1,Area,,\n2,Area,,\n3,Area,,\n3.1,Measure,,\n3.3,Measure,,\n"

    assert _import_refused(empty_plan, text) == (
        "CSV row 6 field 'number': number 3.2 is missing before 3.3 (gapped numbering). Nothing was imported."
    )


def test_outline_import_refuses_a_line_without_its_parent(empty_plan: Plan) -> None:
    text = HEADER + "1,Area,,\n1.1,Measure,,\n1.2,Measure,,\n1.3,Measure,,\n1.4.1,Line,,\n"

    assert _import_refused(empty_plan, text) == (
        "CSV row 6 field 'number': 1.4.1 has no parent measure 1.4. Nothing was imported."
    )


def test_outline_import_counts_every_problem_of_the_file(empty_plan: Plan) -> None:
    text = HEADER + "1,Area,,\n1.1.1,Orphan,,\n1.1.1,Twice,,\n3,Gap,,\n3.1,Measure,JP,\n3.1.1,Late,,2031\n"

    assert _import_refused(empty_plan, text) == (
        "CSV row 3 field 'number': 1.1.1 has no parent measure 1.1. Also 4 more problem(s): CSV row 4: number "
        "1.1.1 appears twice (first at CSV row 3); CSV row 5: number 2 is missing before 3 (gapped numbering); "
        "CSV row 6: 3.1: JP does not take part in Mekong-US, so cannot be responsible for a line; CSV row 7: "
        "3.1.1: target year 2031 is outside the plan's period 2024–2026. Nothing was imported."
    )


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            "1,Area,,\n1.1,Measure,,\n1.1.1,Line,,\n1.1.1.1,Too deep,,\n",
            "CSV row 5 field 'number': 1.1.1.1 has 4 levels; an outline has at most three (area 1, measure 1.1, "
            "action line 1.1.1). Nothing was imported.",
        ),
        (
            "A,Area,,\n",
            "CSV row 2 field 'number': 'A' is not a line number such as 2, 2.1 or 2.1.3. Nothing was imported.",
        ),
        ("1,,,\n", "CSV row 2 field 'title_en': 1 has no English title. Nothing was imported."),
        ("1,Area,XX,\n", "CSV row 2 field 'responsible': 1: no party with code XX. Nothing was imported."),
        (
            "1,Area,,twenty\n",
            "CSV row 2 field 'target_year': 'twenty' is not a year written YYYY. Nothing was imported.",
        ),
    ],
)
def test_outline_import_refuses_a_bad_field_naming_row_and_field(empty_plan: Plan, rows: str, expected: str) -> None:
    assert _import_refused(empty_plan, HEADER + rows) == expected


def test_outline_import_refuses_an_unknown_column(empty_plan: Plan) -> None:
    assert _import_refused(empty_plan, "number,title,colour\n1,Area,red\n") == (
        "CSV row 1 field 'title': unknown column(s) title, colour; the header may name number, title_en, title_vi, "
        "text_en, text_vi, lead, responsible, target_year, indicator_en, indicator_vi (number and title_en are "
        "required)."
    )


def test_outline_import_into_a_plan_with_lines_is_refused(empty_plan: Plan) -> None:
    plan_outline_import_csv(actor=SETUP, plan_id=empty_plan.pk, text=HEADER + "1,Area,,\n")

    with pytest.raises(ValidationFailed) as refused:
        plan_outline_import_csv(actor=SETUP, plan_id=empty_plan.pk, text=HEADER + "2,Area,,\n")

    assert str(refused.value) == (
        f"plan {empty_plan.pk} field 'file': already has an outline of 1 lines; add lines one by one instead. "
        "Nothing was imported."
    )
    assert list(PlanLine.objects.filter(plan=empty_plan).values_list("number", flat=True)) == ["1"]


def test_outline_from_docx_reads_numbered_paragraphs_and_their_fields() -> None:
    data = _docx(
        "Plan of Action (title, skipped)",
        "Preamble, skipped.",
        "1. Nuclear safety",
        "1.1 Regulatory frameworks",
        "1.1.1 Review national legislation",
        "Lead: VN, TH",
        "Target year: 2025",
        "Indicator: laws reviewed",
        "Against the IAEA safety standards.",
    )

    entries = outline_from_docx(data)

    assert [(e.where, e.label, e.title_en) for e in entries] == [
        ("paragraph 3", "1", "Nuclear safety"),
        ("paragraph 4", "1.1", "Regulatory frameworks"),
        ("paragraph 5", "1.1.1", "Review national legislation"),
    ]
    last = entries[-1]
    assert (last.lead, last.target_year, last.indicator_en, last.text_en) == (
        ("VN", "TH"),
        2025,
        "laws reviewed",
        "Against the IAEA safety standards.",
    )


def test_outline_import_from_docx_refuses_a_duplicate_naming_the_paragraph(empty_plan: Plan) -> None:
    data = _docx("1. Area", "1.1 Measure", "1.1.1 Line", "1.1.1 Line again")

    with pytest.raises(ValidationFailed) as refused:
        plan_outline_import_docx(actor=SETUP, plan_id=empty_plan.pk, data=data)

    assert str(refused.value) == (
        "paragraph 4 field 'number': number 1.1.1 appears twice (first at paragraph 3). Nothing was imported."
    )
    assert PlanLine.objects.filter(plan=empty_plan).count() == 0


def test_outline_import_from_docx_creates_the_lines(empty_plan: Plan) -> None:
    data = _docx("1. Area", "1.1 Measure", "1.1.1 Line", "Responsible: KH", "2. Second area")

    lines = plan_outline_import_docx(actor=SETUP, plan_id=empty_plan.pk, data=data)

    assert [line.number for line in lines] == ["1", "1.1", "1.1.1", "2"]
    assert list(lines[2].responsible_parties.values_list("code", flat=True)) == ["KH"]


def test_outline_from_docx_refuses_a_file_that_is_not_word() -> None:
    with pytest.raises(ValidationFailed) as refused:
        outline_from_docx(b"number,title_en\n1,Area\n")

    assert (refused.value.field, refused.value.record) == ("file", "Word file")


def test_outline_from_csv_skips_empty_rows_and_reads_codes() -> None:
    entries = outline_from_csv('number,title_en,lead\n1,Area,"th, vn"\n,,\n')

    assert [(e.where, e.label, e.lead) for e in entries] == [("CSV row 2", "1", ("TH", "VN"))]


def test_party_codes_in_the_outline_are_known(reference_data: object) -> None:
    assert Party.objects.filter(code__in=["KH", "LA", "MM", "TH", "VN", "IAEA"]).count() == 6


def test_csv_with_old_mac_line_ends_is_read(reference_data: object) -> None:
    entries = outline_from_csv("number,title_en\r1,Area\r1.1,Measure\r")

    assert [(entry.where, entry.label, entry.title_en) for entry in entries] == [
        ("CSV row 2", "1", "Area"),
        ("CSV row 3", "1.1", "Measure"),
    ]


def test_csv_with_a_runaway_quote_is_refused_naming_the_row(reference_data: object) -> None:
    text = 'number,title_en\n1,Area\n1.1,"Measure' + "x" * 200_000 + "\n"

    with pytest.raises(ValidationFailed) as refused:
        outline_from_csv(text)

    assert (refused.value.record, refused.value.field, refused.value.message) == (
        "CSV row 3",
        "file",
        "cannot be read as CSV (field larger than field limit (131072)); check the quotes in that row and save "
        "the file as CSV UTF-8.",
    )
