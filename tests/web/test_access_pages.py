"""Pages of issue 3: login and tokens, delegations and participants, accreditation, circulars, audit log.

Personas and the AMM-57 demo delegations come from tests/conftest.py (`delegations_demo`, `*_client`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mufakat.accounts.models import AuditEvent, LoginAttempt, User
from mufakat.accounts.rules import SeriesViewer
from mufakat.accounts.services import api_token_authenticate, api_token_create
from mufakat.delegations.models import Circular, Delegation, Participant
from mufakat.delegations.services import (
    circular_create,
    delegation_set_quota,
    participant_create,
    participant_update,
)
from mufakat.demo.delegations import DEMO_PASSWORD as PASSWORD
from mufakat.meetings.models import Series
from mufakat.reference.models import Party
from tests.web.pages import Element, parse, table_rows
from tests.web.pages import html_page as _page

VN = "/series/amm-57/delegations/VN/"
NEW_VN = "/series/amm-57/delegations/VN/participants/new/"
NEW_PARTICIPANT = {
    "name_en": "Tran Thu Ha",
    "name_vi": "Trần Thu Hà",
    "title_en": "Second Secretary, ASEAN Department",
    "title_vi": "Bí thư thứ hai, Vụ ASEAN",
    "rank": "officer",
    "role": "adviser",
    "email": "thuha@example.org",
    "phone": "",
}
VN_ROWS = [
    ["Bui Thanh Son Bùi Thanh Sơn", "Minister of Foreign Affairs", "Minister", "Head of delegation", "Accredited"],
    [
        "Do Hung Viet Đỗ Hùng Việt",
        "Deputy Minister of Foreign Affairs, Head of ASEAN SOM Viet Nam",
        "Deputy Minister",
        "SOM Leader",
        "Accredited",
    ],
    [
        "Nguyen Minh Anh (illustrative) Nguyễn Minh Anh (minh họa)",
        "Officer, ASEAN Department",
        "Officer",
        "Member",
        "Pending accreditation",
    ],
]


def _participants(page: Element) -> list[list[str]]:
    """Participant rows without the edit/withdraw cell."""
    return [row[:5] for row in table_rows(page.find("table", cls="participants"))]


def _vn(name_en: str) -> Participant:
    return Participant.objects.get(delegation__series__code="amm-57", delegation__party__code="VN", name_en=name_en)


def _csv(response: Any) -> list[str]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return response.content.decode("utf-8").split("\r\n")


# Login, logout, header ---------------------------------------------------------------------------


def test_login_form_logs_in_and_header_shows_name_and_roles(client: Client, delegations_demo: object) -> None:
    response = client.post("/accounts/login/", {"username": "vn.focal", "password": PASSWORD, "next": VN})

    assert (response.status_code, response["Location"]) == (302, VN)
    page = _page(client.get(VN))
    assert page.find("span", cls="who").text == "Nguyễn Thị Lan"
    assert page.texts("span", cls="role") == ["Delegation focal point · Viet Nam amm-57"]
    assert page.find("form", cls="logout").find("button").text == "Log out"
    assert list(LoginAttempt.objects.values_list("username", "ip_address", "succeeded")) == [
        ("vn.focal", "127.0.0.1", True)
    ]


def test_login_wrong_password_is_refused_and_recorded(client: Client, delegations_demo: object) -> None:
    page = _page(client.post("/accounts/login/", {"username": "vn.focal", "password": "guess"}))

    assert page.find("div", cls="form-errors").text == (
        "Please enter a correct username and password. Note that both fields may be case-sensitive."
    )
    assert list(LoginAttempt.objects.values_list("username", "succeeded")) == [("vn.focal", False)]
    assert "_auth_user_id" not in client.session


def test_login_throttled_after_five_failures_refuses_the_right_password(
    client: Client, delegations_demo: object
) -> None:
    for _ in range(5):
        client.post("/accounts/login/", {"username": "vn.focal", "password": "wrong-password"})

    page = _page(client.post("/accounts/login/", {"username": "vn.focal", "password": PASSWORD}))

    assert page.find("div", cls="form-errors").text == (
        "Too many failed attempts for this account; try again in 15 minutes."
    )
    assert "_auth_user_id" not in client.session
    assert list(LoginAttempt.objects.order_by("at", "pk").values_list("succeeded", flat=True)) == [False] * 6


def test_login_throttle_is_per_account(client: Client, delegations_demo: object) -> None:
    for _ in range(5):
        client.post("/accounts/login/", {"username": "vn.focal", "password": "wrong-password"})

    response = client.post("/accounts/login/", {"username": "jp.delegate", "password": PASSWORD})

    assert (response.status_code, response["Location"]) == (302, "/")


def test_anonymous_header_offers_login_with_way_back(client: Client, delegations_demo: object) -> None:
    page = _page(client.get(VN))

    assert page.find("a", cls="login").attrs["href"] == "/accounts/login/?next=/series/amm-57/delegations/VN/"
    assert page.find_all("form", cls="logout") == []


def test_logout_is_post_only(member_focal_point_client: Client) -> None:
    refused = member_focal_point_client.get("/accounts/logout/")
    assert (refused.status_code, refused["Allow"]) == (405, "POST, OPTIONS")

    response = member_focal_point_client.post("/accounts/logout/")

    assert (response.status_code, response["Location"]) == (302, "/")
    assert "_auth_user_id" not in member_focal_point_client.session


def test_post_without_csrf_token_is_refused(member_focal_point: SeriesViewer) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_focal_point.user)

    response = client.post(NEW_VN, NEW_PARTICIPANT)

    assert response.status_code == 403
    assert b"CSRF verification failed" in response.content
    assert Participant.objects.filter(name_en="Tran Thu Ha").count() == 0


# API tokens --------------------------------------------------------------------------------------


def test_tokens_page_shows_plaintext_once_then_revoke_works(member_focal_point_client: Client) -> None:
    created = _page(
        member_focal_point_client.post("/accounts/tokens/", {"name": "badge printer", "expires_in_days": "30"}), 201
    )
    plaintext = created.find(id="token-plaintext").text
    user = User.objects.get(username="vn.focal")

    assert created.find(id="new-token").find("strong").text == (
        "Copy it now: it is shown only this once and cannot be shown again."
    )
    assert plaintext.startswith("mfk_")
    assert api_token_authenticate(plaintext) == user
    listing = member_focal_point_client.get("/accounts/tokens/")
    assert plaintext not in listing.content.decode()
    (row,) = table_rows(_page(listing).find("table", cls="tokens"))
    token = user.api_tokens.get()
    assert row[:2] + row[5:6] == ["badge printer", token.prefix, "Active"]

    response = member_focal_point_client.post(f"/accounts/tokens/{token.pk}/revoke/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/tokens/")
    page = _page(member_focal_point_client.get("/accounts/tokens/"))
    assert table_rows(page.find("table", cls="tokens"))[0][5].startswith("Revoked ")
    assert page.texts("li", cls="message") == ["Token “badge printer” is revoked; it no longer opens the API."]
    assert api_token_authenticate(plaintext) is None


def test_token_revoke_of_someone_elses_token_is_404(
    member_focal_point_client: Client, partner_delegate: SeriesViewer
) -> None:
    issued = api_token_create(user=partner_delegate.user, name="jp script")

    response = member_focal_point_client.post(f"/accounts/tokens/{issued.token.pk}/revoke/")

    assert _page(response, 404).find(id="reason").text == f"you have no token with id {issued.token.pk}."
    assert api_token_authenticate(issued.plaintext) == partner_delegate.user


def test_token_without_name_is_400_next_to_the_field(member_focal_point_client: Client) -> None:
    page = _page(member_focal_point_client.post("/accounts/tokens/", {"name": "", "expires_in_days": "90"}), 400)

    assert page.find(id="field-name").find("ul", cls="errorlist").text == "This field is required."
    assert page.find_all(id="token-plaintext") == []


def test_tokens_page_anonymous_is_sent_to_login(client: Client, db: None) -> None:
    response = client.get("/accounts/tokens/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/accounts/tokens/")


# Series page links -------------------------------------------------------------------------------


def test_series_page_links_for_the_public_and_for_the_chair(client: Client, chair_secretariat_client: Client) -> None:
    public = _page(client.get("/series/amm-57/")).find("nav", cls="series-nav")
    chair = _page(chair_secretariat_client.get("/series/amm-57/")).find("nav", cls="series-nav")

    assert public.texts("a") == ["Meetings", "Programme", "Documents", "Plans of action", "Delegations", "Circulars"]
    assert chair.texts("a") == [
        "Meetings",
        "Programme",
        "Bilaterals",
        "Documents",
        "Plans of action",
        "Delegations",
        "Circulars",
        "Accreditation",
        "Audit log",
    ]
    assert [a.attrs["href"] for a in chair.find_all("a")][1:] == [
        "/series/amm-57/programme/",
        "/series/amm-57/bilaterals/",
        "/series/amm-57/documents/",
        "/series/amm-57/plans/",
        "/series/amm-57/delegations/",
        "/series/amm-57/circulars/",
        "/series/amm-57/accreditation/",
        "/series/amm-57/audit/",
    ]


# Delegations -------------------------------------------------------------------------------------


def test_delegation_list_public_shows_parties_without_counts(client: Client, delegations_demo: object) -> None:
    page = _page(client.get("/series/amm-57/delegations/"))

    table = page.find("table", cls="delegations")
    assert table.texts("th") == ["Party"]
    rows = table_rows(table)
    assert len(rows) == Delegation.objects.filter(series__code="amm-57").count() == 28
    assert rows[:3] == [["Australia"], ["Bangladesh"], ["Brunei Darussalam"]]
    assert table.find_all("a")[-1].attrs["href"] == VN


def test_delegation_list_chair_sees_registered_accredited_pending_quota(chair_secretariat_client: Client) -> None:
    table = _page(chair_secretariat_client.get("/series/amm-57/delegations/")).find("table", cls="delegations")

    assert table.texts("th") == ["Party", "Registered", "Accredited", "Pending", "Quota"]
    rows = {row[0]: row[1:] for row in table_rows(table)}
    assert rows["Viet Nam"] == ["3", "2", "1", "10"]
    assert rows["Japan"] == ["4", "4", "0", "10"]
    assert rows["Australia"] == ["3", "3", "0", "10"]


def test_delegation_page_focal_point_sees_participants_places_and_add_button(
    member_focal_point_client: Client,
) -> None:
    page = _page(member_focal_point_client.get(VN))

    assert page.find("h1").text == "Delegation of Viet Nam"
    assert _participants(page) == VN_ROWS
    assert page.find(id="places").text == "3 of 10 places used"
    assert page.find("a", cls="primary").attrs["href"] == NEW_VN
    assert page.find_all("section", id="quota") == []


def test_delegation_page_partner_delegate_sees_no_participant_names(partner_delegate_client: Client) -> None:
    response = partner_delegate_client.get(VN)
    page = _page(response)

    assert page.find(id="participants-private").text == (
        "Participant details are visible to the delegation and the secretariats."
    )
    assert page.find_all("table", cls="participants") == []
    assert page.find_all("a", cls="primary") == []
    content = response.content.decode()
    assert [
        name for name in ("Bui Thanh Son", "Bùi Thanh Sơn", "Do Hung Viet", "Nguyen Minh Anh") if name in content
    ] == []


def test_delegation_page_anonymous_sees_no_participant_names(client: Client, delegations_demo: object) -> None:
    response = client.get(VN)

    assert _page(response).find(id="participants-private").text == (
        "Participant details are visible to the delegation and the secretariats."
    )
    assert "Bui Thanh Son" not in response.content.decode()


def test_delegation_page_unknown_party_is_404(client: Client, delegations_demo: object) -> None:
    page = _page(client.get("/series/amm-57/delegations/XX/"), 404)

    assert page.find(id="reason").text == "amm-57 has no delegation of 'XX'."


def test_delegation_quota_chair_sets_it_and_stale_version_conflicts(chair_secretariat_client: Client) -> None:
    version = Delegation.objects.get(series__code="amm-57", party__code="VN").version

    response = chair_secretariat_client.post(VN, {"action": "quota", "quota": "12", "version": str(version)})
    stale = _page(chair_secretariat_client.post(VN, {"action": "quota", "quota": "4", "version": str(version)}), 409)

    assert (response.status_code, response["Location"]) == (302, VN)
    assert Delegation.objects.get(series__code="amm-57", party__code="VN").quota == 12
    assert stale.find(id="conflict").find("strong").text == "Someone else changed this while you were editing."
    assert table_rows(stale.find("table", cls="unsaved")) == [["Quota", "4", "12"]]
    assert stale.find(id="id_quota").attrs["value"] == "12"
    assert stale.find(id="id_version").attrs["value"] == str(version + 1)


def test_delegation_quota_below_registered_is_400_next_to_the_field(chair_secretariat_client: Client) -> None:
    page = _page(chair_secretariat_client.post(VN, {"action": "quota", "quota": "2", "version": "1"}), 400)

    assert page.find(id="field-quota").find("ul", cls="errorlist").text == (
        "2 is below the 3 participants already registered; withdraw some first."
    )
    assert Delegation.objects.get(series__code="amm-57", party__code="VN").quota == 10


def test_delegation_quota_by_focal_point_is_403_with_reason(member_focal_point_client: Client) -> None:
    page = _page(member_focal_point_client.post(VN, {"action": "quota", "quota": "50", "version": "1"}), 403)

    assert page.find(id="reason").text == "Only the chair secretariat sets the quota of a delegation."
    assert Delegation.objects.get(series__code="amm-57", party__code="VN").quota == 10


# Participants ------------------------------------------------------------------------------------


def test_participant_new_focal_point_adds_participant_pending_accreditation(
    member_focal_point_client: Client,
) -> None:
    response = member_focal_point_client.post(NEW_VN, NEW_PARTICIPANT)

    assert (response.status_code, response["Location"]) == (302, VN)
    page = _page(member_focal_point_client.get(VN))
    assert page.texts("li", cls="message") == ["Tran Thu Ha is registered and pending accreditation."]
    assert _participants(page)[3] == [
        "Tran Thu Ha Trần Thu Hà",
        "Second Secretary, ASEAN Department",
        "Officer",
        "Adviser",
        "Pending accreditation",
    ]
    assert page.find(id="places").text == "4 of 10 places used"
    event = AuditEvent.objects.filter(action="participant.create").order_by("-pk").first()
    assert event is not None
    assert (event.actor_username, event.actor_role, event.actor_party, event.object_repr) == (
        "vn.focal",
        "focal_point",
        "VN",
        "Tran Thu Ha",
    )


def test_participant_new_over_quota_shows_quota_message_and_saves_nothing(
    member_focal_point_client: Client, chair_secretariat: SeriesViewer
) -> None:
    delegation = Delegation.objects.get(series__code="amm-57", party__code="VN")
    delegation_set_quota(actor=chair_secretariat, delegation_id=delegation.pk, quota=3, expected_version=1)

    page = _page(member_focal_point_client.post(NEW_VN, NEW_PARTICIPANT), 400)

    assert page.find("div", cls="form-errors").texts("li") == [
        "the delegation has used its quota of 3 participants; ask the chair secretariat for more or withdraw someone."
    ]
    assert page.find(id="id_name_en").attrs["value"] == "Tran Thu Ha"
    assert Participant.objects.filter(delegation=delegation).count() == 3


def test_participant_new_without_name_is_400_next_to_the_field(member_focal_point_client: Client) -> None:
    page = _page(member_focal_point_client.post(NEW_VN, {**NEW_PARTICIPANT, "name_en": " "}), 400)

    assert page.find(id="field-name_en").find("ul", cls="errorlist").text == "This field is required."
    assert Participant.objects.filter(name_vi="Trần Thu Hà").count() == 0


def test_participant_new_duplicate_name_is_400_next_to_the_field(member_focal_point_client: Client) -> None:
    page = _page(member_focal_point_client.post(NEW_VN, {**NEW_PARTICIPANT, "name_en": "do hung viet"}), 400)

    assert page.find(id="field-name_en").find("ul", cls="errorlist").text == (
        "do hung viet is already registered in this delegation."
    )


def test_participant_new_for_another_delegation_is_403_with_reason(member_focal_point_client: Client) -> None:
    page = _page(
        member_focal_point_client.post("/series/amm-57/delegations/JP/participants/new/", NEW_PARTICIPANT), 403
    )

    assert page.find("h1").text == "You may not do this"
    assert page.find(id="reason").text == (
        "Participants of the Japan delegation are registered by its focal point and the chair secretariat."
    )
    assert Participant.objects.filter(name_en="Tran Thu Ha").count() == 0


def test_participant_new_anonymous_is_sent_to_login(client: Client, delegations_demo: object) -> None:
    response = client.get(NEW_VN)

    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/login/?next=/series/amm-57/delegations/VN/participants/new/",
    )


def test_participant_edit_saves_and_sends_back_for_accreditation(member_focal_point_client: Client) -> None:
    son = _vn("Bui Thanh Son")
    url = f"/series/amm-57/participants/{son.pk}/edit/"
    form = _page(member_focal_point_client.get(url))
    assert form.find(id="id_version").attrs["value"] == "2"

    response = member_focal_point_client.post(
        url, {**{k: getattr(son, k) for k in NEW_PARTICIPANT}, "phone": "+84 24 3799 3000", "version": "2"}
    )

    assert (response.status_code, response["Location"]) == (302, VN)
    son.refresh_from_db()
    assert (son.phone, son.accreditation, son.version) == ("+84 24 3799 3000", "submitted", 3)


def test_participant_edit_stale_version_shows_conflict_and_current_values(
    member_focal_point_client: Client, chair_secretariat: SeriesViewer
) -> None:
    anh = _vn("Nguyen Minh Anh (illustrative)")
    url = f"/series/amm-57/participants/{anh.pk}/edit/"
    mine = {k: getattr(anh, k) for k in NEW_PARTICIPANT}
    participant_update(actor=chair_secretariat, participant_id=anh.pk, expected_version=1, title_en="Desk officer")

    page = _page(member_focal_point_client.post(url, {**mine, "title_en": "Attaché", "version": "1"}), 409)

    assert page.find(id="conflict").find("strong").text == "Someone else changed this while you were editing."
    assert table_rows(page.find("table", cls="unsaved")) == [["Title (English)", "Attaché", "Desk officer"]]
    assert page.find(id="id_title_en").attrs["value"] == "Desk officer"
    assert page.find(id="id_version").attrs["value"] == "2"
    anh.refresh_from_db()
    assert (anh.title_en, anh.version) == ("Desk officer", 2)


def test_participant_edit_by_partner_delegate_is_404(partner_delegate_client: Client) -> None:
    anh = _vn("Nguyen Minh Anh (illustrative)")

    page = _page(partner_delegate_client.get(f"/series/amm-57/participants/{anh.pk}/edit/"), 404)

    assert page.find(id="reason").text == f"no participant with id {anh.pk}."


def test_participant_withdraw_hides_it_unless_asked(member_focal_point_client: Client) -> None:
    anh = _vn("Nguyen Minh Anh (illustrative)")

    response = member_focal_point_client.post(f"/series/amm-57/participants/{anh.pk}/withdraw/", {"version": "1"})

    assert (response.status_code, response["Location"]) == (302, VN)
    assert _participants(_page(member_focal_point_client.get(VN))) == VN_ROWS[:2]
    shown = _participants(_page(member_focal_point_client.get(VN + "?withdrawn=1")))
    assert shown[2][4] == "Withdrawn"


def test_participant_withdraw_stale_version_is_409(member_focal_point_client: Client) -> None:
    son = _vn("Bui Thanh Son")

    page = _page(
        member_focal_point_client.post(f"/series/amm-57/participants/{son.pk}/withdraw/", {"version": "1"}), 409
    )

    assert page.find("h1").text == "Someone else changed this"
    assert page.find(id="reason").text == (
        "was changed by someone else (now version 2, you edited version 1); "
        "reload to see the current state and apply your change again."
    )
    son.refresh_from_db()
    assert son.accreditation == "accredited"


def test_participants_csv_lists_the_delegation(member_focal_point_client: Client) -> None:
    response = member_focal_point_client.get("/series/amm-57/delegations/VN/participants.csv")

    assert response["Content-Disposition"] == 'attachment; filename="amm-57-VN-participants.csv"'
    assert _csv(response) == [
        "\ufeffname_en,name_vi,title_en,title_vi,rank,role,email,phone,accreditation,returned_reason",
        "Bui Thanh Son,Bùi Thanh Sơn,Minister of Foreign Affairs,Bộ trưởng Ngoại giao,Minister,Head of delegation"
        ",,,Accredited,",
        'Do Hung Viet,Đỗ Hùng Việt,"Deputy Minister of Foreign Affairs, Head of ASEAN SOM Viet Nam",'
        '"Thứ trưởng Bộ Ngoại giao, Trưởng SOM ASEAN Việt Nam",Deputy Minister,SOM Leader,,,Accredited,',
        'Nguyen Minh Anh (illustrative),Nguyễn Minh Anh (minh họa),"Officer, ASEAN Department",'
        '"Chuyên viên, Vụ ASEAN",Officer,Member,minhanh@example.org,,Pending accreditation,',
        "",
    ]


def test_participants_csv_quotes_away_spreadsheet_formulas(
    member_focal_point_client: Client, member_focal_point: SeriesViewer
) -> None:
    delegation = Delegation.objects.get(series__code="amm-57", party__code="VN")
    participant_create(
        actor=member_focal_point,
        delegation_id=delegation.pk,
        name_en='=HYPERLINK("http://example.org")',
        rank="officer",
        role="member",
    )

    lines = _csv(member_focal_point_client.get("/series/amm-57/delegations/VN/participants.csv"))

    assert lines[3].startswith('"\'=HYPERLINK(""http://example.org"")",')


def test_participants_csv_partner_delegate_is_403(partner_delegate_client: Client) -> None:
    page = _page(partner_delegate_client.get("/series/amm-57/delegations/VN/participants.csv"), 403)

    assert page.find(id="reason").text == (
        "the participants of the Viet Nam delegation are visible to that delegation and the secretariats only."
    )


# Accreditation -----------------------------------------------------------------------------------


def test_accreditation_queue_chair_accredits(chair_secretariat_client: Client) -> None:
    anh = _vn("Nguyen Minh Anh (illustrative)")
    queue = _page(chair_secretariat_client.get("/series/amm-57/accreditation/"))
    assert queue.find(id="queue-count").text == "1 participant pending accreditation"
    assert [item.find("h2").text for item in queue.find_all("li", cls="queue-item")] == [
        "Nguyen Minh Anh (illustrative) (Nguyễn Minh Anh (minh họa))"
    ]

    response = chair_secretariat_client.post(
        f"/series/amm-57/participants/{anh.pk}/decide/", {"decision": "accredit", "reason": "", "version": "1"}
    )

    assert (response.status_code, response["Location"]) == (302, "/series/amm-57/accreditation/")
    after = _page(chair_secretariat_client.get("/series/amm-57/accreditation/"))
    assert after.texts("li", cls="message") == ["Nguyen Minh Anh (illustrative) is accredited."]
    assert after.find(id="queue-count").text == "0 participants pending accreditation"
    anh.refresh_from_db()
    assert anh.accreditation == "accredited"


def test_accreditation_return_needs_a_reason(chair_secretariat_client: Client) -> None:
    anh = _vn("Nguyen Minh Anh (illustrative)")

    page = _page(
        chair_secretariat_client.post(
            f"/series/amm-57/participants/{anh.pk}/decide/", {"decision": "return", "reason": " ", "version": "1"}
        ),
        400,
    )

    assert page.find(id=f"reason-{anh.pk}-error").text == (
        "say why the participant is returned, so the focal point can fix it."
    )
    anh.refresh_from_db()
    assert anh.accreditation == "submitted"


def test_accreditation_return_with_reason_shows_on_the_delegation_page(
    chair_secretariat_client: Client, member_focal_point_client: Client
) -> None:
    anh = _vn("Nguyen Minh Anh (illustrative)")
    reason = "Passport number missing"

    chair_secretariat_client.post(
        f"/series/amm-57/participants/{anh.pk}/decide/", {"decision": "return", "reason": reason, "version": "1"}
    )

    row = _page(member_focal_point_client.get(VN)).find("tr", id=f"participant-{anh.pk}")
    assert row.find("td", cls="status").text == "Returned Passport number missing"


def test_accreditation_decision_by_focal_point_is_403(member_focal_point_client: Client) -> None:
    anh = _vn("Nguyen Minh Anh (illustrative)")

    queue = _page(member_focal_point_client.get("/series/amm-57/accreditation/"), 403)
    decide = _page(
        member_focal_point_client.post(
            f"/series/amm-57/participants/{anh.pk}/decide/", {"decision": "accredit", "version": "1"}
        ),
        403,
    )

    assert queue.find(id="reason").text == "the accreditation queue is for the secretariats."
    assert decide.find(id="reason").text == "only the chair secretariat decides on accreditation."
    anh.refresh_from_db()
    assert anh.accreditation == "submitted"


def test_accreditation_queue_anonymous_is_sent_to_login(client: Client, delegations_demo: object) -> None:
    response = client.get("/series/amm-57/accreditation/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/series/amm-57/accreditation/")


# Circulars ---------------------------------------------------------------------------------------


def _circular_titles(client: Client) -> list[str]:
    page = _page(client.get("/series/amm-57/circulars/"))
    return [row.find("h2").text for row in page.find_all("li", cls="circular-row")]


def test_circular_list_shows_what_each_viewer_may_see(
    client: Client, member_focal_point_client: Client, partner_delegate_client: Client
) -> None:
    assert _circular_titles(client) == ["Logistics note for all delegations"]
    assert _circular_titles(partner_delegate_client) == ["Logistics note for all delegations"]
    assert _circular_titles(member_focal_point_client) == [
        "Arrangements for the courtesy call on the Prime Minister",
        "Seating and speaking order for the AMM Retreat",
        "Logistics note for all delegations",
    ]
    badges = _page(member_focal_point_client.get("/series/amm-57/circulars/")).texts("span", cls="classification")
    assert badges == ["Confidential to named parties", "Restricted: ASEAN", "Public"]


def test_circular_detail_not_visible_is_404(partner_delegate_client: Client) -> None:
    circular = Circular.objects.get(reference="AMM-57/ASEAN/01")

    response = partner_delegate_client.get(f"/series/amm-57/circulars/{circular.pk}/")

    assert _page(response, 404).find(id="reason").text == f"no circular with id {circular.pk} in amm-57."
    assert "Seating" not in response.content.decode()


def test_circular_detail_confidential_names_its_recipients(member_focal_point_client: Client) -> None:
    circular = Circular.objects.get(reference="AMM-57/CONF/01")

    page = _page(member_focal_point_client.get(f"/series/amm-57/circulars/{circular.pk}/"))

    assert page.find("h1").text == "Arrangements for the courtesy call on the Prime Minister"
    assert page.find(id="recipients").text == "Sent to: Lao PDR, Viet Nam"
    assert page.find(id="circular-body").text == "For the delegations of Viet Nam and the Lao PDR only."


def test_circulars_csv_exports_only_what_the_viewer_may_see(partner_delegate_client: Client) -> None:
    lines = _csv(partner_delegate_client.get("/series/amm-57/circulars.csv"))

    assert lines[0] == "\ufeffreference,issued_at,classification,restricted_to,title_en,title_vi,body_en,body_vi"
    assert [line.split(",")[0] for line in lines[1:-1]] == ["AMM-57/LOG/01"]


def test_circular_new_confidential_reaches_only_the_named_party(
    chair_secretariat_client: Client, partner_delegate_client: Client, member_focal_point_client: Client
) -> None:
    response = chair_secretariat_client.post(
        "/series/amm-57/circulars/new/",
        {
            "reference": "AMM-57/CONF/02",
            "title_en": "Bilateral room for Japan",
            "body_en": "Room 3 is held for Japan on 26 July.",
            "classification": "confidential",
            "confidential_to": ["JP"],
        },
    )

    circular = Circular.objects.get(reference="AMM-57/CONF/02")
    assert (response.status_code, response["Location"]) == (302, f"/series/amm-57/circulars/{circular.pk}/")
    assert _circular_titles(partner_delegate_client) == [
        "Bilateral room for Japan",
        "Logistics note for all delegations",
    ]
    assert "Bilateral room for Japan" not in _circular_titles(member_focal_point_client)


def test_circular_new_restricted_without_framework_is_400_next_to_the_field(chair_secretariat_client: Client) -> None:
    page = _page(
        chair_secretariat_client.post(
            "/series/amm-57/circulars/new/",
            {"reference": "AMM-57/X/01", "title_en": "T", "body_en": "B", "classification": "restricted"},
        ),
        400,
    )

    assert page.find(id="field-restricted_to").find("ul", cls="errorlist").text == (
        "a restricted object needs the framework it is restricted to."
    )
    assert Circular.objects.filter(reference="AMM-57/X/01").count() == 0


def test_circular_new_by_focal_point_is_403(member_focal_point_client: Client) -> None:
    page = _page(member_focal_point_client.get("/series/amm-57/circulars/new/"), 403)

    assert page.find(id="reason").text == "Only the chair secretariat issues circulars."


# Audit log ---------------------------------------------------------------------------------------


def test_audit_page_lists_the_entry_in_venue_time(
    chair_secretariat_client: Client, member_focal_point_client: Client
) -> None:
    member_focal_point_client.post(NEW_VN, NEW_PARTICIPANT, headers={"X-Request-ID": "req-0123456789"})
    event = AuditEvent.objects.get(action="participant.create", object_repr="Tran Thu Ha")

    page = _page(chair_secretariat_client.get("/series/amm-57/audit/"))

    first = page.find("table", cls="audit").find_all("tr", cls="audit-row")[0]
    row = [cell.text for cell in first.find_all("td")]
    local = event.at.astimezone(Series.objects.get(code="amm-57").venue.tzinfo)
    assert row[0] == f"{local.day} {local:%B %Y, %H:%M}"
    assert first.find("time").attrs["datetime"] == local.isoformat()
    assert row[1:4] == ["Nguyễn Thị Lan", "Delegation focal point", "Viet Nam"]
    # The action in words, its code in small print and as the filter's value.
    action = first.find("td", cls="action")
    assert (action.find("a").text, action.find("a").attrs["href"], action.find("span", cls="code").text) == (
        "Participant added",
        "?action=participant.create",
        "participant.create",
    )
    assert row[5] == "Participant: Tran Thu Ha (VN) history"
    assert first.find("td", cls="object").find_all("a")[0].attrs["href"] == "/series/amm-57/delegations/VN/"
    assert first.texts("div", cls="change") == [
        "Accreditation: Pending accreditation",
        "E-mail: thuha@example.org",
        "Name (English): Tran Thu Ha",
        "Name (Vietnamese): Trần Thu Hà",
        "Rank: Officer",
        "Role: Adviser",
        "Title (English): Second Secretary, ASEAN Department",
        "Title (Vietnamese): Bí thư thứ hai, Vụ ASEAN",
        "Version: 1",
    ]
    assert row[7] == "req-0123456789"


def test_audit_page_in_vietnamese_shows_actions_and_field_labels_as_words(
    chair_secretariat_client: Client, chair_secretariat: SeriesViewer
) -> None:
    delegation = Delegation.objects.get(series__code="amm-57", party__code="VN")
    delegation_set_quota(actor=chair_secretariat, delegation_id=delegation.pk, quota=12, expected_version=1)
    chair_secretariat_client.cookies["django_language"] = "vi"

    page = _page(chair_secretariat_client.get("/series/amm-57/audit/"))

    first = page.find("table", cls="audit").find_all("tr", cls="audit-row")[0]
    assert first.find("td", cls="action").find("a").text == "Đặt số suất của đoàn"
    # Field labels are words, not codes: no monospace class (it detaches Vietnamese diacritics).
    labels = first.find_all("span", cls="change-label")
    assert [label.text for label in labels] == ["Hạn ngạch", "Phiên bản"]
    assert [label.classes for label in labels] == [{"change-label"}, {"change-label"}]
    css = (Path(__file__).parents[2] / "src/mufakat/web/static/mufakat/app.css").read_text()
    rules = [line for line in css.splitlines() if "change-label" in line or ".change .field" in line]
    assert rules == [".change .change-label { color: var(--muted); }"]
    actions = page.find("select", id="audit-action").find_all("option")
    assert ("delegation.set_quota", "Đặt số suất của đoàn") in [(o.attrs["value"], o.text) for o in actions]


def test_audit_page_party_filter_offers_every_delegation_of_the_series(chair_secretariat_client: Client) -> None:
    page = _page(chair_secretariat_client.get("/series/amm-57/audit/"))

    values = [option.attrs["value"] for option in page.find("select", id="audit-party").find_all("option")][1:]
    delegations = sorted(Delegation.objects.filter(series__code="amm-57").values_list("party__code", flat=True))
    assert set(delegations) <= set(values)
    assert len(delegations) > 20
    assert "Japan (JP)" in page.find("select", id="audit-party").texts("option")


def test_audit_page_with_a_bad_day_shows_the_page_again_with_the_error_at_the_day(
    chair_secretariat_client: Client,
) -> None:
    page = _page(chair_secretariat_client.get("/series/amm-57/audit/?day=2024-13-45&party=VN"), 400)

    assert page.find("p", id="error-day").text == (
        "Day: '2024-13-45' is not a day; write it as YYYY-MM-DD, e.g. 2024-07-25."
    )
    day = page.find("form", id="audit-filters").find("input", id="audit-day")
    assert day.attrs["aria-describedby"] == "error-day"
    # The other filters stay as they were.
    [selected] = [o for o in page.find("select", id="audit-party").find_all("option") if "selected" in o.attrs]
    assert selected.attrs["value"] == "VN"


def test_audit_page_shows_before_and_after_of_a_change(
    chair_secretariat_client: Client, chair_secretariat: SeriesViewer
) -> None:
    delegation = Delegation.objects.get(series__code="amm-57", party__code="VN")
    delegation_set_quota(actor=chair_secretariat, delegation_id=delegation.pk, quota=12, expected_version=1)

    page = _page(chair_secretariat_client.get("/series/amm-57/audit/"))

    first = page.find("table", cls="audit").find_all("tr", cls="audit-row")[0]
    assert first.texts("div", cls="change") == ["Quota: 10 → 12", "Version: 1 → 2"]


def test_audit_page_is_paginated_by_50(chair_secretariat_client: Client, amm_57: Series) -> None:
    total = AuditEvent.objects.filter(series=amm_57).count()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                series=amm_57, action="test.filler", object_type="x", object_id=str(i), object_repr=f"filler {i}"
            )
            for i in range(270 - total)
        ]
    )

    first = _page(chair_secretariat_client.get("/series/amm-57/audit/"))
    third = _page(chair_secretariat_client.get("/series/amm-57/audit/?page=6"))

    assert len(first.find_all("tr", cls="audit-row")) == 50
    assert len(third.find_all("tr", cls="audit-row")) == 20
    assert third.find("nav", cls="pager").text == "Newer Page 6 of 6"


def test_audit_page_focal_point_is_403(member_focal_point_client: Client) -> None:
    page = _page(member_focal_point_client.get("/series/amm-57/audit/"), 403)

    assert page.find(id="reason").text == "the audit log of a series is for its chair secretariat."


def test_audit_csv_has_every_entry(chair_secretariat_client: Client, amm_57: Series) -> None:
    response = chair_secretariat_client.get("/series/amm-57/audit.csv")

    lines = _csv(response)
    assert lines[0] == (
        "\ufeffat,actor,person,role,party,action,object_type,object_id,object,url,changes,before,after,request_id"
    )
    assert len(lines) == AuditEvent.objects.filter(series=amm_57).count() + 2
    assert response["Content-Disposition"] == 'attachment; filename="amm-57-audit.csv"'


# Vietnamese and query counts ---------------------------------------------------------------------


def test_delegation_page_in_vietnamese(member_focal_point_client: Client) -> None:
    member_focal_point_client.cookies["django_language"] = "vi"

    page = _page(member_focal_point_client.get(VN))

    assert page.find("h1").text == "Đoàn Việt Nam"
    assert page.find(id="places").text == "Đã dùng 3 trên 10 suất"
    assert _participants(page)[2][4] == "Chờ công nhận đại biểu"


def test_access_list_pages_use_constant_queries(
    chair_secretariat_client: Client,
    chair_secretariat: SeriesViewer,
    member_focal_point: SeriesViewer,
    amm_57: Series,
) -> None:
    urls = [
        "/series/amm-57/delegations/",
        VN,
        "/series/amm-57/accreditation/",
        "/series/amm-57/circulars/",
        "/series/amm-57/audit/",
    ]
    with CaptureQueriesContext(connection) as few:
        for url in urls:
            chair_secretariat_client.get(url)
    delegation = Delegation.objects.get(series__code="amm-57", party__code="VN")
    for name in ("A One", "B Two", "C Three"):
        participant_create(
            actor=member_focal_point, delegation_id=delegation.pk, name_en=name, rank="officer", role="member"
        )
    for number in (2, 3):
        circular_create(
            actor=chair_secretariat,
            series=amm_57,
            reference=f"AMM-57/CONF/0{number}",
            title_en=f"Note {number}",
            body_en="Text.",
            classification="confidential",
            confidential_to=list(Party.objects.filter(code__in=["VN", "JP"])),
        )
    with CaptureQueriesContext(connection) as more:
        for url in urls:
            chair_secretariat_client.get(url)

    assert len(few) == len(more)


# Admin -------------------------------------------------------------------------------------------


def test_admin_audit_events_are_read_only_even_for_a_superuser(chair_secretariat_client: Client) -> None:
    event = AuditEvent.objects.filter(action="participant.create").first()
    assert event is not None
    User.objects.filter(username="lao.chair").update(is_staff=True, is_superuser=True)

    change = chair_secretariat_client.get(f"/admin/accounts/auditevent/{event.pk}/change/")
    delete = chair_secretariat_client.post(f"/admin/accounts/auditevent/{event.pk}/delete/", {"post": "yes"})
    add = chair_secretariat_client.get("/admin/accounts/auditevent/add/")

    assert (change.status_code, delete.status_code, add.status_code) == (200, 403, 403)
    assert [parse(response).find("h1").text for response in (delete, add)] == ["403 Forbidden", "403 Forbidden"]
    assert b'name="_save"' not in change.content
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_admin_api_token_page_hides_the_digest(
    chair_secretariat_client: Client, member_focal_point: SeriesViewer
) -> None:
    User.objects.filter(username="lao.chair").update(is_staff=True, is_superuser=True)
    issued = api_token_create(user=member_focal_point.user, name="badge printer")

    response = chair_secretariat_client.get(f"/admin/accounts/apitoken/{issued.token.pk}/change/")

    assert response.status_code == 200
    assert issued.token.prefix in response.content.decode()
    assert issued.token.digest not in response.content.decode()
    assert b'name="_save"' not in response.content


def test_admin_role_assignment_added_is_audited(chair_secretariat_client: Client, amm_57: Series) -> None:
    User.objects.filter(username="lao.chair").update(is_staff=True, is_superuser=True)
    helper = User.objects.create_user(username="la.helper")

    response = chair_secretariat_client.post(
        "/admin/accounts/roleassignment/add/",
        {"user": helper.pk, "series": amm_57.pk, "role": "asean_secretariat", "party": ""},
    )

    assert (response.status_code, response["Location"]) == (302, "/admin/accounts/roleassignment/")
    event = AuditEvent.objects.get(action="role.assign", actor_username="lao.chair")
    assert (event.series_id, event.after) == (
        amm_57.pk,
        {"user": helper.pk, "series": amm_57.pk, "role": "asean_secretariat", "party": None},
    )
