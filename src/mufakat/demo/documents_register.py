"""The AMM-57 register of the documents demo (demo.documents): its entries, the state the story leaves each in,
and the text of their first drafts. Titles follow the shape of the real list; every text is our own drafting."""

from __future__ import annotations

from dataclasses import dataclass

from mufakat.accounts.classification import Classification
from mufakat.documents.enums import Disposition, DocumentKind, ParagraphKind


@dataclass(frozen=True)
class Entry:
    body: str
    kind: str
    title_en: str
    title_vi: str
    disposition: str
    lead: str | None = None
    classification: str = Classification.RESTRICTED
    # drafting / negotiation / silence / cleared / recommended (by the SOM, then decided by the AMM) / decided
    state: str = "planned"


ENTRIES: list[Entry] = [
    Entry(
        "AMM",
        DocumentKind.JOINT_COMMUNIQUE,
        "Joint Communiqué of the 57th ASEAN Foreign Ministers' Meeting",
        "Thông cáo chung Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 57",
        Disposition.ADOPT,
        "LA",
        state="negotiation",
    ),
    Entry(
        "AMM",
        DocumentKind.JOINT_STATEMENT,
        "ASEAN Foreign Ministers' Statement on Maintaining Stability in the Maritime Sphere in Southeast Asia",
        "Tuyên bố của Bộ trưởng Ngoại giao ASEAN về duy trì ổn định trên biển ở Đông Nam Á",
        Disposition.ADOPT,
        "LA",
        state="recommended",
    ),
    Entry(
        "AMM",
        DocumentKind.CONCEPT_NOTE,
        "Concept Note on the Development of the ASEAN Community Vision 2045",
        "Khái niệm về xây dựng Tầm nhìn Cộng đồng ASEAN 2045",
        Disposition.NOTE,
        "ID",
        state="decided",
    ),
    Entry(
        "SOM",
        DocumentKind.REPORT,
        "Report of the ASEAN Senior Officials' Meeting to the 57th AMM",
        "Báo cáo của SOM ASEAN trình Hội nghị AMM lần thứ 57",
        Disposition.ADOPT,
        "LA",
        state="decided",
    ),
    Entry(
        "SEANWFZ-EXCOM",
        DocumentKind.REPORT,
        "Progress Report on the Implementation of the SEANWFZ Plan of Action 2023–2027",
        "Báo cáo tiến độ thực hiện Kế hoạch hành động SEANWFZ 2023–2027",
        Disposition.NOTE,
        "LA",
        state="decided",
    ),
    Entry(
        "SEANWFZ-COM",
        DocumentKind.WORK_PLAN,
        "Work Plan for Engagement with the Nuclear-Weapon States on the Protocol to the SEANWFZ Treaty",
        "Kế hoạch công tác với các quốc gia có vũ khí hạt nhân về Nghị định thư của Hiệp ước SEANWFZ",
        Disposition.ADOPT,
        "MY",
        state="decided",
    ),
    Entry(
        "AICHR-IF",
        DocumentKind.REPORT,
        "Annual Report of the ASEAN Intergovernmental Commission on Human Rights",
        "Báo cáo thường niên của Ủy ban liên chính phủ ASEAN về nhân quyền",
        Disposition.NOTE,
        "LA",
        state="decided",
    ),
    Entry(
        "PMC-GB",
        DocumentKind.JOINT_STATEMENT,
        "ASEAN–UK Joint Ministerial Statement on Cooperation for a Resilient Region",
        "Tuyên bố chung cấp Bộ trưởng ASEAN–Vương quốc Anh về hợp tác vì một khu vực tự cường",
        Disposition.ADOPT,
        "GB",
        state="decided",
    ),
    *[
        Entry(
            f"PMC-{code}",
            DocumentKind.CHAIRMANS_STATEMENT,
            f"Co-Chairs' Statement of the ASEAN Post Ministerial Conference with {name}",
            f"Tuyên bố của các Đồng Chủ trì Hội nghị sau Hội nghị Bộ trưởng ASEAN với {name_vi}",
            Disposition.ISSUE,
            None,
            state="decided",
        )
        for code, name, name_vi in [
            ("AU", "Australia", "Ô-xtơ-rây-li-a"),
            ("CA", "Canada", "Ca-na-đa"),
            ("CN", "China", "Trung Quốc"),
            ("EU", "the European Union", "Liên minh châu Âu"),
            ("IN", "India", "Ấn Độ"),
            ("JP", "Japan", "Nhật Bản"),
            ("NZ", "New Zealand", "Niu Di-lân"),
            ("KR", "the Republic of Korea", "Hàn Quốc"),
            ("RU", "the Russian Federation", "Liên bang Nga"),
            ("US", "the United States", "Hoa Kỳ"),
        ]
    ],
    Entry(
        "MJ-FMM",
        DocumentKind.CHAIRMANS_STATEMENT,
        "Co-Chairs' Statement of the 15th Mekong–Japan Foreign Ministers' Meeting",
        "Tuyên bố của các Đồng Chủ trì Hội nghị Bộ trưởng Ngoại giao Mê Công – Nhật Bản lần thứ 15",
        Disposition.ISSUE,
        "JP",
        state="decided",
    ),
    Entry(
        "MK-FMM",
        DocumentKind.JOINT_STATEMENT,
        "Joint Statement of the 12th Mekong–Republic of Korea Foreign Ministers' Meeting",
        "Tuyên bố chung Hội nghị Bộ trưởng Ngoại giao Mê Công – Hàn Quốc lần thứ 12",
        Disposition.ADOPT,
        "KR",
        state="decided",
    ),
    Entry(
        "APT-FMM",
        DocumentKind.CHAIRMANS_STATEMENT,
        "Chairman's Statement of the 25th ASEAN Plus Three Foreign Ministers' Meeting",
        "Tuyên bố của Chủ tịch Hội nghị Bộ trưởng Ngoại giao ASEAN+3 lần thứ 25",
        Disposition.ISSUE,
        "LA",
        state="decided",
    ),
    Entry(
        "EAS-FMM",
        DocumentKind.CHAIRMANS_STATEMENT,
        "Chairman's Statement of the 14th East Asia Summit Foreign Ministers' Meeting",
        "Tuyên bố của Chủ tịch Hội nghị Bộ trưởng Ngoại giao Cấp cao Đông Á lần thứ 14",
        Disposition.ISSUE,
        "LA",
        state="decided",
    ),
    Entry(
        "EAS-FMM",
        DocumentKind.DECLARATION,
        "East Asia Summit Leaders' Statement on Strengthening Regional Health Security",
        "Tuyên bố của các Nhà Lãnh đạo Cấp cao Đông Á về tăng cường an ninh y tế khu vực",
        Disposition.ENDORSE,
        "AU",
        state="decided",
    ),
    Entry(
        "MUSP-MIN",
        DocumentKind.PLAN_OF_ACTION,
        "Mekong–U.S. Partnership Plan of Action 2024–2026",
        "Kế hoạch hành động Quan hệ Đối tác Mê Công – Hoa Kỳ giai đoạn 2024–2026",
        Disposition.ADOPT,
        "US",
        classification=Classification.PUBLIC,
        state="decided",
    ),
    Entry(
        "MUSP-MIN",
        DocumentKind.JOINT_STATEMENT,
        "Joint Statement of the 3rd Mekong–U.S. Partnership Ministerial Meeting",
        "Tuyên bố chung Hội nghị Bộ trưởng Quan hệ Đối tác Mê Công – Hoa Kỳ lần thứ 3",
        Disposition.ADOPT,
        "US",
        state="decided",
    ),
    Entry(
        "ARF",
        DocumentKind.CHAIRMANS_STATEMENT,
        "Chairman's Statement of the 31st ASEAN Regional Forum",
        "Tuyên bố của Chủ tịch Diễn đàn Khu vực ASEAN lần thứ 31",
        Disposition.ISSUE,
        "LA",
        state="drafting",
    ),
    Entry(
        "ARF",
        DocumentKind.WORK_PLAN,
        "ARF Work Plan on Maritime Security 2024–2027",
        "Kế hoạch công tác của ARF về an ninh biển 2024–2027",
        Disposition.ADOPT,
        "VN",
        state="silence",
    ),
    Entry(
        "ARF",
        DocumentKind.CONCEPT_NOTE,
        "Concept Note on an ARF Workshop on Preventive Diplomacy and Mediation",
        "Khái niệm về Hội thảo ARF về ngoại giao phòng ngừa và hòa giải",
        Disposition.NOTE,
        "ID",
        state="decided",
    ),
]

