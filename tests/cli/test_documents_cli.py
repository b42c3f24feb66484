"""`mufakat documents import|export` and `mufakat run-deadlines` on the AMM-57 register of documents (the
Joint Communiqué at draft 3 with brackets, the ARF Work Plan on Maritime Security under silence procedure;
lao.chair is the chair secretariat, jp.delegate a delegate of Japan)."""

from __future__ import annotations

import io
import os
import signal
import threading
import zoneinfo
from datetime import timedelta
from pathlib import Path

import docx
import pytest
from django.utils import timezone
from docx.enum.text import WD_UNDERLINE

from mufakat.accounts.models import User
from mufakat.accounts.rules import viewer_for
from mufakat.cli import main
from mufakat.documents.models import DocumentVersion, OutcomeDocument, Paragraph, SilenceProcedure
from mufakat.documents.services import silence_break
from mufakat.meetings.models import Series
from mufakat.reference.models import Party

COMMUNIQUE = "Joint Communiqué of the 57th ASEAN Foreign Ministers' Meeting"
ARF_STATEMENT = "Chairman's Statement of the 31st ASEAN Regional Forum"
WORK_PLAN = "ARF Work Plan on Maritime Security 2024–2027"
_IMPORT = ["documents", "import", "--series", "amm-57", "--document"]


def _document(title: str) -> OutcomeDocument:
    return OutcomeDocument.objects.get(title_en=title)


def _versions(document: OutcomeDocument) -> int:
    return DocumentVersion.objects.filter(document=document).count()


def _draft_file(tmp_path: Path, document: OutcomeDocument) -> Path:
    """Draft 1 of the ARF statement as a delegate edits it in Word: paragraph 2 reworded, 3 replaced."""
    old = list(Paragraph.objects.filter(version=document.current_version).order_by("position"))
    word = docx.Document()
    word.add_heading("Chairman's Statement", level=1)
    word.add_paragraph(f"1. {old[0].text}")
    word.add_paragraph(f"2. {old[1].text.replace('reviewed', 'welcomed')}")
    word.add_paragraph("3. The Meeting thanked Lao PDR for its warm hospitality.")
    word.add_paragraph(f"4. {old[3].text}")
    path = tmp_path / "draft.docx"
    word.save(str(path))
    return path


