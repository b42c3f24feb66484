"""The audit log as people read it: names instead of ids, objects labelled and linked when the reader may see
them and quoted not at all when not, filters by object, party, person, action and day, and a constant number
of queries per kind of object whatever the number of entries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from mufakat.accounts.audit_read import AuditFilter, audit_entries, audit_events
from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.delegations.models import Delegation
from mufakat.delegations.services import delegation_set_quota
from mufakat.documents.models import OutcomeDocument, SilenceProcedure
from mufakat.meetings.models import Meeting, Series

JOINT_COMMUNIQUE = "Joint Communiqué of the 57th ASEAN Foreign Ministers' Meeting"
MARITIME = "ASEAN Foreign Ministers' Statement on Maintaining Stability in the Maritime Sphere in Southeast Asia"


def _created(document: OutcomeDocument) -> AuditEvent:
    return AuditEvent.objects.get(
        action="document.create", object_type="documents.outcomedocument", object_id=str(document.pk)
    )


def test_audit_entry_of_a_document_names_its_meeting_and_lead_party_and_links_it(
    documents_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    document = OutcomeDocument.objects.get(title_en=JOINT_COMMUNIQUE)
    amm = Meeting.objects.get(series=documents_demo, body__code="AMM")

    [entry] = audit_entries(viewer=chair_secretariat, series=documents_demo, events=[_created(document)])

    assert (entry.object.label, entry.object.url, entry.withheld) == (
        f"Outcome document: {JOINT_COMMUNIQUE}",
        f"/series/amm-57/documents/{document.pk}/",
        False,
    )
    changes = {change.field: (change.label, change.after) for change in entry.changes}
    assert changes["meeting"] == ("Meeting", "57th ASEAN Foreign Ministers' Meeting (AMM-57)")
    assert changes["lead_party"] == ("Lead party", "Lao PDR (LA)")
    assert changes["kind"] == ("Type", "Joint communiqué")
    assert changes["disposition"] == ("Intended disposition", "Adopt")
    assert (entry.event.after or {}).get("meeting") == amm.pk


@pytest.mark.parametrize("persona", ["partner_delegate", "observer", "anonymous"])
def test_audit_entry_of_a_document_the_reader_may_not_see_quotes_nothing(
    documents_demo: Series, persona: str, persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    """Should the log ever be opened to more readers than the chair, an entry follows its object's
    classification: the kind and id of the ASEAN-only statement, not its title nor its changes."""
    document = OutcomeDocument.objects.get(title_en=MARITIME)
    events = list(
        AuditEvent.objects.filter(object_type="documents.outcomedocument", object_id=str(document.pk)).order_by("pk")
    )

    entries = audit_entries(viewer=persona_viewer(persona), series=documents_demo, events=events)

    assert [e.event.action for e in entries] == ["document.create", "document.recommend", "document.decide"]
    assert [(e.object.label, e.object.url, e.withheld, e.changes, e.before, e.after) for e in entries] == [
        (f"Outcome document #{document.pk}", None, True, [], None, None)
    ] * 3


def test_audit_entry_of_a_recommendation_names_its_document_to_whoever_may_see_it(
    documents_demo: Series, chair_secretariat: SeriesViewer, partner_delegate: SeriesViewer
) -> None:
    [event] = AuditEvent.objects.filter(action="document.recommend")

    [chair_entry] = audit_entries(viewer=chair_secretariat, series=documents_demo, events=[event])
    [partner_entry] = audit_entries(viewer=partner_delegate, series=documents_demo, events=[event])

    assert [(c.label, c.before, c.after) for c in chair_entry.changes] == [
        ("Recommended by", "—", f"Document to AMM-57: {MARITIME}"),
        ("Status", "Cleared", "Recommended by the SOM"),
    ]
    assert (partner_entry.withheld, partner_entry.changes) == (True, [])


def test_audit_filters_by_object_party_person_action_and_day(
    documents_demo: Series, chair_secretariat: SeriesViewer, chair_secretariat_client: Client
) -> None:
    document = OutcomeDocument.objects.get(title_en=JOINT_COMMUNIQUE)
    vn = Delegation.objects.get(series=documents_demo, party__code="VN")
    delegation_set_quota(actor=chair_secretariat, delegation_id=vn.pk, quota=12, expected_version=vn.version)
    today = AuditEvent.objects.get(action="delegation.set_quota").at.astimezone(documents_demo.venue.tzinfo).date()

    def actions(**filters: Any) -> list[str]:
        events = audit_events(viewer=chair_secretariat, series=documents_demo, filters=AuditFilter(**filters))
        return sorted(set(events.values_list("action", flat=True)))

    history = actions(object_type="documents.outcomedocument", object_id=str(document.pk))
    by_vn = actions(party="VN")
    by_the_chair = actions(person="lao.chair", action="delegation.set_quota")
    on_the_day = audit_events(viewer=chair_secretariat, series=documents_demo, filters=AuditFilter(day=today))
    page = chair_secretariat_client.get("/series/amm-57/audit/?party=VN&action=participant.create").content.decode()

    assert history == ["document.create"]
    assert by_vn == ["participant.create"]
    assert by_the_chair == ["delegation.set_quota"]
    zone = documents_demo.venue.tzinfo
    assert on_the_day.count() == sum(
        1
        for at in AuditEvent.objects.filter(series=documents_demo).values_list("at", flat=True)
        if at.astimezone(zone).date() == today
    )
    assert actions(day=today.replace(year=2023)) == []
    assert 'href="/series/amm-57/audit.csv?party=VN&amp;action=participant.create"' in page


def test_audit_filter_with_a_malformed_day_is_refused_naming_it(
    chair_secretariat_client: Client, amm_57: Series
) -> None:
    api = chair_secretariat_client.get("/api/v1/series/amm-57/audit?day=25/07/2024")
    web = chair_secretariat_client.get("/series/amm-57/audit/?day=25/07/2024")

    assert (api.status_code, api.json()) == (
        400,
        {
            "detail": "'25/07/2024' is not a day; write it as YYYY-MM-DD, e.g. 2024-07-25.",
            "field": "day",
            "record": "audit filter",
        },
    )
    assert web.status_code == 400
    assert "is not a day; write it as YYYY-MM-DD" in web.content.decode()


def test_audit_api_filtered_by_object_and_paginated(documents_demo: Series, chair_secretariat_client: Client) -> None:
    body = chair_secretariat_client.get(
        "/api/v1/series/amm-57/audit?object_type=documents.outcomedocument&action=document.create&limit=2&offset=1"
    ).json()

    assert body["count"] == 28
    assert [(item["object_label"].split(":")[0], item["withheld"]) for item in body["items"]] == [
        ("Outcome document", False),
        ("Outcome document", False),
    ]
    assert all(item["object_url"].startswith("/series/amm-57/documents/") for item in body["items"])


def test_audit_page_and_api_query_count_does_not_grow_with_entries(
    documents_demo: Series, chair_secretariat_client: Client
) -> None:
    """Every kind of object of the demo on one page, then the same kinds twice over: as many queries."""
    # One of each kind of entry (the API pages at most 500; the demo writes some 330 entries).
    keep = {}
    for pk, action, object_type in AuditEvent.objects.filter(series=documents_demo).values_list(
        "pk", "action", "object_type"
    ):
        keep.setdefault((action, object_type), pk)
    # The log is append-only for the application; a test may thin it at the SQL level.
    AuditEvent.objects.filter(series=documents_demo).exclude(pk__in=keep.values())._raw_delete(connection.alias)
    with CaptureQueriesContext(connection) as once:
        first = chair_secretariat_client.get("/api/v1/series/amm-57/audit?limit=500").json()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                series_id=event.series_id,
                actor_id=event.actor_id,
                actor_username=event.actor_username,
                actor_role=event.actor_role,
                actor_party=event.actor_party,
                action=event.action,
                object_type=event.object_type,
                object_id=event.object_id,
                object_repr=event.object_repr,
                before=event.before,
                after=event.after,
            )
            for event in AuditEvent.objects.filter(series=documents_demo)
        ]
    )
    with CaptureQueriesContext(connection) as twice:
        second = chair_secretariat_client.get("/api/v1/series/amm-57/audit?limit=500").json()
    with CaptureQueriesContext(connection) as page:
        chair_secretariat_client.get("/series/amm-57/audit/")

    assert (len(second["items"]), len(first["items"])) == (2 * first["count"], first["count"])
    assert len(twice.captured_queries) == len(once.captured_queries)
    assert len(page.captured_queries) <= 40


def test_audit_entry_of_a_silence_procedure_shows_the_draft_number_and_the_deadline_in_venue_time(
    documents_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    """silence.start writes the draft's number under "version": it is not the id of another document's draft."""
    [recorded] = AuditEvent.objects.filter(action="silence.start")
    # The demo's rows are replayed into each test; a procedure nothing points at may take a new id there.
    event = AuditEvent.objects.create(
        series=documents_demo,
        action=recorded.action,
        object_type=recorded.object_type,
        object_id=str(SilenceProcedure.objects.get().pk),
        object_repr=recorded.object_repr,
        after=recorded.after,
    )
    deadline = datetime.fromisoformat(event.after["deadline"]).astimezone(documents_demo.venue.tzinfo)

    [entry] = audit_entries(viewer=chair_secretariat, series=documents_demo, events=[event])

    assert entry.object.label == ("Silence procedure: on draft 1 of the ARF Work Plan on Maritime Security 2024–2027")
    assert [(c.label, c.after) for c in entry.changes] == [
        # The page's DATETIME_FORMAT, as every other time on the page: "29 July 2024, 18:00".
        ("Deadline", f"{deadline.day} {deadline:%B %Y, %H:%M}"),
        ("Time zone", "Asia/Vientiane"),
        ("Version", "1"),
    ]


def test_audit_entry_of_a_silence_procedure_in_vietnamese_names_its_kind_and_fields_in_vietnamese(
    documents_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    """The kind of object (a model without a verbose name), the keys a service wrote by hand (no model field
    to take a label from) and the deadline job's role are translated like the rest of the page."""
    [recorded] = AuditEvent.objects.filter(action="silence.start")
    event = AuditEvent.objects.create(
        series=documents_demo,
        action="silence.conclude",
        actor_role="system",
        object_type=recorded.object_type,
        object_id=str(SilenceProcedure.objects.get().pk),
        object_repr=recorded.object_repr,
        before={"status": "running"},
        after={"status": "held", "document_status": "cleared"},
    )

    with translation.override("vi"):
        [entry] = audit_entries(viewer=chair_secretariat, series=documents_demo, events=[event])
        labels = [(str(change.label), str(change.after)) for change in entry.changes]
        title = OutcomeDocument.objects.get(pk=SilenceProcedure.objects.get().version.document_id).title
        action = entry.action_label

    assert entry.object.label == f"Thủ tục im lặng: áp dụng cho dự thảo 1 của {title}"
    # The document's status is a code in the snapshot, shown as its label.
    assert labels == [("Tình trạng văn kiện", "Đã đạt đồng thuận"), ("Tình trạng", "Im lặng được duy trì")]
    assert (action, entry.event.action) == ("Kết thúc thủ tục im lặng", "silence.conclude")
    assert entry.action_label == "Silence procedure concluded"
    assert entry.roles == "hệ thống"


def test_audit_entry_of_a_kind_without_labels_is_shown_as_recorded_to_the_chair_only(
    documents_demo: Series,
    chair_secretariat: SeriesViewer,
    member_focal_point: SeriesViewer,
) -> None:
    vn = Delegation.objects.get(series=documents_demo, party__code="VN")
    event = AuditEvent.objects.create(
        series=documents_demo,
        action="bilateral_presence.set",
        object_type="bilaterals.delegationpresence",
        object_id="1",
        object_repr="presence of minister of delegation VN",
        after={"delegation": vn.pk, "level": "minister"},
    )

    [chair] = audit_entries(viewer=chair_secretariat, series=documents_demo, events=[event])
    [member] = audit_entries(viewer=member_focal_point, series=documents_demo, events=[event])

    assert (chair.object.label, [(c.label, c.after) for c in chair.changes]) == (
        "Presence: presence of minister of delegation VN",
        [("Delegation", "Viet Nam"), ("Level", "Minister")],
    )
    assert (member.object.label, member.withheld, member.changes) == ("Presence #1", True, [])