COMMUNIQUE_DRAFT_1: list[tuple[str, str]] = [
    (ParagraphKind.HEADING, "Introduction"),
    (
        ParagraphKind.PARAGRAPH,
        "We, the Foreign Ministers of the Member States of the Association of Southeast Asian Nations, met in "
        "Vientiane, Lao PDR, on 25 July 2024 under the theme ASEAN: Enhancing Connectivity and Resilience.",
    ),
    (
        ParagraphKind.PARAGRAPH,
        "We welcomed the progress made in implementing the priorities of Lao PDR's ASEAN Chairmanship in 2024.",
    ),
    (ParagraphKind.HEADING, "ASEAN Community Building"),
    (
        ParagraphKind.PARAGRAPH,
        "We reaffirmed our commitment to the full implementation of the ASEAN Community Vision 2025 and noted "
        "the good progress of the High-Level Task Force in drafting the ASEAN Community Vision 2045.",
    ),
    (
        ParagraphKind.PARAGRAPH,
        "We stressed the importance of narrowing the development gap and supporting the newer Member States "
        "through the Initiative for ASEAN Integration Work Plan V.",
    ),
    (
        ParagraphKind.PARAGRAPH,
        "We welcomed the steady progress of Timor-Leste in fulfilling the criteria for full membership and "
        "encouraged continued capacity-building support.",
    ),
    (ParagraphKind.HEADING, "Regional and International Issues"),
    (
        ParagraphKind.PARAGRAPH,
        "We discussed the situation in the South China Sea, on which concerns were expressed by some Ministers "
        "about land reclamations and serious incidents in the area.",
    ),
    (
        ParagraphKind.PARAGRAPH,
        "We reaffirmed the importance of maintaining and promoting peace, security, stability, safety and "
        "freedom of navigation in and overflight above the South China Sea.",
    ),
    (
        ParagraphKind.PARAGRAPH,
        "We underscored the importance of the full and effective implementation of the Declaration on the "
        "Conduct of Parties in the South China Sea in its entirety.",
    ),
    (
        ParagraphKind.PARAGRAPH,
        "We called for the early conclusion of an effective and substantive Code of Conduct in the South China "
        "Sea that is in accordance with international law.",
    ),
    (ParagraphKind.HEADING, "Way Forward"),
    (
        ParagraphKind.PARAGRAPH,
        "We looked forward to the 44th and 45th ASEAN Summits to be held in Vientiane in October 2024.",
    ),
]

