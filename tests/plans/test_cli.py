"""`mufakat plans …`: import an outline, export the reports, write the compiled review, list what is due."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from mufakat.cli import main
from mufakat.meetings.models import Meeting
from mufakat.plans.models import Plan, PlanLine
from tests.factories.plans import crafted_plan


def test_import_outline_from_csv(reference_data: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = crafted_plan(outline="")
    path = tmp_path / "outline.csv"
    path.write_text("number,title_en\n1,Area\n1.1,Measure\n1.1.1,Line\n", encoding="utf-8")

    code = main(["plans", "import-outline", str(plan.pk), str(path)])

    assert (code, capsys.readouterr().out) == (
        0,
        f"imported 3 line(s) into plan {plan.pk} (Crafted plan of action (test)).\n",
    )


def test_import_outline_refusal_names_the_line_and_imports_nothing(
    reference_data: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = crafted_plan(outline="")
    path = tmp_path / "outline.csv"
    path.write_text("number,title_en\n1,Area\n1.1,Measure\n1.1,Again\n", encoding="utf-8")

    code = main(["plans", "import-outline", str(plan.pk), str(path)])

    assert (code, capsys.readouterr().err) == (
        2,
        "error: CSV row 4 field 'number': number 1.1 appears twice (first at CSV row 3). Nothing was imported.\n",
    )
    assert PlanLine.objects.filter(plan=plan).count() == 0


def test_review_writes_word_and_pdf(plans_demo: dict[str, Plan], excom: Meeting, tmp_path: Path) -> None:
    plan = plans_demo["seanwfz"]

    word, pdf = tmp_path / "review.docx", tmp_path / "review.pdf"
    codes = [
        main(["plans", "review", str(plan.pk), "--meeting", str(excom.pk), "--output", str(word)]),
        main(["plans", "review", str(plan.pk), "--meeting", str(excom.pk), "--output", str(pdf), "--lang", "vi"]),
    ]

    document = docx.Document(io.BytesIO(word.read_bytes()))
    assert (codes, document.paragraphs[0].text, pdf.read_bytes()[:5]) == ([0, 0], plan.title_en, b"%PDF-")


def test_export_reports_and_due(
    plans_demo: dict[str, Plan], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "reports.csv"

    code = main(["plans", "export-reports", str(plans_demo["seanwfz"].pk), "--period", "2023", "--output", str(output)])
    due = main(["plans", "due", "--party", "VN", "--at", "2026-06-01T00:00+07:00"])

    assert (code, due, len(output.read_text(encoding="utf-8-sig").splitlines())) == (0, 0, 157)
    assert capsys.readouterr().out.splitlines() == [
        f"LATE\t2026-01-30T10:00:00+00:00\tplan {plans_demo['mekong_us'].pk} 2025\t0/8 submitted\t"
        "Mekong–U.S. Partnership Plan of Action 2024–2026",
        f"LATE\t2026-01-30T10:00:00+00:00\tplan {plans_demo['seanwfz'].pk} 2025\t0/18 submitted\t"
        "Plan of Action to Strengthen the Implementation of the SEANWFZ Treaty (2023–2027)",
        f"due\t2027-01-29T10:00:00+00:00\tplan {plans_demo['mekong_us'].pk} 2026\t0/8 submitted\t"
        "Mekong–U.S. Partnership Plan of Action 2024–2026",
        "2 late, 1 due.",
    ]
