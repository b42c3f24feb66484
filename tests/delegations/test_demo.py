"""The demo delegations of AMM-57: one login per persona, every delegation with its head and members, Viet Nam's
SOM Leader, one participant pending accreditation, three circulars of each classification, all dated on the demo
clock (July 2024). Idempotent."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from mufakat.accounts.models import AuditEvent, RoleAssignment, User
from mufakat.delegations.models import Circular, Delegation, Participant
from mufakat.demo.delegations import DEMO_PASSWORD, DemoLogin, delegations_demo_load


def _counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "delegations": Delegation.objects.count(),
        "participants": Participant.objects.count(),
        "circulars": Circular.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }


def test_delegations_demo_load_one_login_per_persona(delegations_demo: list[DemoLogin]) -> None:
    assert [(login.username, login.persona) for login in delegations_demo] == [
        ("lao.chair", "chair secretariat of Lao PDR"),
        ("vn.focal", "Viet Nam's delegation focal point"),
        ("jp.delegate", "a delegate of Japan (dialogue partner)"),
        ("tl.observer", "an observer of Timor-Leste (ASEAN observer in 2024)"),
    ]
    assert {login.password for login in delegations_demo} == {DEMO_PASSWORD}
    assert list(
        RoleAssignment.objects.order_by("user__username").values_list("user__username", "role", "party__code")
    ) == [
        ("jp.delegate", "delegate", "JP"),
        ("lao.chair", "chair_secretariat", None),
        ("tl.observer", "observer", "TL"),
        ("vn.focal", "focal_point", "VN"),
    ]


def test_delegations_demo_load_passwords_hashed_with_argon2(delegations_demo: list[DemoLogin]) -> None:
    focal = User.objects.get(username="vn.focal")

    assert (focal.password.startswith("argon2$argon2id$"), focal.check_password(DEMO_PASSWORD)) == (True, True)


def test_delegations_demo_load_viet_nam_delegation(delegations_demo: list[DemoLogin]) -> None:
    rows = list(
        Participant.objects.filter(delegation__party__code="VN")
        .order_by("pk")
        .values_list("name_vi", "role", "rank", "accreditation", "created_by__username")
    )

    assert rows == [
        ("Bùi Thanh Sơn", "head", "minister", "accredited", "vn.focal"),
        ("Đỗ Hùng Việt", "som_leader", "deputy_minister", "accredited", "vn.focal"),
        ("Nguyễn Minh Anh (minh họa)", "member", "officer", "submitted", "vn.focal"),
    ]


def test_delegations_demo_load_circulars_of_each_classification(delegations_demo: list[DemoLogin]) -> None:
    rows = [
        (c.reference, c.classification, str(c.restricted_to or ""), sorted(p.code for p in c.confidential_to.all()))
        for c in Circular.objects.order_by("pk")
    ]

    assert rows == [
        ("AMM-57/LOG/01", "public", "", []),
        ("AMM-57/ASEAN/01", "restricted", "ASEAN", []),
        ("AMM-57/CONF/01", "confidential", "", ["LA", "VN"]),
    ]


def test_delegations_demo_load_twice_changes_nothing(delegations_demo: list[DemoLogin]) -> None:
    before = _counts()

    logins = delegations_demo_load()

    assert (_counts(), logins) == (before, delegations_demo)
    assert before == {
        "users": 4,
        "roles": 4,
        "delegations": 28,
        "participants": 96,
        "circulars": 3,
        "audit events": 226,
    }


def test_delegations_demo_load_every_delegation_has_its_head_and_members(delegations_demo: list[DemoLogin]) -> None:
    heads = dict(
        Participant.objects.filter(role="head").values_list("delegation__party__code", "name_en").order_by("pk")
    )
    sizes = {
        code: Participant.objects.filter(delegation__party__code=code).count()
        for code in Delegation.objects.values_list("party__code", flat=True)
    }

    assert len(heads) == len(sizes) == 28
    assert (heads["LA"], heads["VN"], heads["US"], heads["CN"], heads["MM"]) == (
        "Saleumxay Kommasith",
        "Bui Thanh Son",
        "Antony J. Blinken",
        "Wang Yi",
        "Aung Kyaw Moe (illustrative)",
    )
    assert set(sizes.values()) == {3, 4}


def test_delegations_demo_load_dated_on_the_demo_clock(delegations_demo: list[DemoLogin]) -> None:
    vientiane = ZoneInfo("Asia/Vientiane")
    participants = {p.created_at.astimezone(vientiane).date() for p in Participant.objects.all()}
    circulars = {c.issued_at.astimezone(vientiane).date() for c in Circular.objects.all()}
    joined = {u.date_joined.astimezone(vientiane).date() for u in User.objects.all()}

    assert (participants, circulars, joined) == ({date(2024, 7, 15)}, {date(2024, 7, 19)}, {date(2024, 7, 15)})


def test_delegations_demo_load_chair_is_no_superuser(delegations_demo: list[DemoLogin]) -> None:
    assert list(User.objects.order_by("username").values_list("username", "is_staff", "is_superuser")) == [
        ("jp.delegate", False, False),
        ("lao.chair", False, False),
        ("tl.observer", False, False),
        ("vn.focal", False, False),
    ]


def test_delegations_demo_load_again_demotes_a_chair_made_superuser_before(
    delegations_demo: list[DemoLogin],
) -> None:
    User.objects.filter(username="lao.chair").update(is_staff=True, is_superuser=True)

    delegations_demo_load()

    assert User.objects.values_list("is_staff", "is_superuser").get(username="lao.chair") == (False, False)


def test_delegations_demo_load_vietnamese_names_family_name_first(delegations_demo: list[DemoLogin]) -> None:
    focal = User.objects.get(username="vn.focal")

    assert (str(focal), focal.get_full_name(), focal.get_short_name()) == ("Nguyễn Thị Lan", "Nguyễn Thị Lan", "Lan")
