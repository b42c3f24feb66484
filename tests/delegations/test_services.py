"""Writes to delegations: delegations and quotas, participants and their accreditation, attendance
additions, circulars. Refusals name the field and save nothing; every write leaves one audit entry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from mufakat.delegations.enums import Accreditation, ParticipantRole
from mufakat.delegations.models import Circular, Delegation, Participant
from mufakat.delegations.selectors import delegation_list
from mufakat.delegations.services import (
    attendance_addition_create,
    circular_create,
    delegation_create,
    delegation_set_quota,
    participant_create,
    participant_decide,
    participant_update,
    participant_withdraw,
)
from mufakat.meetings.models import AttendanceAddition, Meeting, Series
from mufakat.meetings.selectors import meeting_attendance, series_parties
from mufakat.reference.models import Framework, Party
from tests.factories.accounts import AUDIT_FIELDS, audited_as, last_audit
from tests.factories.delegations import (
    circular_issue,
    delegation_in_amm_58,
    delegation_of,
    participant_fields,
    participant_register,
)

VN_NAMES = ["Bui Thanh Son", "Do Hung Viet", "Nguyen Minh Anh (illustrative)"]


def _participant(name_en: str) -> Participant:
    return Participant.objects.get(name_en=name_en)


def _vn_names() -> list[str]:
    return list(
        Participant.objects.filter(delegation__party__code="VN").order_by("name_en").values_list("name_en", flat=True)
    )


def _amm(series: Series) -> Meeting:
    return Meeting.objects.select_related("body").get(series=series, body__code="AMM")


def _participant_state(name_en: str) -> tuple[str, str, int]:
    participant = _participant(name_en)
    return participant.accreditation, participant.returned_reason, participant.version


def _raised(error: pytest.ExceptionInfo[Any]) -> tuple[str, str | None, str | None, str]:
    return type(error.value).__name__, error.value.field, error.value.record, error.value.message


# Delegations and quotas --------------------------------------------------------------------------


def test_delegation_create_party_attending_no_meeting_refused_naming_party(
    amm_57: Series, chair_secretariat: SeriesViewer
) -> None:
    brazil = Party.objects.get(code="BR")
    audit_before = AuditEvent.objects.count()

    with pytest.raises(ValidationFailed) as error:
        delegation_create(actor=chair_secretariat, series=amm_57, party=brazil)

    assert _raised(error) == (
        "ValidationFailed",
        "party",
        "delegation of BR",
        "Brazil attends no meeting of amm-57; add it to a meeting first (attendance addition).",
    )
    assert (Delegation.objects.filter(party=brazil).count(), AuditEvent.objects.count()) == (0, audit_before)


def test_delegation_create_duplicate_refused(amm_57: Series, chair_secretariat: SeriesViewer) -> None:
    with pytest.raises(ValidationFailed) as error:
        delegation_create(actor=chair_secretariat, series=amm_57, party=Party.objects.get(code="VN"))

    assert _raised(error) == (
        "ValidationFailed",
        "party",
        "delegation of VN",
        "Viet Nam already has a delegation in amm-57.",
    )
    assert Delegation.objects.filter(series=amm_57, party__code="VN").count() == 1


def test_delegation_create_by_focal_point_refused(amm_57: Series, member_focal_point: SeriesViewer) -> None:
    with pytest.raises(PermissionDenied) as error:
        delegation_create(actor=member_focal_point, series=amm_57, party=Party.objects.get(code="VN"))

    assert error.value.message == "only the chair secretariat registers delegations."


def test_delegation_create_by_chair_of_another_series_refused(amm_57: Series, chair_secretariat: SeriesViewer) -> None:
    amm_43 = Series.objects.get(code="amm-43")

    with pytest.raises(PermissionDenied) as error:
        delegation_create(actor=chair_secretariat, series=amm_43, party=Party.objects.get(code="VN"))

    assert error.value.message == "only the chair secretariat registers delegations."
    assert Delegation.objects.filter(series=amm_43).count() == 0


def test_the_chair_of_amm_57_is_refused_by_each_chair_service_of_another_series(
    chair_secretariat: SeriesViewer,
) -> None:
    other = delegation_in_amm_58(party_code="VN")
    participant = Participant.objects.create(
        delegation=other, name_en="Nguyen Van A", rank="minister", role="head", accreditation=Accreditation.SUBMITTED
    )
    entries = AuditEvent.objects.count()
    writes = {
        "delegation_set_quota": lambda: delegation_set_quota(
            actor=chair_secretariat, delegation_id=other.pk, quota=12, expected_version=other.version
        ),
        "participant_decide": lambda: participant_decide(
            actor=chair_secretariat, participant_id=participant.pk, expected_version=participant.version, accredit=True
        ),
        "circular_create": lambda: circular_create(
            actor=chair_secretariat,
            series=other.series,
            reference="AMM-58/1",
            title_en="Arrangements",
            body_en="Text.",
            classification="public",
        ),
    }

    refused = []
    for name, write in writes.items():
        with pytest.raises(PermissionDenied):
            write()
        refused.append(name)

    assert refused == list(writes)
    assert AuditEvent.objects.count() == entries


def test_delegation_create_by_a_system_actor_is_audited_as_system(amm_57: Series) -> None:
    loader = SeriesViewer.system(amm_57.pk, purpose="delegations loader")
    brazil = Party.objects.get(code="BR")
    meeting = Meeting.objects.get(series=amm_57, body__code="AMM")
    attendance_addition_create(actor=loader, meeting=meeting, party=brazil, kind="guest")

    delegation = delegation_create(actor=loader, series=amm_57, party=brazil, quota=3)

    assert audited_as("delegation.create", delegation.pk) == (None, "delegations loader", "system", amm_57.pk)


def test_delegation_create_guest_after_attendance_addition_writes_audit_entry(
    amm_57: Series, chair_secretariat: SeriesViewer, request_id: str
) -> None:
    brazil = Party.objects.get(code="BR")
    attendance_addition_create(actor=chair_secretariat, meeting=_amm(amm_57), party=brazil, kind="guest")

    delegation = delegation_create(actor=chair_secretariat, series=amm_57, party=brazil, quota=4)

    assert (delegation.party.code, delegation.quota, delegation.version) == ("BR", 4, 1)
    assert last_audit() == {
        "actor_username": "lao.chair",
        "actor_role": "chair_secretariat",
        "actor_party": "",
        "series_id": amm_57.pk,
        "action": "delegation.create",
        "object_type": "delegations.delegation",
        "object_id": str(delegation.pk),
        "object_repr": "Brazil delegation",
        "before": None,
        "after": {"party": brazil.pk, "quota": 4},
        "request_id": request_id,
    }


def test_delegation_set_quota_writes_audit_entry(
    amm_57: Series, chair_secretariat: SeriesViewer, request_id: str
) -> None:
    delegation = delegation_of(party_code="VN")

    updated = delegation_set_quota(actor=chair_secretariat, delegation_id=delegation.pk, quota=5, expected_version=1)

    assert (updated.quota, updated.version) == (5, 2)
    assert last_audit() == {
        "actor_username": "lao.chair",
        "actor_role": "chair_secretariat",
        "actor_party": "",
        "series_id": amm_57.pk,
        "action": "delegation.set_quota",
        "object_type": "delegations.delegation",
        "object_id": str(delegation.pk),
        "object_repr": "Viet Nam delegation",
        "before": {"quota": 10, "version": 1},
        "after": {"quota": 5, "version": 2},
        "request_id": request_id,
    }


def test_delegation_set_quota_below_registered_refused(chair_secretariat: SeriesViewer) -> None:
    delegation = delegation_of(party_code="VN")

    with pytest.raises(ValidationFailed) as error:
        delegation_set_quota(actor=chair_secretariat, delegation_id=delegation.pk, quota=2, expected_version=1)

    assert _raised(error) == (
        "ValidationFailed",
        "quota",
        "delegation of VN",
        "2 is below the 3 participants already registered; withdraw some first.",
    )
    assert Delegation.objects.values_list("quota", "version").get(pk=delegation.pk) == (10, 1)


def test_delegation_set_quota_zero_on_empty_delegation_refused(chair_secretariat: SeriesViewer) -> None:
    delegation = delegation_of(party_code="KR")

    with pytest.raises(ValidationFailed) as error:
        delegation_set_quota(actor=chair_secretariat, delegation_id=delegation.pk, quota=0, expected_version=1)

    assert _raised(error) == ("ValidationFailed", "quota", "delegation of KR", "must be at least 1.")


def test_delegation_set_quota_equal_to_registered_accepted(chair_secretariat: SeriesViewer) -> None:
    delegation = delegation_of(party_code="VN")

    updated = delegation_set_quota(actor=chair_secretariat, delegation_id=delegation.pk, quota=3, expected_version=1)

    assert (updated.quota, updated.version) == (3, 2)


def test_delegation_set_quota_stale_version_conflict(chair_secretariat: SeriesViewer) -> None:
    delegation = delegation_of(party_code="VN")
    delegation_set_quota(actor=chair_secretariat, delegation_id=delegation.pk, quota=6, expected_version=1)

    with pytest.raises(Conflict) as error:
        delegation_set_quota(actor=chair_secretariat, delegation_id=delegation.pk, quota=8, expected_version=1)

    assert _raised(error) == (
        "Conflict",
        "version",
        "delegation of VN",
        "was changed by someone else (now version 2, you edited version 1); reload to see the current state and "
        "apply your change again.",
    )
    assert Delegation.objects.values_list("quota", "version").get(pk=delegation.pk) == (6, 2)


def test_delegation_set_quota_by_focal_point_refused(member_focal_point: SeriesViewer) -> None:
    delegation = delegation_of(party_code="VN")

    with pytest.raises(PermissionDenied) as error:
        delegation_set_quota(actor=member_focal_point, delegation_id=delegation.pk, quota=20, expected_version=1)

    assert error.value.message == "only the chair secretariat sets quotas."
    assert Delegation.objects.values_list("quota", "version").get(pk=delegation.pk) == (10, 1)


def test_delegation_set_quota_unknown_delegation_not_found(chair_secretariat: SeriesViewer) -> None:
    with pytest.raises(NotFound) as error:
        delegation_set_quota(actor=chair_secretariat, delegation_id=999_999, quota=5, expected_version=1)

    assert _raised(error) == ("NotFound", "delegation_id", None, "no delegation with delegation_id 999999.")


# Participants ------------------------------------------------------------------------------------


def test_participant_create_by_focal_point_pending_accreditation_writes_audit_entry(
    amm_57: Series, member_focal_point: SeriesViewer, request_id: str
) -> None:
    participant = participant_register(actor=member_focal_point, party_code="VN", email=" thu@example.org ")

    assert (participant.accreditation, participant.version, participant.created_by) == (
        "submitted",
        1,
        member_focal_point.user,
    )
    assert last_audit() == {
        "actor_username": "vn.focal",
        "actor_role": "focal_point",
        "actor_party": "VN",
        "series_id": amm_57.pk,
        "action": "participant.create",
        "object_type": "delegations.participant",
        "object_id": str(participant.pk),
        "object_repr": "Tran Thi Thu (test)",
        "before": None,
        "after": {
            "name_en": "Tran Thi Thu (test)",
            "name_vi": "Trần Thị Thu (thử)",
            "title_en": "Deputy Director-General, ASEAN Department",
            "title_vi": "Phó Vụ trưởng Vụ ASEAN",
            "rank": "director",
            "role": "adviser",
            "email": "thu@example.org",
            "phone": "",
            "accreditation": "submitted",
            "returned_reason": "",
            "version": 1,
        },
        "request_id": request_id,
    }


def test_participant_create_over_quota_refused_naming_quota(
    chair_secretariat: SeriesViewer, member_focal_point: SeriesViewer
) -> None:
    delegation = delegation_of(party_code="VN")
    delegation_set_quota(actor=chair_secretariat, delegation_id=delegation.pk, quota=4, expected_version=1)
    participant_register(actor=member_focal_point, party_code="VN", name_en="Fourth Participant")
    audit_before = AuditEvent.objects.count()

    with pytest.raises(ValidationFailed) as error:
        participant_register(actor=member_focal_point, party_code="VN", name_en="Fifth Participant")

    assert _raised(error) == (
        "ValidationFailed",
        "quota",
        "participant of the VN delegation",
        "the delegation has used its quota of 4 participants; ask the chair secretariat for more or withdraw someone.",
    )
    assert _vn_names() == ["Bui Thanh Son", "Do Hung Viet", "Fourth Participant", "Nguyen Minh Anh (illustrative)"]
    assert AuditEvent.objects.count() == audit_before


def test_participant_create_duplicate_name_any_case_refused(member_focal_point: SeriesViewer) -> None:
    with pytest.raises(ValidationFailed) as error:
        participant_register(actor=member_focal_point, party_code="VN", name_en="  DO hung VIET ")

    assert _raised(error) == (
        "ValidationFailed",
        "name_en",
        "participant of the VN delegation",
        "DO hung VIET is already registered in this delegation.",
    )
    assert _vn_names() == VN_NAMES


def test_participant_create_same_name_in_another_delegation_accepted(chair_secretariat: SeriesViewer) -> None:
    participant = participant_register(actor=chair_secretariat, party_code="LA", name_en="Do Hung Viet")

    assert (participant.delegation.party.code, participant.name_en) == ("LA", "Do Hung Viet")


def test_participant_create_second_head_refused(member_focal_point: SeriesViewer) -> None:
    with pytest.raises(ValidationFailed) as error:
        participant_register(
            actor=member_focal_point, party_code="VN", name_en="Le Hoai Trung", role=ParticipantRole.HEAD
        )

    assert _raised(error) == (
        "ValidationFailed",
        "role",
        "participant of the VN delegation",
        "the delegation already has a head; make the other head an alternate first.",
    )
    assert _vn_names() == VN_NAMES


def test_participant_create_for_another_party_by_focal_point_refused(member_focal_point: SeriesViewer) -> None:
    audit_before = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied) as error:
        participant_register(actor=member_focal_point, party_code="JP", name_en="Tanaka Ichiro")

    assert _raised(error) == (
        "PermissionDenied",
        None,
        None,
        "you may register participants only for your own delegation, not Japan's.",
    )
    assert list(
        Participant.objects.filter(delegation__party__code="JP").order_by("pk").values_list("name_en", flat=True)
    ) == ["KAMIKAWA Yoko", "SUZUKI Kenji (illustrative)", "TANAKA Aiko (illustrative)", "SATO Haruto (illustrative)"]
    assert AuditEvent.objects.count() == audit_before


@pytest.mark.parametrize("persona", ["member_delegate", "partner_delegate", "observer", "asean_secretariat"])
def test_participant_create_by_non_focal_point_refused(
    persona: str, persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    actor = persona_viewer(persona)

    with pytest.raises(PermissionDenied) as error:
        participant_register(actor=actor, party_code="VN")

    assert error.value.message == "you may register participants only for your own delegation, not Viet Nam's."
    assert _vn_names() == VN_NAMES


def test_participant_create_by_focal_point_of_same_party_in_another_series_refused(
    amm_57: Series, chair_secretariat: SeriesViewer, member_focal_point: SeriesViewer
) -> None:
    """Viet Nam's focal point at AMM-57 has no say over Viet Nam's delegation to another series."""
    other = delegation_in_amm_58(party_code="VN")

    with pytest.raises(PermissionDenied) as error:
        participant_create(actor=member_focal_point, delegation_id=other.pk, **participant_fields())

    assert error.value.message == "you may register participants only for your own delegation, not Viet Nam's."
    assert Participant.objects.filter(delegation=other).count() == 0


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name_en": "   "}, "name_en", "is empty; give the name as in the passport, in Latin script."),
        ({"rank": "consul"}, "rank", "'consul' is not one of minister, deputy_minister, ambassador, "
         "senior_official, director, officer."),
        ({"role": "guest"}, "role", "'guest' is not one of head, som_leader, alternate, member, adviser."),
        ({"email": "thu at example.org"}, "email", "'thu at example.org' is not an e-mail address."),
        ({"name_vi": "N" * 161}, "name_vi", "is longer than 160 characters."),
        ({"passport": "B1234567"}, "passport", "is not a participant field; use name_en, name_vi, title_en, "
         "title_vi, rank, role, email, phone."),
        ({"rank": ""}, "rank", "'' is not one of minister, deputy_minister, ambassador, senior_official, "
         "director, officer."),
    ],
)  # fmt: skip
def test_participant_create_bad_field_refused(
    member_focal_point: SeriesViewer, overrides: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationFailed) as error:
        participant_register(actor=member_focal_point, party_code="VN", **overrides)

    assert (error.value.field, error.value.message) == (field, message)
    assert _vn_names() == VN_NAMES


def test_participant_create_unknown_delegation_not_found(member_focal_point: SeriesViewer) -> None:
    with pytest.raises(NotFound) as error:
        participant_create(actor=member_focal_point, delegation_id=999_999, **participant_fields())

    assert _raised(error) == ("NotFound", "delegation_id", None, "no delegation with delegation_id 999999.")


def test_participant_update_accredited_goes_back_to_submitted_writes_audit_entry(
    amm_57: Series, member_focal_point: SeriesViewer, request_id: str
) -> None:
    before = _participant("Do Hung Viet")

    updated = participant_update(
        actor=member_focal_point,
        participant_id=before.pk,
        expected_version=2,
        title_en="Deputy Minister of Foreign Affairs",
    )

    assert (updated.title_en, updated.accreditation, updated.version) == (
        "Deputy Minister of Foreign Affairs",
        "submitted",
        3,
    )
    common = {
        "name_en": "Do Hung Viet",
        "name_vi": "Đỗ Hùng Việt",
        "title_vi": "Thứ trưởng Bộ Ngoại giao, Trưởng SOM ASEAN Việt Nam",
        "rank": "deputy_minister",
        "role": "som_leader",
        "email": "",
        "phone": "",
        "returned_reason": "",
    }
    assert last_audit() == {
        "actor_username": "vn.focal",
        "actor_role": "focal_point",
        "actor_party": "VN",
        "series_id": amm_57.pk,
        "action": "participant.update",
        "object_type": "delegations.participant",
        "object_id": str(before.pk),
        "object_repr": "Do Hung Viet",
        "before": {
            **common,
            "title_en": "Deputy Minister of Foreign Affairs, Head of ASEAN SOM Viet Nam",
            "accreditation": "accredited",
            "version": 2,
        },
        "after": {
            **common,
            "title_en": "Deputy Minister of Foreign Affairs",
            "accreditation": "submitted",
            "version": 3,
        },
        "request_id": request_id,
    }


def test_participant_update_returned_goes_back_to_submitted_without_reason(
    chair_secretariat: SeriesViewer, member_focal_point: SeriesViewer
) -> None:
    pending = _participant("Nguyen Minh Anh (illustrative)")
    participant_decide(
        actor=chair_secretariat, participant_id=pending.pk, expected_version=1, accredit=False, reason="No e-mail."
    )

    participant_update(
        actor=member_focal_point, participant_id=pending.pk, expected_version=2, phone="+84 24 3799 3000"
    )

    assert _participant_state("Nguyen Minh Anh (illustrative)") == ("submitted", "", 3)


def test_participant_update_nothing_changed_keeps_version_and_writes_no_entry(
    member_focal_point: SeriesViewer,
) -> None:
    participant = _participant("Do Hung Viet")
    audit_before = AuditEvent.objects.count()

    participant_update(
        actor=member_focal_point, participant_id=participant.pk, expected_version=2, rank="deputy_minister"
    )

    assert _participant_state("Do Hung Viet") == ("accredited", "", 2)
    assert AuditEvent.objects.count() == audit_before


def test_participant_update_stale_version_conflict(member_focal_point: SeriesViewer) -> None:
    participant = _participant("Do Hung Viet")

    with pytest.raises(Conflict) as error:
        participant_update(actor=member_focal_point, participant_id=participant.pk, expected_version=1, phone="1")

    assert _raised(error) == (
        "Conflict",
        "version",
        "participant Do Hung Viet",
        "was changed by someone else (now version 2, you edited version 1); reload to see the current state and "
        "apply your change again.",
    )
    assert Participant.objects.values_list("phone", "version").get(pk=participant.pk) == ("", 2)


def test_participant_update_to_duplicate_name_refused(member_focal_point: SeriesViewer) -> None:
    participant = _participant("Nguyen Minh Anh (illustrative)")

    with pytest.raises(ValidationFailed) as error:
        participant_update(
            actor=member_focal_point, participant_id=participant.pk, expected_version=1, name_en="BUI THANH SON"
        )

    assert (error.value.field, error.value.message) == (
        "name_en",
        "BUI THANH SON is already registered in this delegation.",
    )
    assert _vn_names() == VN_NAMES


def test_participant_update_of_another_party_by_focal_point_refused(member_focal_point: SeriesViewer) -> None:
    kamikawa = _participant("KAMIKAWA Yoko")

    with pytest.raises(PermissionDenied) as error:
        participant_update(actor=member_focal_point, participant_id=kamikawa.pk, expected_version=2, phone="1")

    assert error.value.message == "you may change participants only of your own delegation, not Japan's."
    assert Participant.objects.values_list("phone", "version").get(pk=kamikawa.pk) == ("", 2)


def test_participant_update_withdrawn_refused(member_focal_point: SeriesViewer) -> None:
    participant = _participant("Nguyen Minh Anh (illustrative)")
    participant_withdraw(actor=member_focal_point, participant_id=participant.pk, expected_version=1)

    with pytest.raises(ValidationFailed) as error:
        participant_update(actor=member_focal_point, participant_id=participant.pk, expected_version=2, phone="1")

    assert (error.value.field, error.value.message) == ("accreditation", "was withdrawn; register again instead.")


def test_participant_update_unknown_participant_not_found(member_focal_point: SeriesViewer) -> None:
    with pytest.raises(NotFound) as error:
        participant_update(actor=member_focal_point, participant_id=999_999, expected_version=1, phone="1")

    assert _raised(error) == ("NotFound", "participant_id", None, "no participant with id 999999.")


def test_participant_withdraw_frees_a_place_in_the_quota_writes_audit_entry(
    amm_57: Series, chair_secretariat: SeriesViewer, member_focal_point: SeriesViewer, request_id: str
) -> None:
    delegation = delegation_of(party_code="VN")
    delegation_set_quota(actor=chair_secretariat, delegation_id=delegation.pk, quota=3, expected_version=1)
    pending = _participant("Nguyen Minh Anh (illustrative)")

    participant_withdraw(actor=member_focal_point, participant_id=pending.pk, expected_version=1)

    entry = last_audit()
    assert (entry["action"], entry["actor_username"], entry["actor_party"], entry["request_id"]) == (
        "participant.withdraw",
        "vn.focal",
        "VN",
        request_id,
    )
    assert (entry["before"]["accreditation"], entry["before"]["version"]) == ("submitted", 1)
    assert (entry["after"]["accreditation"], entry["after"]["version"]) == ("withdrawn", 2)
    replacement = participant_register(actor=member_focal_point, party_code="VN", name_en="Pham Thu Hang")
    assert replacement.accreditation == "submitted"
    vn = next(d for d in delegation_list(series=amm_57) if d.party.code == "VN")
    assert (vn.quota, vn.registered, vn.accredited, vn.pending) == (3, 3, 2, 1)


def test_participant_withdraw_name_may_be_registered_again(member_focal_point: SeriesViewer) -> None:
    pending = _participant("Nguyen Minh Anh (illustrative)")
    participant_withdraw(actor=member_focal_point, participant_id=pending.pk, expected_version=1)

    again = participant_register(actor=member_focal_point, party_code="VN", name_en="Nguyen Minh Anh (illustrative)")

    states = Participant.objects.filter(name_en=again.name_en).order_by("pk").values_list("accreditation", flat=True)
    assert list(states) == ["withdrawn", "submitted"]


def test_participant_withdraw_by_partner_refused(partner_delegate: SeriesViewer) -> None:
    pending = _participant("Nguyen Minh Anh (illustrative)")

    with pytest.raises(PermissionDenied) as error:
        participant_withdraw(actor=partner_delegate, participant_id=pending.pk, expected_version=1)

    assert error.value.message == "you may withdraw participants only of your own delegation, not Viet Nam's."
    assert _participant_state("Nguyen Minh Anh (illustrative)") == ("submitted", "", 1)


# Accreditation -----------------------------------------------------------------------------------


def test_participant_decide_accredit_by_chair_writes_audit_entry(
    amm_57: Series, chair_secretariat: SeriesViewer, request_id: str
) -> None:
    pending = _participant("Nguyen Minh Anh (illustrative)")

    decided = participant_decide(actor=chair_secretariat, participant_id=pending.pk, expected_version=1, accredit=True)

    assert (decided.accreditation, decided.returned_reason, decided.version) == ("accredited", "", 2)
    entry = last_audit()
    assert {key: entry[key] for key in AUDIT_FIELDS if key not in ("before", "after")} == {
        "actor_username": "lao.chair",
        "actor_role": "chair_secretariat",
        "actor_party": "",
        "series_id": amm_57.pk,
        "action": "participant.accredit",
        "object_type": "delegations.participant",
        "object_id": str(pending.pk),
        "object_repr": "Nguyen Minh Anh (illustrative)",
        "request_id": request_id,
    }
    assert {
        key: (entry["before"][key], entry["after"][key]) for key in ("accreditation", "returned_reason", "version")
    } == {
        "accreditation": ("submitted", "accredited"),
        "returned_reason": ("", ""),
        "version": (1, 2),
    }


def test_participant_decide_return_with_reason_writes_audit_entry(
    chair_secretariat: SeriesViewer, request_id: str
) -> None:
    pending = _participant("Nguyen Minh Anh (illustrative)")

    decided = participant_decide(
        actor=chair_secretariat,
        participant_id=pending.pk,
        expected_version=1,
        accredit=False,
        reason="  The title does not match the nomination letter.  ",
    )

    assert (decided.accreditation, decided.returned_reason, decided.version) == (
        "returned",
        "The title does not match the nomination letter.",
        2,
    )
    entry = last_audit()
    assert (entry["action"], entry["after"]["accreditation"], entry["after"]["returned_reason"]) == (
        "participant.return",
        "returned",
        "The title does not match the nomination letter.",
    )


def test_participant_decide_return_without_reason_refused(chair_secretariat: SeriesViewer) -> None:
    pending = _participant("Nguyen Minh Anh (illustrative)")

    with pytest.raises(ValidationFailed) as error:
        participant_decide(
            actor=chair_secretariat, participant_id=pending.pk, expected_version=1, accredit=False, reason="  "
        )

    assert _raised(error) == (
        "ValidationFailed",
        "reason",
        "participant Nguyen Minh Anh (illustrative)",
        "say why the participant is returned, so the focal point can fix it.",
    )
    assert _participant_state("Nguyen Minh Anh (illustrative)") == ("submitted", "", 1)


@pytest.mark.parametrize(
    "persona",
    ["asean_secretariat", "member_focal_point", "member_delegate", "partner_delegate", "observer", "outsider"],
)
def test_participant_decide_by_anyone_but_the_chair_refused(
    persona: str, persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    actor = persona_viewer(persona)
    pending = _participant("Nguyen Minh Anh (illustrative)")

    with pytest.raises(PermissionDenied) as error:
        participant_decide(actor=actor, participant_id=pending.pk, expected_version=1, accredit=True)

    assert error.value.message == "only the chair secretariat decides on accreditation."
    assert _participant_state("Nguyen Minh Anh (illustrative)") == ("submitted", "", 1)


@pytest.mark.parametrize(
    ("state", "message"),
    [
        (Accreditation.ACCREDITED, "is accredited, not pending accreditation."),
        (Accreditation.RETURNED, "is returned, not pending accreditation."),
        (Accreditation.WITHDRAWN, "is withdrawn, not pending accreditation."),
    ],
)
def test_participant_decide_only_from_submitted(chair_secretariat: SeriesViewer, state: str, message: str) -> None:
    Participant.objects.filter(name_en="Nguyen Minh Anh (illustrative)").update(
        accreditation=state, returned_reason="Earlier reason." if state == Accreditation.RETURNED else ""
    )
    pending = _participant("Nguyen Minh Anh (illustrative)")

    with pytest.raises(ValidationFailed) as error:
        participant_decide(actor=chair_secretariat, participant_id=pending.pk, expected_version=1, accredit=True)

    assert (error.value.field, error.value.message) == ("accreditation", message)
    assert _participant("Nguyen Minh Anh (illustrative)").accreditation == state


def test_participant_decide_stale_version_conflict(
    chair_secretariat: SeriesViewer, member_focal_point: SeriesViewer
) -> None:
    pending = _participant("Nguyen Minh Anh (illustrative)")
    participant_update(actor=member_focal_point, participant_id=pending.pk, expected_version=1, phone="+84 24 1")

    with pytest.raises(Conflict) as error:
        participant_decide(actor=chair_secretariat, participant_id=pending.pk, expected_version=1, accredit=True)

    assert (error.value.field, error.value.message.split(";")[0]) == (
        "version",
        "was changed by someone else (now version 2, you edited version 1)",
    )
    assert _participant_state("Nguyen Minh Anh (illustrative)") == ("submitted", "", 2)


# Attendance additions ----------------------------------------------------------------------------


def test_attendance_addition_create_appears_in_meeting_attendance_and_series_parties(
    amm_57: Series, chair_secretariat: SeriesViewer, request_id: str
) -> None:
    amm = _amm(amm_57)
    brazil = Party.objects.get(code="BR")

    addition = attendance_addition_create(
        actor=chair_secretariat, meeting=amm, party=brazil, kind="special_observer", note=" G20 presidency 2024 "
    )

    attendance = meeting_attendance(meeting=amm)
    assert [(m.party.code, m.role, m.via) for m in attendance] == [
        ("BR", "special_observer", "addition"),
        ("BN", "member", "ASEAN"),
        ("KH", "member", "ASEAN"),
        ("ID", "member", "ASEAN"),
        ("LA", "member", "ASEAN"),
        ("MY", "member", "ASEAN"),
        ("MM", "member", "ASEAN"),
        ("PH", "member", "ASEAN"),
        ("SG", "member", "ASEAN"),
        ("TH", "member", "ASEAN"),
        ("TL", "observer", "ASEAN"),
        ("VN", "member", "ASEAN"),
    ]
    assert [p.code for p in series_parties(series=amm_57)][:4] == ["AU", "BD", "BR", "BN"]
    assert len(series_parties(series=amm_57)) == 29
    assert last_audit() == {
        "actor_username": "lao.chair",
        "actor_role": "chair_secretariat",
        "actor_party": "",
        "series_id": amm_57.pk,
        "action": "attendance.add",
        "object_type": "meetings.attendanceaddition",
        "object_id": str(addition.pk),
        "object_repr": f"BR as special_observer at meeting {amm.pk}",
        "before": None,
        "after": {"meeting": amm.pk, "party": brazil.pk, "kind": "special_observer", "note": "G20 presidency 2024"},
        "request_id": request_id,
    }


def test_attendance_addition_of_a_member_does_not_count_twice(amm_57: Series, chair_secretariat: SeriesViewer) -> None:
    amm = _amm(amm_57)

    attendance_addition_create(actor=chair_secretariat, meeting=amm, party=Party.objects.get(code="VN"), kind="guest")

    assert [(m.party.code, m.role) for m in meeting_attendance(meeting=amm) if m.party.code == "VN"] == [
        ("VN", "member")
    ]
    assert len(meeting_attendance(meeting=amm)) == 11


def test_attendance_addition_twice_refused(amm_57: Series, chair_secretariat: SeriesViewer) -> None:
    amm = _amm(amm_57)
    brazil = Party.objects.get(code="BR")
    attendance_addition_create(actor=chair_secretariat, meeting=amm, party=brazil, kind="guest")

    with pytest.raises(ValidationFailed) as error:
        attendance_addition_create(actor=chair_secretariat, meeting=amm, party=brazil, kind="special_observer")

    assert _raised(error) == (
        "ValidationFailed",
        "party",
        "attendance of BR at AMM-57",
        "Brazil is already added to this meeting.",
    )
    assert list(AttendanceAddition.objects.values_list("party__code", "kind")) == [("BR", "guest")]


def test_attendance_addition_unknown_kind_refused(amm_57: Series, chair_secretariat: SeriesViewer) -> None:
    with pytest.raises(ValidationFailed) as error:
        attendance_addition_create(
            actor=chair_secretariat, meeting=_amm(amm_57), party=Party.objects.get(code="BR"), kind="friend"
        )

    assert (error.value.field, error.value.message) == ("kind", "'friend' is not one of guest, special_observer.")
    assert AttendanceAddition.objects.count() == 0


def test_attendance_addition_by_focal_point_refused(amm_57: Series, member_focal_point: SeriesViewer) -> None:
    with pytest.raises(PermissionDenied) as error:
        attendance_addition_create(
            actor=member_focal_point, meeting=_amm(amm_57), party=Party.objects.get(code="BR"), kind="guest"
        )

    assert error.value.message == "only the chair secretariat of the series adds guests and special observers."
    assert AttendanceAddition.objects.count() == 0


# Circulars ---------------------------------------------------------------------------------------


def test_circular_create_restricted_writes_audit_entry(
    amm_57: Series, chair_secretariat: SeriesViewer, request_id: str
) -> None:
    circular = circular_issue(
        actor=chair_secretariat,
        reference="AMM-57/ASEAN/02",
        classification="restricted",
        restricted_to_code="ASEAN",
        confidential_to_codes=("VN",),
        title_en="Draft Joint Communiqué, ASEAN only",
    )

    asean = Framework.objects.get(code="ASEAN")
    assert (circular.classification, circular.restricted_to, list(circular.confidential_to.all())) == (
        "restricted",
        asean,
        [],
    )
    assert last_audit() == {
        "actor_username": "lao.chair",
        "actor_role": "chair_secretariat",
        "actor_party": "",
        "series_id": amm_57.pk,
        "action": "circular.create",
        "object_type": "delegations.circular",
        "object_id": str(circular.pk),
        "object_repr": "AMM-57/ASEAN/02 Draft Joint Communiqué, ASEAN only",
        "before": None,
        "after": {
            "reference": "AMM-57/ASEAN/02",
            "title_en": "Draft Joint Communiqué, ASEAN only",
            "classification": "restricted",
            "restricted_to": asean.pk,
            "confidential_to": [],
        },
        "request_id": request_id,
    }


def test_circular_create_confidential_keeps_parties_drops_framework(chair_secretariat: SeriesViewer) -> None:
    circular = circular_issue(
        actor=chair_secretariat,
        reference="AMM-57/CONF/02",
        classification="confidential",
        restricted_to_code="ASEAN",
        confidential_to_codes=("VN", "JP"),
    )

    assert (circular.restricted_to, sorted(circular.confidential_to.values_list("code", flat=True))) == (
        None,
        ["JP", "VN"],
    )
    assert last_audit()["after"]["confidential_to"] == sorted(
        Party.objects.filter(code__in=["VN", "JP"]).values_list("pk", flat=True)
    )


@pytest.mark.parametrize(
    ("classification", "field", "message"),
    [
        ("restricted", "restricted_to", "a restricted object needs the framework it is restricted to."),
        ("confidential", "confidential_to", "a confidential object needs at least one party."),
        ("secret", "classification", "'secret' is not one of public, restricted, confidential."),
    ],
)
def test_circular_create_incomplete_classification_refused(
    chair_secretariat: SeriesViewer, classification: str, field: str, message: str
) -> None:
    with pytest.raises(ValidationFailed) as error:
        circular_issue(actor=chair_secretariat, reference="AMM-57/X/01", classification=classification)

    assert _raised(error) == ("ValidationFailed", field, "circular 'AMM-57/X/01'", message)
    assert Circular.objects.filter(reference="AMM-57/X/01").count() == 0


def test_circular_create_reference_used_refused(chair_secretariat: SeriesViewer) -> None:
    with pytest.raises(ValidationFailed) as error:
        circular_issue(actor=chair_secretariat, reference="AMM-57/LOG/01", classification="public")

    assert (error.value.field, error.value.message) == ("reference", "AMM-57/LOG/01 is already used in amm-57.")
    assert Circular.objects.count() == 3


def test_circular_create_empty_title_refused(amm_57: Series, chair_secretariat: SeriesViewer) -> None:
    with pytest.raises(ValidationFailed) as error:
        circular_create(
            actor=chair_secretariat,
            series=amm_57,
            reference="AMM-57/LOG/02",
            title_en="  ",
            body_en="Text.",
            classification="public",
        )

    assert (error.value.field, error.value.message) == ("title_en", "is empty.")


@pytest.mark.parametrize("persona", ["asean_secretariat", "member_focal_point", "partner_delegate"])
def test_circular_create_by_anyone_but_the_chair_refused(
    persona: str, persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    actor = persona_viewer(persona)

    with pytest.raises(PermissionDenied) as error:
        circular_issue(actor=actor, reference="AMM-57/LOG/02", classification="public")

    assert error.value.message == "only the chair secretariat issues circulars."
    assert Circular.objects.count() == 3
