"""/api/v1/ access: tokens, sessions and CSRF; /me; delegations, participants and accreditation; circulars
filtered for the viewer; the audit log; attendance additions. Personas are the AMM-57 demo accounts:
lao.chair (chair secretariat), vn.focal (Viet Nam's focal point), jp.delegate (Japan, a dialogue
partner), tl.observer (Timor-Leste, an ASEAN observer in 2024) and the anonymous public."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mufakat.accounts.models import ApiToken, AuditEvent, User
from mufakat.accounts.rules import viewer_for
from mufakat.accounts.services import api_token_create
from mufakat.delegations.models import Circular, Delegation, Participant
from mufakat.delegations.services import circular_create, participant_create
from mufakat.demo.delegations import DemoLogin
from mufakat.meetings.models import AttendanceAddition, Meeting, Series
from mufakat.reference.models import Party
from tests.api.calls import NEEDS_SIGN_IN, call, client_for

SERIES = "/api/v1/series/amm-57"
NEW_PARTICIPANT = {
    "name_en": "Tran Van Nam (illustrative)",
    "name_vi": "Trần Văn Nam (minh họa)",
    "title_en": "Second Secretary, ASEAN Department",
    "rank": "officer",
    "role": "adviser",
    "email": "nam@example.org",
}
FORGED = {
    "detail": "is not a token issued by this server (unknown or forged).",
    "field": "Authorization",
    "record": None,
}
CSRF_FAILED = {
    "detail": "the CSRF check failed: a browser session must send the csrftoken cookie's value in the "
    "X-CSRFToken header; scripts should use an API token (Authorization: Bearer …) instead.",
    "field": "X-CSRFToken",
    "record": None,
}

pytestmark = pytest.mark.usefixtures("api_access_demo")


def _token(username: str) -> str:
    return api_token_create(user=User.objects.get(username=username), name="tests").plaintext


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _participant(name_en: str) -> Participant:
    return Participant.objects.select_related("delegation__party").get(name_en=name_en)


def _vn_participants() -> list[tuple[str, str, int]]:
    return list(
        Participant.objects.filter(delegation__party__code="VN")
        .order_by("name_en")
        .values_list("name_en", "accreditation", "version")
    )


VN_BEFORE = [
    ("Bui Thanh Son", "accredited", 2),
    ("Do Hung Viet", "accredited", 2),
    ("Nguyen Minh Anh (illustrative)", "submitted", 1),
]


# Authentication ---------------------------------------------------------------------------------


def test_me_anonymous_is_401_saying_how_to_sign_in() -> None:
    response = Client().get("/api/v1/me")

    assert (response.status_code, response["WWW-Authenticate"]) == (401, 'Bearer realm="mufakat"')
    assert response.json() == NEEDS_SIGN_IN


def test_me_with_session_lists_roles_of_vn_focal() -> None:
    body = call(client_for("vn.focal"), "get", "/api/v1/me")

    assert body == {
        "username": "vn.focal",
        "full_name": "Nguyễn Thị Lan",
        "roles": [{"series": "amm-57", "role": "focal_point", "party": "VN"}],
    }


def test_me_with_token_lists_roles_of_lao_chair() -> None:
    body = call(Client(), "get", "/api/v1/me", headers=_bearer(_token("lao.chair")))

    assert body == {
        "username": "lao.chair",
        "full_name": "Chair Secretariat",
        "roles": [{"series": "amm-57", "role": "chair_secretariat", "party": None}],
    }


def test_forged_token_is_401_even_on_a_public_endpoint() -> None:
    prefix = _token("vn.focal").split("_")[1]
    forged = _bearer(f"mfk_{prefix}_{'x' * 43}")

    assert call(Client(), "get", "/api/v1/me", status=401, headers=forged) == FORGED
    assert call(Client(), "get", f"{SERIES}/circulars", status=401, headers=forged) == FORGED
    assert call(Client(), "get", "/api/v1/parties", status=401, headers=_bearer("mfk_00000000_abc")) == FORGED


def test_token_of_another_shape_or_scheme_is_401() -> None:
    not_ours = call(Client(), "get", "/api/v1/me", status=401, headers=_bearer("ghp_abcdef"))
    basic = call(Client(), "get", "/api/v1/series", status=401, headers={"Authorization": "Basic dm4uZm9jYWw6eA=="})

    assert not_ours == {
        "detail": "is not a mufakat API token; tokens look like mfk_<prefix>_<secret>.",
        "field": "Authorization",
        "record": None,
    }
    assert basic == {
        "detail": "must be 'Bearer' followed by a personal API token (mfk_<prefix>_<secret>).",
        "field": "Authorization",
        "record": None,
    }


def test_revoked_token_is_401_naming_the_revocation() -> None:
    token = _token("vn.focal")
    token_id = ApiToken.objects.get(prefix=token.split("_")[1]).pk
    assert call(Client(), "get", "/api/v1/me", headers=_bearer(token))["username"] == "vn.focal"

    response = client_for("vn.focal").delete(f"/api/v1/me/tokens/{token_id}")
    body = call(Client(), "get", "/api/v1/me", status=401, headers=_bearer(token))

    revoked_at = ApiToken.objects.get(pk=token_id).revoked_at
    assert revoked_at is not None
    assert (response.status_code, response.content) == (204, b"")
    assert body == {
        "detail": f"was revoked at {revoked_at:%Y-%m-%d %H:%M} UTC; create a new token.",
        "field": "Authorization",
        "record": None,
    }


def test_expired_token_is_401_naming_the_expiry() -> None:
    token = _token("jp.delegate")
    ApiToken.objects.filter(prefix=token.split("_")[1]).update(expires_at=datetime(2024, 7, 1, tzinfo=UTC))

    body = call(Client(), "get", f"{SERIES}/circulars", status=401, headers=_bearer(token))

    assert body == {
        "detail": "expired at 2024-07-01 00:00 UTC; create a new token.",
        "field": "Authorization",
        "record": None,
    }


def test_token_post_needs_no_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)

    body = call(
        client,
        "post",
        f"{SERIES}/delegations/VN/participants",
        NEW_PARTICIPANT,
        status=201,
        headers=_bearer(_token("vn.focal")),
    )

    assert (body["name_en"], body["party"], body["accreditation"], body["version"]) == (
        "Tran Van Nam (illustrative)",
        "VN",
        "submitted",
        1,
    )


def test_session_post_without_csrf_token_is_403_and_saves_nothing() -> None:
    client = client_for("vn.focal", enforce_csrf_checks=True)

    body = call(client, "post", f"{SERIES}/delegations/VN/participants", NEW_PARTICIPANT, status=403)

    assert body == CSRF_FAILED
    assert _vn_participants() == VN_BEFORE


def test_session_post_with_csrf_token_is_accepted() -> None:
    client = client_for("vn.focal", enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32

    body = call(
        client,
        "post",
        f"{SERIES}/delegations/VN/participants",
        NEW_PARTICIPANT,
        status=201,
        headers={"X-CSRFToken": "a" * 32},
    )

    assert body["name_en"] == "Tran Van Nam (illustrative)"


def test_session_get_needs_no_csrf_token() -> None:
    body = call(client_for("vn.focal", enforce_csrf_checks=True), "get", "/api/v1/me")

    assert body["username"] == "vn.focal"


def test_anonymous_post_is_401_not_a_csrf_403() -> None:
    body = call(
        Client(enforce_csrf_checks=True), "post", f"{SERIES}/delegations/VN/participants", NEW_PARTICIPANT, status=401
    )

    assert body == NEEDS_SIGN_IN
    assert _vn_participants() == VN_BEFORE


# Tokens -----------------------------------------------------------------------------------------


def test_token_create_shows_the_token_once_and_it_works() -> None:
    client = client_for("vn.focal")

    created = call(client, "post", "/api/v1/me/tokens", {"name": "delegation sync", "expires_in_days": 30}, status=201)
    listed = call(client, "get", "/api/v1/me/tokens")
    me = call(Client(), "get", "/api/v1/me", headers=_bearer(created["token"]))

    stored = ApiToken.objects.get(pk=created["id"])
    assert created["token"].startswith(f"mfk_{stored.prefix}_")
    assert (created["name"], created["prefix"], created["active"], created["revoked_at"]) == (
        "delegation sync",
        stored.prefix,
        True,
        None,
    )
    assert stored.expires_at is not None
    assert round((stored.expires_at - stored.created_at).total_seconds() / 86400) == 30
    assert [(t["id"], t["name"], t["active"]) for t in listed] == [(created["id"], "delegation sync", True)]
    assert "token" not in listed[0]
    assert me["username"] == "vn.focal"


def test_token_create_with_a_token_is_403() -> None:
    body = call(
        Client(), "post", "/api/v1/me/tokens", {"name": "more"}, status=403, headers=_bearer(_token("vn.focal"))
    )

    assert body == {
        "detail": "API tokens are created from a signed-in browser session, not with another token.",
        "field": "Authorization",
        "record": None,
    }
    assert ApiToken.objects.filter(user__username="vn.focal").count() == 1


def test_token_create_with_empty_name_is_400() -> None:
    body = call(client_for("vn.focal"), "post", "/api/v1/me/tokens", {"name": "  "}, status=400)

    assert body == {
        "detail": "give the token a name, e.g. the script that will use it.",
        "field": "name",
        "record": None,
    }


def test_token_revoke_of_someone_elses_token_is_404() -> None:
    token = _token("lao.chair")
    token_id = ApiToken.objects.get(prefix=token.split("_")[1]).pk

    body = call(client_for("jp.delegate"), "delete", f"/api/v1/me/tokens/{token_id}", status=404)

    assert body == {"detail": f"you have no token with id {token_id}.", "field": "token_id", "record": None}
    assert call(Client(), "get", "/api/v1/me", headers=_bearer(token))["username"] == "lao.chair"


def test_token_list_anonymous_is_401() -> None:
    assert call(Client(), "get", "/api/v1/me/tokens", status=401) == NEEDS_SIGN_IN


# Delegations ------------------------------------------------------------------------------------


def test_delegations_public_list_hides_counts() -> None:
    body = call(Client(), "get", f"{SERIES}/delegations")

    assert len(body) == 28
    assert body[-1] == {
        "party": {"code": "VN", "kind": "state", "name_en": "Viet Nam", "name_vi": "Việt Nam"},
        "quota": None,
        "registered": None,
        "accredited": None,
        "pending": None,
        "version": 1,
    }
    assert {(d["quota"], d["registered"], d["accredited"], d["pending"]) for d in body} == {(None, None, None, None)}


def test_delegations_list_for_the_chair_has_counts() -> None:
    body = call(client_for("lao.chair"), "get", f"{SERIES}/delegations")

    counts = {d["party"]["code"]: (d["quota"], d["registered"], d["accredited"], d["pending"]) for d in body}
    assert {code: counts[code] for code in ["JP", "LA", "TL", "VN", "US"]} == {
        "JP": (10, 4, 4, 0),
        "LA": (10, 4, 4, 0),
        "TL": (10, 3, 3, 0),
        "VN": (10, 3, 2, 1),
        "US": (10, 4, 4, 0),
    }


def test_delegations_list_for_vn_focal_hides_counts() -> None:
    body = call(client_for("vn.focal"), "get", f"{SERIES}/delegations")

    assert [d["quota"] for d in body if d["party"]["code"] == "VN"] == [None]


def test_delegations_list_query_count_is_constant() -> None:
    client = client_for("lao.chair")
    with CaptureQueriesContext(connection) as before:
        call(client, "get", f"{SERIES}/delegations")
    participant_create(
        actor=viewer_for(User.objects.get(username="lao.chair"), Series.objects.get(code="amm-57")),
        delegation_id=Delegation.objects.get(party__code="US").pk,
        name_en="Kurt M. Campbell (illustrative)",
        rank="deputy_minister",
        role="alternate",
    )
    with CaptureQueriesContext(connection) as after:
        body = call(client, "get", f"{SERIES}/delegations")

    assert [d["registered"] for d in body if d["party"]["code"] == "US"] == [5]
    assert len(after.captured_queries) == len(before.captured_queries)


def test_delegation_create_by_the_chair_after_an_attendance_addition() -> None:
    chair = client_for("lao.chair")
    amm = Meeting.objects.get(body__code="AMM", series__code="amm-57")
    call(
        chair,
        "post",
        f"/api/v1/meetings/{amm.pk}/attendance-additions",
        {"party": "NO", "kind": "guest", "note": "Guest of the Chair"},
        status=201,
    )

    body = call(chair, "post", f"{SERIES}/delegations", {"party": "no", "quota": 4}, status=201)

    assert body == {
        "party": {"code": "NO", "kind": "state", "name_en": "Norway", "name_vi": "Na Uy"},
        "quota": 4,
        "registered": 0,
        "accredited": 0,
        "pending": 0,
        "version": 1,
    }
    event = AuditEvent.objects.filter(action="delegation.create").order_by("-pk").first()
    assert event is not None
    assert (event.actor_username, event.actor_role, event.object_repr, event.after) == (
        "lao.chair",
        "chair_secretariat",
        "Norway delegation",
        {"party": Delegation.objects.get(party__code="NO").party_id, "quota": 4},
    )


def test_delegation_create_by_vn_focal_is_403() -> None:
    body = call(client_for("vn.focal"), "post", f"{SERIES}/delegations", {"party": "NO", "quota": 4}, status=403)

    assert body == {"detail": "only the chair secretariat registers delegations.", "field": None, "record": None}
    assert Delegation.objects.filter(party__code="NO").exists() is False


def test_delegation_create_anonymous_is_401() -> None:
    assert call(Client(), "post", f"{SERIES}/delegations", {"party": "NO"}, status=401) == NEEDS_SIGN_IN


def test_delegation_create_unknown_party_is_400_naming_party() -> None:
    body = call(client_for("lao.chair"), "post", f"{SERIES}/delegations", {"party": "XX"}, status=400)

    assert body == {"detail": "no party with code 'XX'; see /api/v1/parties.", "field": "party", "record": None}


def test_delegation_create_for_a_party_not_attending_is_400() -> None:
    body = call(client_for("lao.chair"), "post", f"{SERIES}/delegations", {"party": "NO"}, status=400)

    assert body == {
        "detail": "Norway attends no meeting of amm-57; add it to a meeting first (attendance addition).",
        "field": "party",
        "record": "delegation of NO",
    }
    assert Delegation.objects.filter(party__code="NO").exists() is False


def test_delegation_quota_set_by_the_chair_then_stale_version_is_409_with_current() -> None:
    chair = client_for("lao.chair")

    changed = call(chair, "patch", f"{SERIES}/delegations/VN", {"quota": 5, "version": 1})
    stale = call(chair, "patch", f"{SERIES}/delegations/VN", {"quota": 7, "version": 1}, status=409)

    assert (changed["quota"], changed["registered"], changed["version"]) == (5, 3, 2)
    assert stale == {
        "detail": "was changed by someone else (now version 2, you edited version 1); "
        "reload to see the current state and apply your change again.",
        "field": "version",
        "record": "delegation of VN",
        "current": changed,
    }
    assert Delegation.objects.filter(party__code="VN").values_list("quota", "version").get() == (5, 2)


def test_delegation_quota_below_registered_is_400_naming_quota() -> None:
    body = call(client_for("lao.chair"), "patch", f"{SERIES}/delegations/VN", {"quota": 2, "version": 1}, status=400)

    assert body == {
        "detail": "2 is below the 3 participants already registered; withdraw some first.",
        "field": "quota",
        "record": "delegation of VN",
    }


def test_delegation_quota_by_vn_focal_is_403() -> None:
    body = call(client_for("vn.focal"), "patch", f"{SERIES}/delegations/VN", {"quota": 20, "version": 1}, status=403)

    assert body == {"detail": "only the chair secretariat sets quotas.", "field": None, "record": None}
    assert Delegation.objects.filter(party__code="VN").values_list("quota", "version").get() == (10, 1)


# Participants -----------------------------------------------------------------------------------


def test_participants_of_vn_for_vn_focal_in_protocol_order() -> None:
    body = call(client_for("vn.focal"), "get", f"{SERIES}/delegations/VN/participants")

    assert [(p["name_en"], p["role"], p["accreditation"]) for p in body] == [
        ("Bui Thanh Son", "head", "accredited"),
        ("Do Hung Viet", "som_leader", "accredited"),
        ("Nguyen Minh Anh (illustrative)", "member", "submitted"),
    ]
    assert {key: body[1][key] for key in ["name_vi", "title_vi", "rank", "party", "version"]} == {
        "name_vi": "Đỗ Hùng Việt",
        "title_vi": "Thứ trưởng Bộ Ngoại giao, Trưởng SOM ASEAN Việt Nam",
        "rank": "deputy_minister",
        "party": "VN",
        "version": 2,
    }


def test_participants_of_vn_for_jp_delegate_is_403_and_anonymous_401() -> None:
    denied = call(client_for("jp.delegate"), "get", f"{SERIES}/delegations/VN/participants", status=403)
    anonymous = call(Client(), "get", f"{SERIES}/delegations/VN/participants", status=401)

    assert denied == {
        "detail": "the participants of the Viet Nam delegation are visible to that delegation "
        "and the secretariats only.",
        "field": None,
        "record": None,
    }
    assert anonymous == NEEDS_SIGN_IN


def test_participants_for_the_chair_of_any_delegation() -> None:
    body = call(client_for("lao.chair"), "get", f"{SERIES}/delegations/JP/participants")

    assert [(p["name_en"], p["accreditation"]) for p in body] == [
        ("KAMIKAWA Yoko", "accredited"),
        ("SUZUKI Kenji (illustrative)", "accredited"),
        ("SATO Haruto (illustrative)", "accredited"),
        ("TANAKA Aiko (illustrative)", "accredited"),
    ]


def test_participant_create_by_vn_focal_is_pending_and_audited() -> None:
    body = call(client_for("vn.focal"), "post", f"{SERIES}/delegations/VN/participants", NEW_PARTICIPANT, status=201)

    assert {key: value for key, value in body.items() if key not in {"id", "created_at"}} == {
        "party": "VN",
        "name_en": "Tran Van Nam (illustrative)",
        "name_vi": "Trần Văn Nam (minh họa)",
        "title_en": "Second Secretary, ASEAN Department",
        "title_vi": "",
        "rank": "officer",
        "role": "adviser",
        "email": "nam@example.org",
        "phone": "",
        "accreditation": "submitted",
        "returned_reason": "",
        "version": 1,
    }
    event = AuditEvent.objects.filter(action="participant.create", object_id=str(body["id"])).get()
    assert (event.actor_username, event.actor_role, event.actor_party, event.series_id) == (
        "vn.focal",
        "focal_point",
        "VN",
        Series.objects.get(code="amm-57").pk,
    )
    assert len(event.request_id) == 32


def test_participant_create_over_quota_is_400_naming_quota_and_saves_nothing() -> None:
    Delegation.objects.filter(party__code="VN").update(quota=3)
    audit_before = AuditEvent.objects.count()

    body = call(client_for("vn.focal"), "post", f"{SERIES}/delegations/VN/participants", NEW_PARTICIPANT, status=400)

    assert body == {
        "detail": "the delegation has used its quota of 3 participants; ask the chair secretariat for more "
        "or withdraw someone.",
        "field": "quota",
        "record": "participant of the VN delegation",
    }
    assert _vn_participants() == VN_BEFORE
    assert AuditEvent.objects.count() == audit_before


def test_participant_create_duplicate_is_400_naming_name() -> None:
    duplicate = {"name_en": "do hung viet", "rank": "deputy_minister", "role": "alternate"}

    body = call(client_for("vn.focal"), "post", f"{SERIES}/delegations/VN/participants", duplicate, status=400)

    assert body == {
        "detail": "do hung viet is already registered in this delegation.",
        "field": "name_en",
        "record": "participant of the VN delegation",
    }
    assert _vn_participants() == VN_BEFORE


def test_participant_create_for_a_party_without_delegation_is_404_naming_party() -> None:
    chair = client_for("lao.chair")

    no_delegation = call(chair, "post", f"{SERIES}/delegations/NO/participants", NEW_PARTICIPANT, status=404)
    unknown = call(chair, "post", f"{SERIES}/delegations/XX/participants", NEW_PARTICIPANT, status=404)

    assert no_delegation == {"detail": "amm-57 has no delegation of 'NO'.", "field": "party", "record": None}
    assert unknown == {"detail": "amm-57 has no delegation of 'XX'.", "field": "party", "record": None}
    assert Participant.objects.filter(name_en=NEW_PARTICIPANT["name_en"]).exists() is False


def test_participant_create_by_vn_focal_for_japan_is_403() -> None:
    body = call(client_for("vn.focal"), "post", f"{SERIES}/delegations/JP/participants", NEW_PARTICIPANT, status=403)

    assert body == {
        "detail": "you may register participants only for your own delegation, not Japan's.",
        "field": None,
        "record": None,
    }


def test_participant_create_with_unknown_rank_is_422() -> None:
    response = client_for("vn.focal").post(
        f"{SERIES}/delegations/VN/participants",
        data=json.dumps({**NEW_PARTICIPANT, "rank": "emperor"}),
        content_type="application/json",
    )

    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["body", "data", "rank"]]


def test_participant_detail_visible_to_own_delegation_404_to_others() -> None:
    pid = _participant("Do Hung Viet").pk

    own = call(client_for("vn.focal"), "get", f"{SERIES}/participants/{pid}")
    partner = call(client_for("jp.delegate"), "get", f"{SERIES}/participants/{pid}", status=404)
    observer = call(client_for("tl.observer"), "get", f"{SERIES}/participants/{pid}", status=404)
    anonymous = call(Client(), "get", f"{SERIES}/participants/{pid}", status=401)

    assert (own["id"], own["name_en"], own["party"]) == (pid, "Do Hung Viet", "VN")
    assert (
        partner == observer == {"detail": f"no participant with id {pid}.", "field": "participant_id", "record": None}
    )
    assert anonymous == NEEDS_SIGN_IN


def test_participant_patch_sends_an_accredited_participant_back_then_stale_is_409() -> None:
    pid = _participant("Do Hung Viet").pk
    client = client_for("vn.focal")

    changed = call(
        client, "patch", f"{SERIES}/participants/{pid}", {"version": 2, "phone": "+84 24 3799 3000", "name_vi": None}
    )
    stale = call(client, "patch", f"{SERIES}/participants/{pid}", {"version": 2, "phone": "+84 1"}, status=409)

    assert (changed["phone"], changed["name_vi"], changed["accreditation"], changed["version"]) == (
        "+84 24 3799 3000",
        "Đỗ Hùng Việt",
        "submitted",
        3,
    )
    assert stale == {
        "detail": "was changed by someone else (now version 3, you edited version 2); "
        "reload to see the current state and apply your change again.",
        "field": "version",
        "record": "participant Do Hung Viet",
        "current": changed,
    }


def test_participant_patch_by_jp_delegate_is_404_and_changes_nothing() -> None:
    pid = _participant("Do Hung Viet").pk

    body = call(
        client_for("jp.delegate"), "patch", f"{SERIES}/participants/{pid}", {"version": 2, "phone": "1"}, status=404
    )

    assert body["field"] == "participant_id"
    assert _vn_participants() == VN_BEFORE


def test_participant_withdraw_by_vn_focal() -> None:
    pid = _participant("Nguyen Minh Anh (illustrative)").pk

    body = call(client_for("vn.focal"), "post", f"{SERIES}/participants/{pid}/withdraw", {"version": 1})
    listed = call(client_for("vn.focal"), "get", f"{SERIES}/delegations/VN/participants?include_withdrawn=true")

    assert (body["accreditation"], body["version"]) == ("withdrawn", 2)
    assert [(p["name_en"], p["accreditation"]) for p in listed][-1] == ("Nguyen Minh Anh (illustrative)", "withdrawn")


def test_accreditation_by_vn_focal_is_403_and_changes_nothing() -> None:
    pid = _participant("Nguyen Minh Anh (illustrative)").pk

    body = call(
        client_for("vn.focal"),
        "post",
        f"{SERIES}/participants/{pid}/accreditation",
        {"version": 1, "decision": "accredit"},
        status=403,
    )

    assert body == {"detail": "only the chair secretariat decides on accreditation.", "field": None, "record": None}
    assert _vn_participants() == VN_BEFORE


def test_accreditation_by_the_chair_accredits_and_audits() -> None:
    pid = _participant("Nguyen Minh Anh (illustrative)").pk

    body = call(
        client_for("lao.chair"),
        "post",
        f"{SERIES}/participants/{pid}/accreditation",
        {"version": 1, "decision": "accredit"},
    )

    assert (body["accreditation"], body["version"]) == ("accredited", 2)
    event = AuditEvent.objects.filter(action="participant.accredit", object_id=str(pid)).get()
    assert (event.actor_username, event.before["accreditation"], event.after["accreditation"]) == (
        "lao.chair",
        "submitted",
        "accredited",
    )


def test_accreditation_return_needs_a_reason() -> None:
    pid = _participant("Nguyen Minh Anh (illustrative)").pk
    chair = client_for("lao.chair")
    url = f"{SERIES}/participants/{pid}/accreditation"

    missing = call(chair, "post", url, {"version": 1, "decision": "return", "reason": " "}, status=400)
    returned = call(chair, "post", url, {"version": 1, "decision": "return", "reason": "Passport copy unreadable."})

    assert missing == {
        "detail": "say why the participant is returned, so the focal point can fix it.",
        "field": "reason",
        "record": "participant Nguyen Minh Anh (illustrative)",
    }
    assert (returned["accreditation"], returned["returned_reason"], returned["version"]) == (
        "returned",
        "Passport copy unreadable.",
        2,
    )


def test_accreditation_with_stale_version_is_409_with_current() -> None:
    pid = _participant("Do Hung Viet").pk

    body = call(
        client_for("lao.chair"),
        "post",
        f"{SERIES}/participants/{pid}/accreditation",
        {"version": 1, "decision": "accredit"},
        status=409,
    )

    assert (body["field"], body["current"]["version"], body["current"]["accreditation"]) == ("version", 2, "accredited")


def test_accreditation_queue_for_the_chair_and_refused_to_vn_focal() -> None:
    queue = call(client_for("lao.chair"), "get", f"{SERIES}/accreditation-queue")
    denied = call(client_for("vn.focal"), "get", f"{SERIES}/accreditation-queue", status=403)

    assert [(p["name_en"], p["party"]) for p in queue] == [("Nguyen Minh Anh (illustrative)", "VN")]
    assert denied == {"detail": "the accreditation queue is for the secretariats.", "field": None, "record": None}


# Circulars --------------------------------------------------------------------------------------


def _references(body: dict[str, Any]) -> tuple[int, list[str]]:
    return body["count"], [c["reference"] for c in body["items"]]


def test_circulars_filtered_for_each_persona() -> None:
    seen = {
        "anonymous": _references(call(Client(), "get", f"{SERIES}/circulars")),
        "lao.chair": _references(call(client_for("lao.chair"), "get", f"{SERIES}/circulars")),
        "vn.focal": _references(call(client_for("vn.focal"), "get", f"{SERIES}/circulars")),
        "jp.delegate": _references(call(client_for("jp.delegate"), "get", f"{SERIES}/circulars")),
        "tl.observer": _references(call(client_for("tl.observer"), "get", f"{SERIES}/circulars")),
    }

    assert seen == {
        "anonymous": (1, ["AMM-57/LOG/01"]),
        "lao.chair": (3, ["AMM-57/CONF/01", "AMM-57/ASEAN/01", "AMM-57/LOG/01"]),
        "vn.focal": (3, ["AMM-57/CONF/01", "AMM-57/ASEAN/01", "AMM-57/LOG/01"]),
        "jp.delegate": (1, ["AMM-57/LOG/01"]),
        "tl.observer": (1, ["AMM-57/LOG/01"]),
    }


def test_jp_delegate_never_sees_the_asean_restricted_circular() -> None:
    asean_only = Circular.objects.get(reference="AMM-57/ASEAN/01")
    session = client_for("jp.delegate")
    token = _bearer(_token("jp.delegate"))

    listed = call(session, "get", f"{SERIES}/circulars?limit=100")
    listed_with_token = call(Client(), "get", f"{SERIES}/circulars?limit=100", headers=token)
    detail = call(session, "get", f"{SERIES}/circulars/{asean_only.pk}", status=404)
    detail_with_token = call(Client(), "get", f"{SERIES}/circulars/{asean_only.pk}", status=404, headers=token)

    assert _references(listed) == _references(listed_with_token) == (1, ["AMM-57/LOG/01"])
    assert (
        detail
        == detail_with_token
        == {
            "detail": f"no circular with id {asean_only.pk} in amm-57.",
            "field": "circular_id",
            "record": None,
        }
    )


def test_circular_detail_for_vn_focal() -> None:
    circular = Circular.objects.get(reference="AMM-57/CONF/01")

    body = call(client_for("vn.focal"), "get", f"{SERIES}/circulars/{circular.pk}")

    assert {key: value for key, value in body.items() if key != "issued_at"} == {
        "id": circular.pk,
        "reference": "AMM-57/CONF/01",
        "title_en": "Arrangements for the courtesy call on the Prime Minister",
        "title_vi": "Bố trí chào xã giao Thủ tướng",
        "body_en": "For the delegations of Viet Nam and the Lao PDR only.",
        "body_vi": "Chỉ dành cho đoàn Việt Nam và đoàn Lào.",
        "classification": "confidential",
        "restricted_to": None,
        "confidential_to": ["LA", "VN"],
    }


def test_circulars_list_query_count_is_constant() -> None:
    client = client_for("vn.focal")
    with CaptureQueriesContext(connection) as before:
        call(client, "get", f"{SERIES}/circulars")
    chair = viewer_for(User.objects.get(username="lao.chair"), Series.objects.get(code="amm-57"))
    for number in range(2, 7):
        circular_create(
            actor=chair,
            series=Series.objects.get(code="amm-57"),
            reference=f"AMM-57/CONF/0{number}",
            title_en="Bilateral room allocation",
            body_en="Rooms B1-B4.",
            classification="confidential",
            confidential_to=list(Party.objects.filter(code__in=["VN", "TH"])),
        )
    with CaptureQueriesContext(connection) as after:
        body = call(client, "get", f"{SERIES}/circulars")

    assert body["count"] == 8
    assert len(after.captured_queries) == len(before.captured_queries)


def test_circular_create_by_the_chair_restricted_to_asean() -> None:
    body = call(
        client_for("lao.chair"),
        "post",
        f"{SERIES}/circulars",
        {
            "reference": "AMM-57/ASEAN/02",
            "title_en": "Draft Joint Communiqué, revision 3",
            "body_en": "For ASEAN Member States only.",
            "classification": "restricted",
            "restricted_to": "asean",
        },
        status=201,
    )

    assert (body["reference"], body["classification"], body["restricted_to"], body["confidential_to"]) == (
        "AMM-57/ASEAN/02",
        "restricted",
        "ASEAN",
        [],
    )
    assert _references(call(client_for("jp.delegate"), "get", f"{SERIES}/circulars")) == (1, ["AMM-57/LOG/01"])
    assert _references(call(client_for("vn.focal"), "get", f"{SERIES}/circulars"))[0] == 4


def test_circular_create_with_unknown_codes_is_400_naming_the_field() -> None:
    chair = client_for("lao.chair")
    base = {"reference": "AMM-57/X/01", "title_en": "X", "body_en": "X"}

    framework = call(
        chair,
        "post",
        f"{SERIES}/circulars",
        {**base, "classification": "restricted", "restricted_to": "NATO"},
        status=400,
    )
    parties = call(
        chair,
        "post",
        f"{SERIES}/circulars",
        {**base, "classification": "confidential", "confidential_to": ["VN", "QQ", "ZZ"]},
        status=400,
    )
    missing = call(chair, "post", f"{SERIES}/circulars", {**base, "classification": "restricted"}, status=400)

    assert framework == {
        "detail": "no framework with code 'NATO'; see /api/v1/frameworks.",
        "field": "restricted_to",
        "record": None,
    }
    assert parties == {
        "detail": "no party with code QQ, ZZ; see /api/v1/parties.",
        "field": "confidential_to",
        "record": None,
    }
    assert missing == {
        "detail": "a restricted object needs the framework it is restricted to.",
        "field": "restricted_to",
        "record": "circular 'AMM-57/X/01'",
    }
    assert Circular.objects.filter(reference="AMM-57/X/01").exists() is False


def test_circular_create_by_vn_focal_is_403() -> None:
    body = call(
        client_for("vn.focal"),
        "post",
        f"{SERIES}/circulars",
        {"reference": "AMM-57/VN/01", "title_en": "X", "body_en": "X", "classification": "public"},
        status=403,
    )

    assert body == {"detail": "only the chair secretariat issues circulars.", "field": None, "record": None}


# Audit log --------------------------------------------------------------------------------------


def test_audit_log_for_the_chair_shows_an_api_change() -> None:
    chair = client_for("lao.chair")
    call(chair, "patch", f"{SERIES}/delegations/VN", {"quota": 6, "version": 1}, headers={"X-Request-ID": "req-0001"})

    body = call(chair, "get", f"{SERIES}/audit?limit=2")

    assert body["count"] == AuditEvent.objects.filter(series__code="amm-57").count()
    entry = body["items"][0]
    assert {key: value for key, value in entry.items() if key != "at"} == {
        "actor": "lao.chair",
        "actor_role": "chair_secretariat",
        "actor_party": "",
        "action": "delegation.set_quota",
        "object_type": "delegations.delegation",
        "object_id": str(Delegation.objects.get(party__code="VN").pk),
        "object_repr": "Viet Nam delegation",
        "object_label": "Delegation: Viet Nam",
        "object_url": "/series/amm-57/delegations/VN/",
        "actor_name": "Chair Secretariat",
        "actor_party_names": "",
        "withheld": False,
        "changes": [
            {"field": "quota", "label": "Quota", "before": "10", "after": "6"},
            {"field": "version", "label": "Version", "before": "1", "after": "2"},
        ],
        "before": {"quota": 10, "version": 1},
        "after": {"quota": 6, "version": 2},
        "request_id": "req-0001",
    }


def test_audit_log_refused_to_vn_focal_and_anonymous() -> None:
    denied = call(client_for("vn.focal"), "get", f"{SERIES}/audit", status=403)
    anonymous = call(Client(), "get", f"{SERIES}/audit", status=401)

    assert denied == {
        "detail": "the audit log of a series is for its chair secretariat.",
        "field": None,
        "record": None,
    }
    assert anonymous == NEEDS_SIGN_IN


def test_audit_log_query_count_is_constant() -> None:
    """Names are looked up once per kind of object on the page: 5 delegations or 25 cost the same."""
    chair = client_for("lao.chair")
    with CaptureQueriesContext(connection) as before:
        call(chair, "get", f"{SERIES}/audit?limit=5&object_type=delegations.delegation")
    with CaptureQueriesContext(connection) as after:
        body = call(chair, "get", f"{SERIES}/audit?limit=25&object_type=delegations.delegation")

    assert len(body["items"]) == 25
    assert len(after.captured_queries) == len(before.captured_queries)


# Attendance additions ---------------------------------------------------------------------------


def test_attendance_addition_of_a_guest_by_the_chair_is_listed_in_the_meeting() -> None:
    amm = Meeting.objects.get(body__code="AMM", series__code="amm-57")
    before = call(Client(), "get", f"/api/v1/meetings/{amm.pk}")["attending_count"]

    body = call(
        client_for("lao.chair"),
        "post",
        f"/api/v1/meetings/{amm.pk}/attendance-additions",
        {"party": "no", "kind": "guest", "note": "Guest of the Chair"},
        status=201,
    )
    meeting = call(Client(), "get", f"/api/v1/meetings/{amm.pk}")

    addition = AttendanceAddition.objects.get(meeting=amm, party__code="NO")
    assert body == {
        "id": addition.pk,
        "meeting_id": amm.pk,
        "party": {"code": "NO", "kind": "state", "name_en": "Norway", "name_vi": "Na Uy"},
        "kind": "guest",
        "note": "Guest of the Chair",
    }
    assert (before, meeting["attending_count"], len(meeting["attending"])) == (11, 12, 12)
    assert [(m["party"]["code"], m["role"], m["via"]) for m in meeting["attending"] if m["via"] == "addition"] == [
        ("NO", "guest", "addition")
    ]


def test_attendance_addition_twice_is_400_and_by_vn_focal_403() -> None:
    amm = Meeting.objects.get(body__code="AMM", series__code="amm-57")
    url = f"/api/v1/meetings/{amm.pk}/attendance-additions"
    call(client_for("lao.chair"), "post", url, {"party": "NO", "kind": "guest"}, status=201)

    twice = call(client_for("lao.chair"), "post", url, {"party": "NO", "kind": "guest"}, status=400)
    focal = call(client_for("vn.focal"), "post", url, {"party": "CH", "kind": "guest"}, status=403)
    unknown = call(client_for("lao.chair"), "post", url, {"party": "XX", "kind": "guest"}, status=400)

    assert twice == {
        "detail": "Norway is already added to this meeting.",
        "field": "party",
        "record": "attendance of NO at AMM-57",
    }
    assert focal == {
        "detail": "only the chair secretariat of the series adds guests and special observers.",
        "field": None,
        "record": None,
    }
    assert unknown == {"detail": "no party with code 'XX'; see /api/v1/parties.", "field": "party", "record": None}
    assert list(AttendanceAddition.objects.filter(meeting=amm).values_list("party__code", flat=True)) == ["NO"]


def test_demo_logins_are_the_four_personas(api_access_demo: list[DemoLogin]) -> None:
    assert [login.username for login in api_access_demo] == ["lao.chair", "vn.focal", "jp.delegate", "tl.observer"]
