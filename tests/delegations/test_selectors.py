"""Reads of delegations, participants, the accreditation queue, circulars and the audit log, each
through the viewer's rights; query counts stay constant."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer, viewer_for
from mufakat.core.errors import NotFound, PermissionDenied
from mufakat.delegations.models import Circular, Participant
from mufakat.delegations.selectors import (
    accreditation_queue,
    audit_list,
    circular_get,
    circular_list,
    delegation_get,
    delegation_list,
    participant_get,
    participant_list,
)
from mufakat.delegations.services import participant_create, participant_withdraw
from mufakat.meetings.models import Series
from mufakat.reference.models import Framework
from tests.factories.accounts import viewer_create
from tests.factories.delegations import (
    circular_issue,
    delegation_in_amm_58,
    delegation_of,
    participant_fields,
    participant_register,
)

PUBLIC, ASEAN_ONLY, VN_LA_ONLY = "AMM-57/LOG/01", "AMM-57/ASEAN/01", "AMM-57/CONF/01"


def chair_of(series: Series) -> SeriesViewer:
    return viewer_create(username=f"{series.code}.chair", series=series, role="chair_secretariat")


def _pk(name_en: str) -> int:
    return Participant.objects.get(name_en=name_en).pk


def test_delegation_list_amm_57_has_every_attending_party_with_counts(amm_57: Series) -> None:
    with CaptureQueriesContext(connection) as queries:
        rows = [(d.party.code, d.quota, d.registered, d.accredited, d.pending) for d in delegation_list(series=amm_57)]

    assert len(queries) == 1
    assert len(rows) == 28
    four = {"CN", "ID", "IN", "JP", "KH", "KR", "LA", "MY", "PH", "SG", "TH", "US"}
    assert sorted(rows) == [
        (code, 10, 3, 2, 1) if code == "VN" else (code, 10, 4, 4, 0) if code in four else (code, 10, 3, 3, 0)
        for code in sorted(row[0] for row in rows)
    ]
    assert [row for row in rows if row[4]] == [("VN", 10, 3, 2, 1)]


def test_delegation_get_unknown_party_not_found(amm_57: Series) -> None:
    with pytest.raises(NotFound) as error:
        delegation_get(series=amm_57, party_code="br")

    assert (error.value.field, error.value.message) == ("party", "amm-57 has no delegation of 'br'.")


def test_participant_list_in_protocol_order(amm_57: Series, member_focal_point: SeriesViewer) -> None:
    participant_register(actor=member_focal_point, party_code="VN", name_en="Adviser Aa", role="adviser")
    participant_register(actor=member_focal_point, party_code="VN", name_en="Alternate Zz", role="alternate")

    with CaptureQueriesContext(connection) as queries:
        rows = [
            (p.name_en, p.role, p.delegation.party.code)
            for p in participant_list(viewer=member_focal_point, delegation=delegation_of(party_code="VN"))
        ]

    assert rows == [
        ("Bui Thanh Son", "head", "VN"),
        ("Do Hung Viet", "som_leader", "VN"),
        ("Alternate Zz", "alternate", "VN"),
        ("Nguyen Minh Anh (illustrative)", "member", "VN"),
        ("Adviser Aa", "adviser", "VN"),
    ]
    assert len(queries) == 2  # the delegation, then the participants with their party


def test_participant_list_withdrawn_only_on_request(member_focal_point: SeriesViewer) -> None:
    participant_withdraw(
        actor=member_focal_point, participant_id=_pk("Nguyen Minh Anh (illustrative)"), expected_version=1
    )
    delegation = delegation_of(party_code="VN")

    current = participant_list(viewer=member_focal_point, delegation=delegation)
    everyone = participant_list(viewer=member_focal_point, delegation=delegation, include_withdrawn=True)

    assert [p.name_en for p in current] == ["Bui Thanh Son", "Do Hung Viet"]
    assert [(p.name_en, p.accreditation) for p in everyone] == [
        ("Bui Thanh Son", "accredited"),
        ("Do Hung Viet", "accredited"),
        ("Nguyen Minh Anh (illustrative)", "withdrawn"),
    ]


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("chair_secretariat", True),
        ("asean_secretariat", True),
        ("member_focal_point", True),
        ("member_delegate", True),
        ("partner_delegate", False),
        ("observer", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_participant_list_viet_nam_visible_to_secretariats_and_viet_nam_only(
    persona: str, visible: bool, persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    viewer = persona_viewer(persona)
    delegation = delegation_of(party_code="VN")

    try:
        names: Any = [p.name_en for p in participant_list(viewer=viewer, delegation=delegation)]
    except PermissionDenied as error:
        names = error.message

    expected = (
        ["Bui Thanh Son", "Do Hung Viet", "Nguyen Minh Anh (illustrative)"]
        if visible
        else "the participants of the Viet Nam delegation are visible to that delegation and the secretariats only."
    )
    assert names == expected


def test_participant_list_viet_nam_in_another_series_refused_to_amm_57_focal_point(
    member_focal_point: SeriesViewer,
) -> None:
    """Roles hold in one series: Viet Nam's focal point at AMM-57 does not see Viet Nam's AMM-58 list."""
    other = delegation_in_amm_58(party_code="VN")
    participant_create(actor=chair_of(other.series), delegation_id=other.pk, **participant_fields())

    with pytest.raises(PermissionDenied) as error:
        participant_list(viewer=member_focal_point, delegation=other)

    assert error.value.message == (
        "the participants of the Viet Nam delegation are visible to that delegation and the secretariats only."
    )


@pytest.mark.parametrize(
    ("persona", "found"),
    [
        ("chair_secretariat", "Do Hung Viet"),
        ("asean_secretariat", "Do Hung Viet"),
        ("member_delegate", "Do Hung Viet"),
        ("partner_delegate", None),
        ("observer", None),
        ("anonymous", None),
    ],
)
def test_participant_get_hidden_participant_is_not_found(
    persona: str, found: str | None, persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    viewer = persona_viewer(persona)
    participant_id = _pk("Do Hung Viet")

    try:
        result = participant_get(viewer=viewer, participant_id=participant_id).name_en
    except NotFound as error:
        result = f"{error.field}: {error.message}"

    assert result == (found or f"participant_id: no participant with id {participant_id}.")


def test_accreditation_queue_lists_submitted_oldest_first(
    amm_57: Series, chair_secretariat: SeriesViewer, partner_delegate: SeriesViewer, member_focal_point: SeriesViewer
) -> None:
    participant_register(actor=member_focal_point, party_code="VN", name_en="Pham Thu Hang")
    participant_register(actor=chair_secretariat, party_code="JP", name_en="Tanaka Ichiro")

    queue = [(p.delegation.party.code, p.name_en) for p in accreditation_queue(viewer=chair_secretariat, series=amm_57)]

    assert queue == [("VN", "Nguyen Minh Anh (illustrative)"), ("VN", "Pham Thu Hang"), ("JP", "Tanaka Ichiro")]


def test_accreditation_queue_asean_secretariat_sees_it(amm_57: Series, asean_secretariat: SeriesViewer) -> None:
    queue = accreditation_queue(viewer=asean_secretariat, series=amm_57)

    assert [p.name_en for p in queue] == ["Nguyen Minh Anh (illustrative)"]


@pytest.mark.parametrize(
    "persona", ["member_focal_point", "member_delegate", "partner_delegate", "observer", "outsider", "anonymous"]
)
def test_accreditation_queue_refused_outside_the_secretariats(
    amm_57: Series, persona: str, persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    viewer = persona_viewer(persona)

    with pytest.raises(PermissionDenied) as error:
        accreditation_queue(viewer=viewer, series=amm_57)

    assert error.value.message == "the accreditation queue is for the secretariats."


def test_accreditation_queue_of_another_series_refused_to_the_chair(chair_secretariat: SeriesViewer) -> None:
    with pytest.raises(PermissionDenied) as error:
        accreditation_queue(viewer=chair_secretariat, series=Series.objects.get(code="amm-43"))

    assert error.value.message == "the accreditation queue is for the secretariats."


@pytest.mark.parametrize(
    ("persona", "references"),
    [
        ("chair_secretariat", [VN_LA_ONLY, ASEAN_ONLY, PUBLIC]),
        ("asean_secretariat", [VN_LA_ONLY, ASEAN_ONLY, PUBLIC]),
        ("member_focal_point", [VN_LA_ONLY, ASEAN_ONLY, PUBLIC]),
        ("member_delegate", [VN_LA_ONLY, ASEAN_ONLY, PUBLIC]),
        ("partner_delegate", [PUBLIC]),
        ("observer", [PUBLIC]),
        ("outsider", [PUBLIC]),
        ("anonymous", [PUBLIC]),
    ],
)
def test_circular_list_by_persona(
    amm_57: Series, persona: str, references: list[str], persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    viewer = persona_viewer(persona)

    with CaptureQueriesContext(connection) as queries:
        listed = [c.reference for c in circular_list(viewer=viewer, series=amm_57)]

    assert listed == references
    assert len(queries) <= 7  # the viewer's frameworks (memberships, frameworks, inclusions), then one list query


def test_circular_list_confidential_to_japan_reaches_japan_only(
    amm_57: Series, chair_secretariat: SeriesViewer, partner_delegate: SeriesViewer, member_focal_point: SeriesViewer
) -> None:
    circular_issue(
        actor=chair_secretariat,
        reference="AMM-57/CONF/JP",
        classification="confidential",
        confidential_to_codes=("JP",),
    )

    japan = [c.reference for c in circular_list(viewer=partner_delegate, series=amm_57)]
    viet_nam = [c.reference for c in circular_list(viewer=member_focal_point, series=amm_57)]

    assert (japan, viet_nam) == (["AMM-57/CONF/JP", PUBLIC], [VN_LA_ONLY, ASEAN_ONLY, PUBLIC])


def test_circular_list_restricted_to_apt_reaches_japan_not_timor_leste(
    amm_57: Series, chair_secretariat: SeriesViewer, partner_delegate: SeriesViewer, observer: SeriesViewer
) -> None:
    circular_issue(
        actor=chair_secretariat, reference="AMM-57/APT/01", classification="restricted", restricted_to_code="APT"
    )

    japan = [c.reference for c in circular_list(viewer=partner_delegate, series=amm_57)]
    timor_leste = [c.reference for c in circular_list(viewer=observer, series=amm_57)]

    assert (japan, timor_leste) == (["AMM-57/APT/01", PUBLIC], [PUBLIC])


def test_circular_list_of_another_series_shows_the_chair_only_public(
    amm_57: Series, chair_secretariat: SeriesViewer
) -> None:
    """The chair of AMM-57 holds no role in AMM-43: there it sees what the public sees."""
    amm_43 = Series.objects.get(code="amm-43")
    amm_43_chair = viewer_for(chair_secretariat.user, amm_43)
    Circular.objects.create(
        series=amm_43,
        reference="AMM-43/ASEAN/01",
        title_en="ASEAN only",
        body_en="Text.",
        classification="restricted",
        restricted_to=Framework.objects.get(code="ASEAN"),
    )

    seen_with_amm_57_roles = list(circular_list(viewer=chair_secretariat, series=amm_43))
    seen_as_in_amm_43 = list(circular_list(viewer=amm_43_chair, series=amm_43))

    assert (seen_with_amm_57_roles, seen_as_in_amm_43) == ([], [])


@pytest.mark.parametrize(
    ("persona", "reference", "found"),
    [
        ("partner_delegate", ASEAN_ONLY, False),
        ("partner_delegate", VN_LA_ONLY, False),
        ("partner_delegate", PUBLIC, True),
        ("observer", ASEAN_ONLY, False),
        ("member_delegate", VN_LA_ONLY, True),
        ("anonymous", PUBLIC, True),
        ("anonymous", ASEAN_ONLY, False),
    ],
)
def test_circular_get_hidden_circular_is_not_found(
    amm_57: Series, persona: str, reference: str, found: bool, persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    viewer = persona_viewer(persona)
    circular_id = amm_57.circulars.get(reference=reference).pk

    try:
        result = circular_get(viewer=viewer, series=amm_57, circular_id=circular_id).reference
    except NotFound as error:
        result = f"{error.field}: {error.message}"

    assert result == (reference if found else f"circular_id: no circular with id {circular_id} in amm-57.")


def test_audit_list_chair_sees_the_series_log_newest_first(amm_57: Series, chair_secretariat: SeriesViewer) -> None:
    entries = list(audit_list(viewer=chair_secretariat, series=amm_57))

    assert len(entries) == AuditEvent.objects.filter(series=amm_57).count() == 226
    assert [(e.actor_username, e.action, e.object_repr) for e in entries[:3]] == [
        ("lao.chair", "circular.create", "AMM-57/CONF/01 Arrangements for the courtesy call on the Prime Minister"),
        ("lao.chair", "circular.create", "AMM-57/ASEAN/01 Seating and speaking order for the AMM Retreat"),
        ("lao.chair", "circular.create", "AMM-57/LOG/01 Logistics note for all delegations"),
    ]


@pytest.mark.parametrize(
    "persona",
    ["asean_secretariat", "member_focal_point", "member_delegate", "partner_delegate", "observer", "anonymous"],
)
def test_audit_list_refused_to_all_but_the_chair(
    amm_57: Series, persona: str, persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    viewer = persona_viewer(persona)

    with pytest.raises(PermissionDenied) as error:
        audit_list(viewer=viewer, series=amm_57)

    assert error.value.message == "the audit log of a series is for its chair secretariat."


def test_audit_list_of_another_series_refused_to_the_chair(chair_secretariat: SeriesViewer) -> None:
    with pytest.raises(PermissionDenied) as error:
        audit_list(viewer=chair_secretariat, series=Series.objects.get(code="amm-43"))

    assert error.value.message == "the audit log of a series is for its chair secretariat."
