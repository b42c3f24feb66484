from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from mufakat.accounts.models import AuditEvent
from mufakat.documents.models import DocumentVersion, OutcomeDocument, Position, Proposal, SilenceProcedure
from mufakat.meetings.demo import DEMO_NOW
from mufakat.meetings.models import Series

VIENTIANE = ZoneInfo("Asia/Vientiane")


def test_documents_demo_register_has_every_state(documents_demo: Series) -> None:
    statuses = Counter(OutcomeDocument.objects.filter(meeting__series=documents_demo).values_list("status", flat=True))
    assert statuses == {
        "planned": 19,
        "drafting": 3,
        "cleared": 2,
        "under_negotiation": 2,
        "recommended": 1,
        "adopted": 1,
    }


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
