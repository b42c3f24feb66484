"""The demo delegations of AMM-57: one login per persona, real heads of delegation, Viet Nam's SOM
Leader, one participant pending accreditation, three circulars of each classification. Idempotent."""

from __future__ import annotations

from mufakat.accounts.models import AuditEvent, RoleAssignment, User
from mufakat.delegations.demo import DEMO_PASSWORD, DemoLogin, delegations_demo_load
from mufakat.delegations.models import Circular, Delegation, Participant


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
        "participants": 6,
        "circulars": 3,
        "audit events": 46,
    }
