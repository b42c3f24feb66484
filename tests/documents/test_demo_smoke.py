from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from mufakat.accounts.models import AuditEvent
from mufakat.demo.clock import DEMO_NOW
from mufakat.documents.models import DocumentVersion, OutcomeDocument, Position, Proposal, SilenceProcedure
from mufakat.meetings.models import Series

VIENTIANE = ZoneInfo("Asia/Vientiane")


def test_documents_demo_register_reads_as_on_the_evening_of_27_july(documents_demo: Series) -> None:
    """Every meeting held by the demo clock decided on its documents; only the communiqué (the Ministers left it
    to the Chair), the ARF work plan (under silence) and the ARF Chairman's statement (issued after the
    meeting) are still open."""
    statuses = Counter(OutcomeDocument.objects.filter(meeting__series=documents_demo).values_list("status", flat=True))
    open_documents = (
        OutcomeDocument.objects.filter(meeting__series=documents_demo, decided_at__isnull=True)
        .order_by("title_en")
        .values_list("title_en", "status")
    )

    assert statuses == {"drafting": 1, "under_negotiation": 2, "adopted": 7, "noted": 4, "endorsed": 1, "issued": 13}
    assert list(open_documents) == [
        ("ARF Work Plan on Maritime Security 2024–2027", "under_negotiation"),
        ("Chairman's Statement of the 31st ASEAN Regional Forum", "drafting"),
        ("Joint Communiqué of the 57th ASEAN Foreign Ministers' Meeting", "under_negotiation"),
    ]


def test_documents_demo_decisions_taken_at_their_meetings_by_the_demo_clock(documents_demo: Series) -> None:
    decided = OutcomeDocument.objects.filter(meeting__series=documents_demo, decided_at__isnull=False).select_related(
        "meeting__body"
    )

    assert [d.title_en for d in decided if d.final_date != d.meeting.start_date] == []
    assert [d.title_en for d in decided if d.decided_at.astimezone(VIENTIANE).date() != d.final_date] == []
    assert max(d.decided_at for d in decided) < DEMO_NOW
    assert {
        d.meeting.body.code: d.decided_at.astimezone(VIENTIANE).strftime("%d %H:%M")
        for d in decided
        if d.meeting.body.code in {"SOM", "AMM", "MUSP-MIN"}
    } == {"SOM": "23 12:30", "AMM": "25 12:00", "MUSP-MIN": "27 13:30"}
    assert AuditEvent.objects.filter(action="document.decide", series=documents_demo).count() == 25


def test_documents_demo_som_report_adopted_by_the_som_and_maritime_statement_by_the_amm(
    documents_demo: Series,
) -> None:
    report = OutcomeDocument.objects.get(title_en="Report of the ASEAN Senior Officials' Meeting to the 57th AMM")
    statement = OutcomeDocument.objects.select_related("recommendation").get(
        title_en="ASEAN Foreign Ministers' Statement on Maintaining Stability in the Maritime Sphere in Southeast Asia"
    )

    assert (report.status, report.final_date, report.final_place) == ("adopted", date(2024, 7, 23), "Vientiane")
    assert (statement.status, statement.final_date) == ("adopted", date(2024, 7, 25))
    assert statement.recommendation is not None
    assert statement.recommendation.status == "adopted"
    assert statement.recommendation.decided_at.astimezone(VIENTIANE).replace(second=0, microsecond=0) == datetime(
        2024, 7, 25, 12, 0, tzinfo=VIENTIANE
    )


def test_documents_demo_replayed_in_a_second_test(documents_demo: Series) -> None:
    assert OutcomeDocument.objects.filter(meeting__series=documents_demo).count() == 28


def test_documents_demo_dated_on_the_demo_clock(documents_demo: Series) -> None:
    times = [
        *OutcomeDocument.objects.values_list("created_at", flat=True),
        *DocumentVersion.objects.values_list("circulated_at", flat=True),
        *Position.objects.values_list("taken_at", flat=True),
        *Proposal.objects.values_list("created_at", flat=True),
        *SilenceProcedure.objects.values_list("started_at", flat=True),
        *AuditEvent.objects.filter(series=documents_demo).values_list("at", flat=True),
    ]

    assert datetime(2024, 7, 1, tzinfo=VIENTIANE) < min(times) < max(times) < DEMO_NOW + timedelta(minutes=1)


def test_documents_demo_silence_runs_from_after_the_arf_to_29_july(documents_demo: Series) -> None:
    procedure = SilenceProcedure.objects.get()

    assert (procedure.status, procedure.started_at.astimezone(VIENTIANE).replace(second=0, microsecond=0)) == (
        "running",
        datetime(2024, 7, 27, 18, 30, tzinfo=VIENTIANE),
    )
    assert procedure.deadline == datetime(2024, 7, 29, 18, 0, tzinfo=VIENTIANE)


def test_documents_demo_reports_are_of_kind_report(documents_demo: Series) -> None:
    kinds = dict(OutcomeDocument.objects.filter(title_en__contains="Report").values_list("title_en", "kind"))

    assert kinds == {
        "Report of the ASEAN Senior Officials' Meeting to the 57th AMM": "report",
        "Progress Report on the Implementation of the SEANWFZ Plan of Action 2023–2027": "report",
        "Annual Report of the ASEAN Intergovernmental Commission on Human Rights": "report",
    }
    assert list(OutcomeDocument.objects.filter(kind="work_plan").values_list("title_en", flat=True).order_by("pk")) == [
        "Work Plan for Engagement with the Nuclear-Weapon States on the Protocol to the SEANWFZ Treaty",
        "ARF Work Plan on Maritime Security 2024–2027",
    ]
