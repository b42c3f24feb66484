"""Demo delegations, accounts and circulars for the AMM-57 series. Idempotent.

Heads of delegation are the real ministers of July 2024 and Viet Nam's SOM Leader Đỗ Hùng Việt; staff
members marked "(illustrative)" are invented."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.models import User
from mufakat.accounts.rules import viewer_for
from mufakat.accounts.services import role_assign
from mufakat.meetings.models import Series
from mufakat.meetings.selectors import series_parties
from mufakat.reference.models import Framework, Party

from .enums import ParticipantRole, Rank
from .models import Circular, Delegation, Participant
from .services import circular_create, delegation_create, participant_create, participant_decide

DEMO_PASSWORD = "mufakat-demo-2024"  # noqa: S105 - printed for local demo logins on purpose


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    persona: str


PERSONAS = [
    ("lao.chair", "Chair", "Secretariat", SeriesRole.CHAIR_SECRETARIAT, None, "chair secretariat of Lao PDR"),
    ("vn.focal", "Lan", "Nguyễn Thị", SeriesRole.FOCAL_POINT, "VN", "Viet Nam's delegation focal point"),
    ("jp.delegate", "Haruto", "Sato", SeriesRole.DELEGATE, "JP", "a delegate of Japan (dialogue partner)"),
    (
        "tl.observer",
        "Maria",
        "Soares",
        SeriesRole.OBSERVER,
        "TL",
        "an observer of Timor-Leste (ASEAN observer in 2024)",
    ),
]

PARTICIPANTS = {
    "LA": [
        {
            "name_en": "Saleumxay Kommasith",
            "title_en": "Deputy Prime Minister and Minister of Foreign Affairs of the Lao PDR",
            "title_vi": "Phó Thủ tướng, Bộ trưởng Ngoại giao Lào",
            "rank": Rank.MINISTER,
            "role": ParticipantRole.HEAD,
        }
    ],
    "VN": [
        {
            "name_en": "Bui Thanh Son",
            "name_vi": "Bùi Thanh Sơn",
            "title_en": "Minister of Foreign Affairs",
            "title_vi": "Bộ trưởng Ngoại giao",
            "rank": Rank.MINISTER,
            "role": ParticipantRole.HEAD,
        },
        {
            "name_en": "Do Hung Viet",
            "name_vi": "Đỗ Hùng Việt",
            "title_en": "Deputy Minister of Foreign Affairs, Head of ASEAN SOM Viet Nam",
            "title_vi": "Thứ trưởng Bộ Ngoại giao, Trưởng SOM ASEAN Việt Nam",
            "rank": Rank.DEPUTY_MINISTER,
            "role": ParticipantRole.SOM_LEADER,
        },
        {
            "name_en": "Nguyen Minh Anh (illustrative)",
            "name_vi": "Nguyễn Minh Anh (minh họa)",
            "title_en": "Officer, ASEAN Department",
            "title_vi": "Chuyên viên, Vụ ASEAN",
            "rank": Rank.OFFICER,
            "role": ParticipantRole.MEMBER,
            "email": "minhanh@example.org",
        },
    ],
    "JP": [
        {
            "name_en": "KAMIKAWA Yoko",
            "title_en": "Minister for Foreign Affairs of Japan",
            "title_vi": "Bộ trưởng Ngoại giao Nhật Bản",
            "rank": Rank.MINISTER,
            "role": ParticipantRole.HEAD,
        }
    ],
    "TL": [
        {
            "name_en": "Bendito dos Santos Freitas",
            "title_en": "Minister of Foreign Affairs and Cooperation of Timor-Leste",
            "title_vi": "Bộ trưởng Ngoại giao và Hợp tác Ti-mo Lét-xtê",
            "rank": Rank.MINISTER,
            "role": ParticipantRole.HEAD,
        }
    ],
}

# Everyone but the illustrative staff member is accredited, so Viet Nam's focal point has one pending.
PENDING = {"Nguyen Minh Anh (illustrative)"}


@transaction.atomic
def delegations_demo_load(*, series_code: str = "amm-57") -> list[DemoLogin]:
    series = Series.objects.get(code=series_code)
    users = {}
    for username, first, last, role, party_code, _persona in PERSONAS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
        if created:
            user.set_password(DEMO_PASSWORD)
            if role == SeriesRole.CHAIR_SECRETARIAT:
                user.is_staff = user.is_superuser = True
            user.save()
        party = Party.objects.get(code=party_code) if party_code else None
        role_assign(actor=None, user=user, series=series, role=role, party=party)
        users[username] = user

    chair = viewer_for(users["lao.chair"], series)
    existing = set(Delegation.objects.filter(series=series).values_list("party_id", flat=True))
    for party in series_parties(series=series):
        if party.pk not in existing:
            delegation_create(actor=chair, series=series, party=party, quota=10)

    for code, people in PARTICIPANTS.items():
        delegation = Delegation.objects.get(series=series, party__code=code)
        focal = viewer_for(users["vn.focal"], series) if code == "VN" else chair
        for data in people:
            if Participant.objects.filter(delegation=delegation, name_en=data["name_en"]).exists():
                continue
            participant = participant_create(actor=focal, delegation_id=delegation.pk, **data)
            if data["name_en"] not in PENDING:
                participant_decide(actor=chair, participant_id=participant.pk, expected_version=1, accredit=True)

    asean = Framework.objects.get(code="ASEAN")
    circulars: list[dict[str, Any]] = [
        {
            "reference": "AMM-57/LOG/01",
            "title_en": "Logistics note for all delegations",
            "title_vi": "Thông tin hậu cần cho các đoàn",
            "body_en": "Accreditation badges are collected at the National Convention Center from 22 July, 09:00.",
            "body_vi": "Thẻ đại biểu được nhận tại Trung tâm Hội nghị Quốc gia từ 9:00 ngày 22 tháng 7.",
            "classification": "public",
        },
        {
            "reference": "AMM-57/ASEAN/01",
            "title_en": "Seating and speaking order for the AMM Retreat",
            "title_vi": "Sơ đồ chỗ ngồi và thứ tự phát biểu tại Phiên hẹp AMM",
            "body_en": "ASEAN Foreign Ministers only. Interventions in alphabetical order after the Chair.",
            "body_vi": "Chỉ dành cho các Bộ trưởng Ngoại giao ASEAN. Phát biểu theo thứ tự chữ cái sau Chủ tịch.",
            "classification": "restricted",
            "restricted_to": asean,
        },
        {
            "reference": "AMM-57/CONF/01",
            "title_en": "Arrangements for the courtesy call on the Prime Minister",
            "title_vi": "Bố trí chào xã giao Thủ tướng",
            "body_en": "For the delegations of Viet Nam and the Lao PDR only.",
            "body_vi": "Chỉ dành cho đoàn Việt Nam và đoàn Lào.",
            "classification": "confidential",
            "confidential_to": list(Party.objects.filter(code__in=["VN", "LA"])),
        },
    ]
    for circular in circulars:
        if not Circular.objects.filter(series=series, reference=circular["reference"]).exists():
            circular_create(actor=chair, series=series, **circular)

    return [DemoLogin(username=u, password=DEMO_PASSWORD, persona=p) for u, *_rest, p in PERSONAS]