def test_documents_import_circulates_the_file_as_the_next_draft(
    documents_demo: Series, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = _document(ARF_STATEMENT)
    draft1 = document.current_version
    assert draft1 is not None
    path = _draft_file(tmp_path, document)

    code = main([*_IMPORT, str(document.pk), "--as", "lao.chair", "--note", "Chair's revised draft", str(path)])

    captured = capsys.readouterr()
    assert (code, captured.err) == (0, "")
    assert captured.out == (
        f"{ARF_STATEMENT} (document #{document.pk}): draft 2 imported from draft.docx, "
        "5 paragraph(s): 3 continue draft 1, 2 new.\n"
    )
    document.refresh_from_db()
    version = document.current_version
    assert version is not None
    assert (version.number, version.origin, version.note) == (2, "imported", "Chair's revised draft")
    old_uids = list(Paragraph.objects.filter(version=draft1).order_by("position").values_list("uid", flat=True))
    rows = list(Paragraph.objects.filter(version=version).order_by("position").values_list("kind", "uid", "text"))
    assert [(kind, uid in old_uids) for kind, uid, _text in rows] == [
        ("heading", False),
        ("paragraph", True),
        ("paragraph", True),
        ("paragraph", False),
        ("paragraph", True),
    ]
    assert [rows[1][1], rows[2][1], rows[4][1]] == [old_uids[0], old_uids[1], old_uids[3]]


def test_documents_import_malformed_file_exits_2_and_writes_nothing(
    documents_demo: Series, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = _document(ARF_STATEMENT)
    path = tmp_path / "draft.docx"
    path.write_bytes(os.urandom(4096))
    before = _versions(document)

    code = main(
        ["documents", "import", "--series", "amm-57", "--document", str(document.pk), "--as", "lao.chair", str(path)]
    )

    captured = capsys.readouterr()
    assert (code, captured.out) == (2, "")
    assert captured.err == "error: field 'file': the file is not a Word document (.docx).\n"
    assert _versions(document) == before


def test_documents_import_based_on_a_superseded_draft_exits_2_with_the_current_draft(
    documents_demo: Series, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = _document(COMMUNIQUE)
    path = tmp_path / "draft.docx"
    word = docx.Document()
    word.add_paragraph("1. We met in Vientiane.")
    word.save(str(path))

    code = main([*_IMPORT, str(document.pk), "--as", "lao.chair", "--based-on", "2", str(path)])

    assert (code, capsys.readouterr().err) == (
        2,
        f"error: document #{document.pk} ({COMMUNIQUE}) field 'based_on_version_id': another draft was circulated "
        "meanwhile (now draft 3); start from it.\n",
    )
    assert _versions(document) == 3


def test_documents_import_by_a_partner_delegate_is_refused(
    documents_demo: Series, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = _document(ARF_STATEMENT)
    path = _draft_file(tmp_path, document)

    code = main(
        ["documents", "import", "--series", "amm-57", "--document", str(document.pk), "--as", "jp.delegate", str(path)]
    )

    assert (code, capsys.readouterr().err) == (
        2,
        "error: only the chair secretariat or the lead party's focal point circulates drafts.\n",
    )
    assert _versions(document) == 1


def _export(document: OutcomeDocument, output: Path, *options: str) -> int:
    return main(
        ["documents", "export", "--series", "amm-57", "--document", str(document.pk), "--output", str(output), *options]
    )


def test_documents_export_bracketed_writes_the_bracketed_text(
    documents_demo: Series, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = _document(COMMUNIQUE)
    output = tmp_path / "bracketed.docx"

    code = _export(document, output, "--format", "bracketed")

    assert (code, capsys.readouterr().out) == (
        0,
        f"{COMMUNIQUE} (document #{document.pk}): bracketed text of draft 3 written to {output}.\n",
    )
    texts = [p.text for p in docx.Document(str(output)).paragraphs]
    assert texts[10] == (
        "6. We discussed the situation in the South China Sea, on which concerns were expressed by [Option A: some "
        "Ministers / Option B: many Ministers (VN, ID, SG) / Option C: a number of Ministers (PH)] about land "
        "reclamations[ and serious incidents[, including the use of water cannon, (PH)] in the area (KH: delete)]."
    )
    assert len(texts) == 17


def test_documents_export_clean_of_an_earlier_draft(
    documents_demo: Series, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = _document(COMMUNIQUE)
    output = tmp_path / "clean.docx"

    code = _export(document, output, "--format", "clean", "--version", "1")

    assert code == 0
    texts = [p.text for p in docx.Document(str(output)).paragraphs]
    assert texts[:2] == [COMMUNIQUE, "Draft 1, circulated 20 July 2024, 17:00 (Asia/Vientiane)"]
    # Agreed text only, as it stood when draft 2 was circulated: Indonesia's "significant progress" was
    # still open on "steady progress".
    assert texts[8] == (
        "5. We welcomed the of Timor-Leste in fulfilling the criteria for full membership and "
        "encouraged continued capacity-building support."
    )


def test_documents_export_compare_marks_the_words_changed_between_two_drafts(
    documents_demo: Series, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = _document(COMMUNIQUE)
    output = tmp_path / "compare.docx"

    code = _export(document, output, "--format", "compare", "--from", "1", "--to", "2")

    assert (code, capsys.readouterr().out) == (
        0,
        f"{COMMUNIQUE} (document #{document.pk}): comparison of draft 1 and draft 2 written to {output}.\n",
    )
    reopened = docx.Document(str(output))
    changed = next(p for p in reopened.paragraphs if p.text.startswith("5. "))
    assert changed.text == (
        "5. We welcomed the steadysignificant progress of Timor-Leste in fulfilling the criteria for full membership "
        "and encouraged continued capacity-building support."
    )
    assert [r.text for r in changed.runs if r.font.strike] == ["steady"]
    assert [r.text for r in changed.runs if r.font.underline == WD_UNDERLINE.SINGLE] == ["significant"]


def test_documents_export_compare_of_a_single_draft_exits_2(
    documents_demo: Series, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _export(_document(ARF_STATEMENT), tmp_path / "x.docx", "--format", "compare")

    assert (code, capsys.readouterr().err) == (
        2,
        "error: field '--from': name two different drafts with --from N --to M.\n",
    )
    assert not (tmp_path / "x.docx").exists()


def _procedure() -> SilenceProcedure:
    return SilenceProcedure.objects.get(version__document__title_en=WORK_PLAN)


def _miss_the_deadline(procedure: SilenceProcedure, hours: int = 5) -> None:
    """The job was not running when the deadline passed (a restart, an outage): move it into the past."""
    SilenceProcedure.objects.filter(pk=procedure.pk).update(deadline=timezone.now() - timedelta(hours=hours))
    procedure.refresh_from_db()


def _deadline_ahead(procedure: SilenceProcedure) -> None:
    """The demo's procedure ran until 29 July 2024 (the demo clock); give it a deadline ahead of the real clock."""
    SilenceProcedure.objects.filter(pk=procedure.pk).update(deadline=timezone.now() + timedelta(days=2))
    procedure.refresh_from_db()


def _local(procedure: SilenceProcedure) -> str:
    local = procedure.deadline.astimezone(zoneinfo.ZoneInfo("Asia/Vientiane"))
    return f"{local.day} {local:%B %Y, %H:%M} (Asia/Vientiane)"


def test_run_deadlines_after_a_missed_deadline_holds_silence_and_clears_the_document(
    documents_demo: Series, capsys: pytest.CaptureFixture[str]
) -> None:
    procedure = _procedure()
    _miss_the_deadline(procedure)
    document = _document(WORK_PLAN)
    assert (procedure.status, document.status) == ("running", "under_negotiation")

    code = main(["run-deadlines"])

    assert (code, capsys.readouterr().out) == (
        0,
        f"{WORK_PLAN} (document #{document.pk}), draft 1: Silence held: no party broke silence before "
        f"{_local(procedure)}.\n"
        "1 silence procedure(s) concluded.\n",
    )
    procedure.refresh_from_db()
    document.refresh_from_db()
    assert (procedure.status, document.status) == ("held", "cleared")
    # Silence held at the deadline, not when the late pass noticed it.
    assert procedure.concluded_at == procedure.deadline


def test_run_deadlines_twice_concludes_nothing_the_second_time(
    documents_demo: Series, capsys: pytest.CaptureFixture[str]
) -> None:
    _miss_the_deadline(_procedure())
    main(["run-deadlines"])
    capsys.readouterr()

    code = main(["run-deadlines"])

    assert (code, capsys.readouterr().out) == (0, "0 silence procedure(s) concluded.\n")
    assert _procedure().status == "held"


def test_run_deadlines_before_the_deadline_concludes_nothing(
    documents_demo: Series, capsys: pytest.CaptureFixture[str]
) -> None:
    _deadline_ahead(_procedure())

    code = main(["run-deadlines"])

    assert (code, capsys.readouterr().out) == (0, "0 silence procedure(s) concluded.\n")
    assert _procedure().status == "running"


def test_run_deadlines_keeps_a_silence_broken_before_the_deadline_broken(
    documents_demo: Series, capsys: pytest.CaptureFixture[str]
) -> None:
    procedure = _procedure()
    _deadline_ahead(procedure)
    silence_break(
        actor=viewer_for(User.objects.get(username="jp.delegate"), documents_demo),
        procedure=procedure,
        party=Party.objects.get(code="JP"),
        reason="Capital is still considering paragraph 3.",
    )
    _miss_the_deadline(procedure)

    code = main(["run-deadlines"])

    assert (code, capsys.readouterr().out) == (0, "0 silence procedure(s) concluded.\n")
    procedure.refresh_from_db()
    assert (procedure.status, _document(WORK_PLAN).status) == ("broken", "under_negotiation")


def test_run_deadlines_loop_concludes_once_and_stops_cleanly_on_sigterm(
    documents_demo: Series, capsys: pytest.CaptureFixture[str]
) -> None:
    procedure = _procedure()
    _miss_the_deadline(procedure)
    document = _document(WORK_PLAN)
    timer = threading.Timer(0.6, os.kill, (os.getpid(), signal.SIGTERM))
    before = signal.getsignal(signal.SIGTERM)
    timer.start()

    code = main(["run-deadlines", "--loop", "--interval", "0.1"])

    timer.join()
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert lines[0] == "checking silence deadlines every 0.1 s; SIGTERM or Ctrl-C stops."
    assert lines[1:3] == [
        f"{WORK_PLAN} (document #{document.pk}), draft 1: Silence held: no party broke silence before "
        f"{_local(procedure)}.",
        "1 silence procedure(s) concluded.",
    ]
    passes = len(lines) - 4
    assert passes >= 1
    assert lines[3:-1] == ["0 silence procedure(s) concluded."] * passes
    assert lines[-1] == f"stopped after {passes + 1} pass(es)."
    assert signal.getsignal(signal.SIGTERM) == before
    assert _procedure().status == "held"


def test_run_deadlines_loop_refuses_a_zero_interval(documents_demo: Series, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run-deadlines", "--loop", "--interval", "0"])

    assert (code, capsys.readouterr().err) == (2, "error: field '--interval': must be a positive number of seconds.\n")


def test_documents_export_writes_a_readable_docx_to_the_output(documents_demo: Series, tmp_path: Path) -> None:
    output = tmp_path / "clean.docx"

    _export(_document(WORK_PLAN), output, "--format", "clean")

    assert docx.Document(io.BytesIO(output.read_bytes())).paragraphs[0].text == WORK_PLAN