GENERIC_TEXT = [
    (ParagraphKind.PARAGRAPH, "The Meeting was held in Vientiane, Lao PDR, on {date}, chaired by {chair}."),
    (ParagraphKind.PARAGRAPH, "The Meeting reviewed the progress of cooperation since the previous meeting."),
    (ParagraphKind.PARAGRAPH, "The Meeting agreed on the priorities for cooperation in the coming year."),
    (ParagraphKind.PARAGRAPH, "The Meeting looked forward to its next meeting in Kuala Lumpur in 2025."),
]

PLAN_TEXT = [
    (ParagraphKind.HEADING, "Purpose"),
    (
        ParagraphKind.PARAGRAPH,
        "This Plan of Action guides the cooperation of the Mekong–U.S. Partnership from 2024 to 2026.",
    ),
    (ParagraphKind.HEADING, "Areas of cooperation"),
    (ParagraphKind.PARAGRAPH, "Economic connectivity: trade facilitation, energy security and digital economy."),
    (ParagraphKind.PARAGRAPH, "Sustainable management of the Mekong River and its natural resources."),
    (ParagraphKind.PARAGRAPH, "Non-traditional security: transnational crime, health security and demining."),
    (ParagraphKind.PARAGRAPH, "Human resources development: education, youth and people-to-people exchanges."),
    (ParagraphKind.HEADING, "Implementation"),
    (ParagraphKind.PARAGRAPH, "Senior officials review the implementation of this Plan every year."),
]

WORK_PLAN_TEXT = [
    (ParagraphKind.PARAGRAPH, "This Work Plan sets out ARF cooperation on maritime security from 2024 to 2027."),
    (ParagraphKind.PARAGRAPH, "Participants will share information on maritime domain awareness."),
    (ParagraphKind.PARAGRAPH, "Participants will hold an annual Inter-Sessional Meeting on Maritime Security."),
    (ParagraphKind.PARAGRAPH, "Participants will build capacity in search and rescue at sea."),
]
