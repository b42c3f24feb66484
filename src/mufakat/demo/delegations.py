"""Demo delegations, accounts and circulars for the AMM-57 series. Idempotent.

Every delegation has its head and two to four members. Heads are the ministers in office in July 2024 where we
are sure they led their delegation in Vientiane; a head whose attendance we could not confirm, and every
member, is marked "(illustrative)" (Viet Nam's SOM Leader Đỗ Hùng Việt is real). Names are stored as written,
in the order their bearers use: family name first for Vietnamese, Chinese, Korean, Khmer and Japanese names
(Japanese in the MOFA style, "KAMIKAWA Yoko"), given name first for most others.

Dated on the demo clock: accounts and participants on 15 July 2024, the circulars on 19 July 2024. The demo's
chair secretariat account is an ordinary account with the series role, not a Django superuser: the admin is for
the platform's operators (`mufakat manage createsuperuser`), and shows series data read-only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction

from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.models import User
from mufakat.accounts.rules import SeriesViewer, viewer_for
from mufakat.accounts.services import role_assign
from mufakat.delegations.enums import ParticipantRole, Rank
from mufakat.delegations.models import Circular, Delegation, Participant
from mufakat.delegations.services import circular_create, delegation_create, participant_create, participant_decide
from mufakat.demo.clock import VIENTIANE, demo_clock
from mufakat.meetings.models import Series
from mufakat.meetings.selectors import series_parties
from mufakat.reference.models import Framework, Party

DEMO_PASSWORD = "mufakat-demo-2024"  # noqa: S105 - printed for local demo logins on purpose
REGISTRATION = datetime(2024, 7, 15, 10, 0, tzinfo=VIENTIANE)
CIRCULATION = datetime(2024, 7, 19, 10, 0, tzinfo=VIENTIANE)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    persona: str


# username, given name, family name, family name first?, role, party, persona
PERSONAS = [
    ("lao.chair", "Chair", "Secretariat", False, SeriesRole.CHAIR_SECRETARIAT, None, "chair secretariat of Lao PDR"),
    ("vn.focal", "Lan", "Nguyễn Thị", True, SeriesRole.FOCAL_POINT, "VN", "Viet Nam's delegation focal point"),
    ("jp.delegate", "Haruto", "Sato", True, SeriesRole.DELEGATE, "JP", "a delegate of Japan (dialogue partner)"),
    (
        "tl.observer",
        "Maria",
        "Soares",
        False,
        SeriesRole.OBSERVER,
        "TL",
        "an observer of Timor-Leste (ASEAN observer in 2024)",
    ),
]

ILLUSTRATIVE = " (illustrative)"


def _head(name_en: str, title_en: str, title_vi: str, rank: str = Rank.MINISTER) -> dict[str, Any]:
    return {"name_en": name_en, "title_en": title_en, "title_vi": title_vi, "rank": rank, "role": ParticipantRole.HEAD}


# Members' offices, generic and illustrative: (title_en, title_vi, rank, role).
SOM = ("SOM Leader", "Trưởng SOM", Rank.SENIOR_OFFICIAL, ParticipantRole.SOM_LEADER)
AMBASSADOR = ("Ambassador to the Lao PDR", "Đại sứ tại Lào", Rank.AMBASSADOR, ParticipantRole.ALTERNATE)
DIRECTOR = ("Director, ASEAN affairs", "Vụ trưởng phụ trách ASEAN", Rank.DIRECTOR, ParticipantRole.ADVISER)
OFFICER = ("Desk officer", "Chuyên viên", Rank.OFFICER, ParticipantRole.MEMBER)


def _members(*people: tuple[str, tuple[str, str, str, str]]) -> list[dict[str, Any]]:
    return [
        {
            "name_en": name + ILLUSTRATIVE,
            "title_en": office[0],
            "title_vi": office[1],
            "rank": office[2],
            "role": office[3],
        }
        for name, office in people
    ]


PARTICIPANTS: dict[str, list[dict[str, Any]]] = {
    "AU": [
        _head("Penny Wong", "Minister for Foreign Affairs of Australia", "Bộ trưởng Ngoại giao Ô-xtơ-rây-li-a"),
        *_members(("Rebecca Walsh", AMBASSADOR), ("Thomas Reid", OFFICER)),
    ],
    "BD": [
        _head(
            "Hasan Mahmud" + ILLUSTRATIVE,
            "Minister of Foreign Affairs of Bangladesh",
            "Bộ trưởng Ngoại giao Băng-la-đét",
        ),
        *_members(("Farhana Rahman", AMBASSADOR), ("Tanvir Ahmed", OFFICER)),
    ],
    "BN": [
        _head(
            "Dato Erywan Pehin Yusof",
            "Minister of Foreign Affairs II of Brunei Darussalam",
            "Bộ trưởng Ngoại giao thứ hai Bru-nây",
        ),
        *_members(("Nurul Aisyah binti Haji Omar", SOM), ("Mohd Rizal bin Abdullah", OFFICER)),
    ],
    "KH": [
        _head(
            "Sok Chenda Sophea",
            "Deputy Prime Minister and Minister of Foreign Affairs and International Cooperation of Cambodia",
            "Phó Thủ tướng, Bộ trưởng Ngoại giao và Hợp tác quốc tế Cam-pu-chia",
        ),
        *_members(("Chea Sophal", SOM), ("Keo Bopha", DIRECTOR), ("Sok Dara", OFFICER)),
    ],
    "CA": [
        _head("Mélanie Joly" + ILLUSTRATIVE, "Minister of Foreign Affairs of Canada", "Bộ trưởng Ngoại giao Ca-na-đa"),
        *_members(("Émilie Tremblay", AMBASSADOR), ("Daniel Clarke", OFFICER)),
    ],
    "CN": [
        _head("Wang Yi", "Minister of Foreign Affairs of China", "Bộ trưởng Ngoại giao Trung Quốc"),
        *_members(("Li Wen", AMBASSADOR), ("Zhang Hui", DIRECTOR), ("Chen Jing", OFFICER)),
    ],
    "KP": [
        _head(
            "Ri Chol Su" + ILLUSTRATIVE,
            "Ambassador of the DPRK to the Lao PDR",
            "Đại sứ CHDCND Triều Tiên tại Lào",
            Rank.AMBASSADOR,
        ),
        *_members(("Kim Song Il", OFFICER), ("Pak Myong Ok", OFFICER)),
    ],
    "EU": [
        _head(
            "Josep Borrell Fontelles" + ILLUSTRATIVE,
            "High Representative of the Union for Foreign Affairs and Security Policy",
            "Đại diện cấp cao của Liên minh châu Âu về chính sách đối ngoại và an ninh",
        ),
        *_members(("Anna Kowalska", AMBASSADOR), ("Marco Bianchi", OFFICER)),
    ],
    "IN": [
        _head("S. Jaishankar", "External Affairs Minister of India", "Bộ trưởng Ngoại giao Ấn Độ"),
        *_members(("Priya Sharma", AMBASSADOR), ("Rahul Menon", DIRECTOR), ("Ananya Iyer", OFFICER)),
    ],
    "ID": [
        _head("Retno L. P. Marsudi", "Minister for Foreign Affairs of Indonesia", "Bộ trưởng Ngoại giao In-đô-nê-xi-a"),
        *_members(("Dewi Lestari", SOM), ("Budi Santoso", DIRECTOR), ("Rina Wulandari", OFFICER)),
    ],
    "JP": [
        {
            "name_en": "KAMIKAWA Yoko",
            "title_en": "Minister for Foreign Affairs of Japan",
            "title_vi": "Bộ trưởng Ngoại giao Nhật Bản",
            "rank": Rank.MINISTER,
            "role": ParticipantRole.HEAD,
        },
        *_members(("SUZUKI Kenji", AMBASSADOR), ("TANAKA Aiko", DIRECTOR), ("SATO Haruto", OFFICER)),
    ],
    "LA": [
        {
            "name_en": "Saleumxay Kommasith",
            "title_en": "Deputy Prime Minister and Minister of Foreign Affairs of the Lao PDR",
            "title_vi": "Phó Thủ tướng, Bộ trưởng Ngoại giao Lào",
            "rank": Rank.MINISTER,
            "role": ParticipantRole.HEAD,
        },
        *_members(("Phonesavanh Sisouk", SOM), ("Khamla Vongsa", DIRECTOR), ("Souksavanh Keomany", OFFICER)),
    ],
    "MY": [
        _head("Mohamad Hasan", "Minister of Foreign Affairs of Malaysia", "Bộ trưởng Ngoại giao Ma-lai-xi-a"),
        *_members(("Nur Aina binti Ahmad", SOM), ("Muhammad Faiz bin Ismail", DIRECTOR), ("Lim Wei Ling", OFFICER)),
    ],
    "MN": [
        _head(
            "Battsetseg Batmunkh" + ILLUSTRATIVE,
            "Minister for Foreign Affairs of Mongolia",
            "Bộ trưởng Ngoại giao Mông Cổ",
        ),
        *_members(("Ganbold Bat-Erdene", AMBASSADOR), ("Enkhjargal Naran", OFFICER)),
    ],
    # Myanmar has been represented at a non-political level since 2021.
    "MM": [
        _head(
            "Aung Kyaw Moe" + ILLUSTRATIVE,
            "Permanent Secretary, Ministry of Foreign Affairs of Myanmar",
            "Thư ký thường trực Bộ Ngoại giao Mi-an-ma",
            Rank.SENIOR_OFFICIAL,
        ),
        *_members(("Khin Myat Noe", DIRECTOR), ("Aung Min Htet", OFFICER)),
    ],
    "NZ": [
        _head(
            "Winston Peters",
            "Deputy Prime Minister and Minister of Foreign Affairs of New Zealand",
            "Phó Thủ tướng, Bộ trưởng Ngoại giao Niu Di-lân",
        ),
        *_members(("Aroha Williams", AMBASSADOR), ("Liam Thompson", OFFICER)),
    ],
    "PK": [
        _head(
            "Ishaq Dar" + ILLUSTRATIVE,
            "Deputy Prime Minister and Minister of Foreign Affairs of Pakistan",
            "Phó Thủ tướng, Bộ trưởng Ngoại giao Pa-ki-xtan",
        ),
        *_members(("Ayesha Khan", AMBASSADOR), ("Bilal Hussain", OFFICER)),
    ],
    "PG": [
        _head(
            "Justin Tkatchenko" + ILLUSTRATIVE,
            "Minister for Foreign Affairs of Papua New Guinea",
            "Bộ trưởng Ngoại giao Pa-pua Niu Ghi-nê",
        ),
        *_members(("Grace Kila", DIRECTOR), ("John Wari", OFFICER)),
    ],
    "PH": [
        _head(
            "Enrique A. Manalo", "Secretary of Foreign Affairs of the Philippines", "Bộ trưởng Ngoại giao Phi-líp-pin"
        ),
        *_members(("Maria Cristina Santos", SOM), ("Jose Miguel Reyes", DIRECTOR), ("Ana Lourdes Cruz", OFFICER)),
    ],
    "KR": [
        _head("Cho Tae-yul", "Minister of Foreign Affairs of the Republic of Korea", "Bộ trưởng Ngoại giao Hàn Quốc"),
        *_members(("Kim Ji-young", AMBASSADOR), ("Park Min-jun", DIRECTOR), ("Lee Seo-yeon", OFFICER)),
    ],
    "RU": [
        _head(
            "Sergey Lavrov",
            "Minister of Foreign Affairs of the Russian Federation",
            "Bộ trưởng Ngoại giao Liên bang Nga",
        ),
        *_members(("Elena Smirnova", AMBASSADOR), ("Dmitry Volkov", OFFICER)),
    ],
    "SG": [
        _head("Vivian Balakrishnan", "Minister for Foreign Affairs of Singapore", "Bộ trưởng Ngoại giao Xinh-ga-po"),
        *_members(("Tan Mei Ling", SOM), ("Rajesh Kumar", DIRECTOR), ("Nur Hidayah Osman", OFFICER)),
    ],
    "LK": [
        _head(
            "Ali Sabry" + ILLUSTRATIVE, "Minister of Foreign Affairs of Sri Lanka", "Bộ trưởng Ngoại giao Xri Lan-ca"
        ),
        *_members(("Nimali Perera", AMBASSADOR), ("Kasun Fernando", OFFICER)),
    ],
    "TH": [
        _head("Maris Sangiampongsa", "Minister of Foreign Affairs of Thailand", "Bộ trưởng Ngoại giao Thái Lan"),
        *_members(("Siriporn Chaiyasit", SOM), ("Nattapong Srisuk", DIRECTOR), ("Kanokwan Thongchai", OFFICER)),
    ],
    "TL": [
        {
            "name_en": "Bendito dos Santos Freitas",
            "title_en": "Minister of Foreign Affairs and Cooperation of Timor-Leste",
            "title_vi": "Bộ trưởng Ngoại giao và Hợp tác Ti-mo Lét-xtê",
            "rank": Rank.MINISTER,
            "role": ParticipantRole.HEAD,
        },
        *_members(("Ana da Costa", AMBASSADOR), ("José Ximenes", OFFICER)),
    ],
    "GB": [
        _head(
            "David Lammy",
            "Secretary of State for Foreign, Commonwealth and Development Affairs of the United Kingdom",
            "Bộ trưởng Ngoại giao Vương quốc Anh",
        ),
        *_members(("Charlotte Evans", AMBASSADOR), ("Oliver Bennett", OFFICER)),
    ],
    "US": [
        _head("Antony J. Blinken", "Secretary of State of the United States", "Ngoại trưởng Hoa Kỳ"),
        *_members(("Emily Carter", AMBASSADOR), ("Michael Johnson", DIRECTOR), ("Sarah Kim", OFFICER)),
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
}

# Everyone but the illustrative staff member is accredited, so Viet Nam's focal point has one pending.
PENDING = {"Nguyen Minh Anh (illustrative)"}


@transaction.atomic
def delegations_demo_load(*, series_code: str = "amm-57") -> list[DemoLogin]:
    series = Series.objects.get(code=series_code)
    with demo_clock(REGISTRATION):
        users = _accounts(series)
        _delegations(series, users)
    with demo_clock(CIRCULATION):
        _circulars(series, users)
    return [DemoLogin(username=u, password=DEMO_PASSWORD, persona=p) for u, *_rest, p in PERSONAS]


def _accounts(series: Series) -> dict[str, User]:
    users = {}
    loader = SeriesViewer.system(series.pk, purpose="demo loader")
    for username, given, family, family_first, role, party_code, _persona in PERSONAS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": given, "last_name": family, "family_name_first": family_first},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        # Demo accounts act through their series roles only; a demo loaded by an older version made the chair a
        # superuser, which the admin would let past every role.
        User.objects.filter(pk=user.pk).update(is_staff=False, is_superuser=False)
        # An address on a reserved domain, so that `make run` shows the notices' e-mails on the console.
        User.objects.filter(pk=user.pk, email="").update(email=f"{username}@demo.mufakat.test")
        party = Party.objects.get(code=party_code) if party_code else None
        role_assign(actor=loader, user=user, series=series, role=role, party=party)
        users[username] = user
    return users


def _delegations(series: Series, users: dict[str, User]) -> None:
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


def _circulars(series: Series, users: dict[str, User]) -> None:
    chair = viewer_for(users["lao.chair"], series)
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
