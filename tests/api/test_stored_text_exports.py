"""Every export survives every character that can be in the database: text stored before the text rule
(core.cleantext) existed, or written straight to the tables, still downloads as a valid file for every reader.
The rows are updated directly, bypassing the services and their validation, as such data would be."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import docx
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.cleantext import xml_safe
from mufakat.documents.models import OutcomeDocument, Paragraph
from mufakat.meetings.models import Meeting, ProgrammeRelease, Series
from mufakat.plans.models import ImplementationReport, Plan, PlanLine
from tests.documents.conftest import documents_demo
from tests.plans.conftest import excom

__all__ = ["documents_demo", "excom"]

COMMUNIQUE = "Joint Communiqué of the 57th ASEAN Foreign Ministers' Meeting"


def _stored_text() -> st.SearchStrategy[str]:
    """Any text a database can hold: every code point but lone surrogates (neither database stores them),
    and NUL only where it can be stored (SQLite); control characters weighted up."""
    controls = st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from("\x7f\x85\u2028\ufffe\uffff")
    anything = st.characters(exclude_categories=["Cs"])
    text = st.text(controls | anything, min_size=1, max_size=12)
    if connection.vendor == "postgresql":
        text = text.map(lambda value: value.replace("\x00", "")).filter(bool)
    return text


def _docx_text(content: bytes) -> str:
    """The text of the Word file (python-docx must open it), without line breaks and tabs (Word's own)."""
    return _flat("".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs))


def _flat(text: str) -> str:
    return "".join(c for c in text if c not in "\t\n\r")


def test_every_export_survives_every_stored_character(
    documents_demo: Series, excom: Meeting, chair_secretariat_client: Client, chair_secretariat: SeriesViewer
) -> None:
    from tests.factories.plans import demo_plans

    plan = demo_plans()["seanwfz"]
    document = OutcomeDocument.objects.get(meeting__series=documents_demo, title_en=COMMUNIQUE)
    first = Paragraph.objects.filter(version_id=document.current_version_id).order_by("position").first()
    assert first is not None
    release = ProgrammeRelease.objects.filter(series=documents_demo).order_by("-number").first()
    assert release is not None
    sessions: list[dict[str, Any]] = release.sessions
    base = f"/api/v1/series/{documents_demo.code}"
    document_base = f"{base}/documents/{document.pk}"
    client = chair_secretariat_client

    @given(text=_stored_text())
    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    def exports(text: str) -> None:
        OutcomeDocument.objects.filter(pk=document.pk).update(title_en=f"T{text}", final_place=text)
        with connection.cursor() as cursor:  # circulated paragraphs are immutable to the ORM
            cursor.execute(
                f"UPDATE {Paragraph._meta.db_table} SET text = %s WHERE id = %s",  # noqa: S608 - our own table name
                [f"Recalling {text} [the {text}]", first.pk],
            )
        Plan.objects.filter(pk=plan.pk).update(title_en=f"P{text}")
        PlanLine.objects.filter(plan=plan).update(title_en=f"L{text}", text_en=text)
        ImplementationReport.objects.filter(line__plan=plan).update(narrative=text)
        ProgrammeRelease.objects.filter(pk=release.pk).update(
            sessions=[{**session, "title_en": f"S{text}", "title": f"S{text}"} for session in sessions]
        )

        for path in ("clean.docx", "bracketed.docx", "compare.docx?from=1"):
            response = client.get(f"{document_base}/{path}")
            assert response.status_code == 200, (path, response.content[:300])
            assert _flat(f"T{xml_safe(text)}") in _docx_text(response.content)
        for path in ("clean.txt", "bracketed.txt"):
            response = client.get(f"{document_base}/{path}")
            assert response.status_code == 200, (path, response.content[:300])
        for path, magic in (
            ("programme.ics", b"BEGIN:VCALENDAR"),
            ("programme.pdf", b"%PDF"),
            ("plans/deadlines.ics?party=VN", b"BEGIN:VCALENDAR"),
            (f"plans/{plan.pk}/reports.csv", b""),
        ):
            response = client.get(f"{base}/{path}")
            assert (response.status_code, response.content[: len(magic)]) == (200, magic), (
                path,
                response.content[:300],
            )
        for path, magic in (("review.docx", b"PK"), ("review.pdf", b"%PDF")):
            response = client.get(f"/api/v1/meetings/{excom.pk}/plans/{plan.pk}/{path}")
            assert (response.status_code, response.content[: len(magic)]) == (200, magic), (
                path,
                response.content[:300],
            )
            if magic == b"PK":
                assert zipfile.is_zipfile(io.BytesIO(response.content))
                assert _flat(f"P{xml_safe(text)}") in _docx_text(response.content)

    exports()
