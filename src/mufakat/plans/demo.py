"""Demo plans of action. Idempotent: a plan already loaded (same English title) is left as it is, except that a
link to its outcome document is added once the documents demo has put one in the register.

- The SEANWFZ Plan of Action 2023–2027, restricted to the SEANWFZ states parties (an ASEAN-only plan: a
  dialogue partner never sees it). Its areas follow the real plan's themes; its action lines are our own
  illustrative text, marked "(illustrative)". Reports of the ten states parties for 2023 and 2024 — some
  late, some returned for clarification, a few missing, all deterministic —, the review by the SEANWFZ
  Executive Committee on 23 July 2024 with its conclusions, which then amended the plan (revision 2).
- The Mekong–U.S. Partnership Plan of Action 2024–2026 with its four areas, adopted at the 3rd Mekong–U.S.
  Partnership Ministerial Meeting on 27 July 2024: just adopted, no reporting period opened yet.

Dated on the demo clock (meetings.demo): nothing is written later than 27 July 2024, and no period falls due
after it, so "late" and "missing" mean the same on the demo's July 2024 and on the real clock the app keeps."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.classification import Classification
from mufakat.meetings.demo import VIENTIANE, demo_clock
from mufakat.meetings.models import Meeting
from mufakat.plans.enums import LineKind, ReportState, ReportStatus
from mufakat.plans.models import ImplementationReport, Plan, PlanLine, ReportingPeriod
from mufakat.plans.services import (
    line_add,
    period_create,
    period_freeze,
    plan_create,
    plan_outline_import_csv,
    plan_review_record,
    plan_revision_record,
    report_return,
)
from mufakat.reference.models import Framework, Party

DEMO_PURPOSE = "plans demo loader"
SYSTEM = SeriesViewer.system(None, purpose=DEMO_PURPOSE)

SEANWFZ_TITLE = "Plan of Action to Strengthen the Implementation of the SEANWFZ Treaty (2023–2027)"
MEKONG_US_TITLE = "Mekong–U.S. Partnership Plan of Action 2024–2026"
JAKARTA = ZoneInfo("Asia/Jakarta")
ILLUSTRATIVE = " (illustrative)"
_ILLUSTRATIVE_VI = " (minh họa)"

# number, title_en, title_vi, lead, target year
SEANWFZ_OUTLINE: list[tuple[str, str, str, str, str]] = [
    (
        "1",
        "The Treaty and its Protocol with the nuclear-weapon states",
        "Hiệp ước và Nghị định thư với các quốc gia có vũ khí hạt nhân",
        "",
        "",
    ),
    (
        "1.1",
        "Signature of the Protocol by the nuclear-weapon states",
        "Việc các quốc gia có vũ khí hạt nhân ký Nghị định thư",
        "",
        "",
    ),
    (
        "1.1.1",
        "Hold yearly consultations with the five nuclear-weapon states on signing the Protocol",
        "Tổ chức tham vấn hằng năm với năm quốc gia có vũ khí hạt nhân về việc ký Nghị định thư",
        "ID",
        "2025",
    ),
    (
        "1.1.2",
        "Agree a common position on reservations to the Protocol",
        "Thống nhất lập trường chung về các bảo lưu đối với Nghị định thư",
        "SG",
        "2024",
    ),
    ("1.2", "Reporting under the Treaty", "Báo cáo theo Hiệp ước", "", ""),
    (
        "1.2.1",
        "Submit national reports on implementing the Treaty to the Executive Committee",
        "Nộp báo cáo quốc gia về thực thi Hiệp ước cho Ủy ban Điều hành",
        "",
        "2027",
    ),
    (
        "1.2.2",
        "Adopt an updated template for national reports",
        "Thông qua mẫu báo cáo quốc gia cập nhật",
        "MY",
        "2023",
    ),
    ("2", "Nuclear safety and security", "An toàn và an ninh hạt nhân", "", ""),
    ("2.1", "Regulatory frameworks", "Khuôn khổ pháp lý", "", ""),
    (
        "2.1.1",
        "Review national nuclear safety legislation against IAEA safety standards",
        "Rà soát pháp luật quốc gia về an toàn hạt nhân theo tiêu chuẩn an toàn của IAEA",
        "VN",
        "2025",
    ),
    (
        "2.1.2",
        "Exchange regulatory experience through the ASEAN Network of Regulatory Bodies on Atomic Energy",
        "Trao đổi kinh nghiệm quản lý qua Mạng lưới các cơ quan quản lý năng lượng nguyên tử ASEAN",
        "TH",
        "2026",
    ),
    (
        "2.1.3",
        "Accede to the Convention on Nuclear Safety and the amended Convention on the Physical Protection of "
        "Nuclear Material",
        "Gia nhập Công ước An toàn hạt nhân và Công ước sửa đổi về Bảo vệ thực thể vật liệu hạt nhân",
        "",
        "2027",
    ),
    ("2.2", "Nuclear security", "An ninh hạt nhân", "", ""),
    (
        "2.2.1",
        "Strengthen the detection of illicit trafficking in nuclear material at borders",
        "Tăng cường phát hiện buôn bán trái phép vật liệu hạt nhân tại biên giới",
        "PH",
        "2026",
    ),
    (
        "2.2.2",
        "Train customs and border officials in radiation detection",
        "Đào tạo cán bộ hải quan và biên phòng về phát hiện phóng xạ",
        "MY",
        "2024",
    ),
    ("3", "Emergency preparedness and response", "Chuẩn bị và ứng phó sự cố", "", ""),
    ("3.1", "Regional arrangements", "Các thỏa thuận khu vực", "", ""),
    (
        "3.1.1",
        "Develop a regional early-notification arrangement for radiological emergencies",
        "Xây dựng thỏa thuận khu vực về thông báo sớm sự cố phóng xạ",
        "TH",
        "2025",
    ),
    (
        "3.1.2",
        "Hold a regional table-top exercise on a radiological emergency",
        "Tổ chức diễn tập trên bàn cấp khu vực về sự cố phóng xạ",
        "LA",
        "2024",
    ),
    ("3.2", "National capacities", "Năng lực quốc gia", "", ""),
    (
        "3.2.1",
        "Update national radiological emergency plans",
        "Cập nhật kế hoạch ứng phó sự cố phóng xạ quốc gia",
        "",
        "2026",
    ),
    (
        "3.2.2",
        "Connect national environmental radiation monitoring networks so they share data",
        "Kết nối mạng lưới quan trắc phóng xạ môi trường quốc gia để chia sẻ dữ liệu",
        "SG",
        "2027",
    ),
    ("4", "Cooperation with the IAEA and other partners", "Hợp tác với IAEA và các đối tác khác", "", ""),
    ("4.1", "International Atomic Energy Agency", "Cơ quan Năng lượng Nguyên tử Quốc tế", "", ""),
    (
        "4.1.1",
        "Carry out the Practical Arrangements between ASEAN and the IAEA",
        "Thực hiện Thỏa thuận thực tiễn giữa ASEAN và IAEA",
        "IAEA ID",
        "2027",
    ),
    (
        "4.1.2",
        "Conclude comprehensive safeguards agreements and additional protocols with the IAEA",
        "Ký kết hiệp định bảo đảm toàn diện và nghị định thư bổ sung với IAEA",
        "",
        "2025",
    ),
    ("4.2", "Other partners and the public", "Các đối tác khác và công chúng", "", ""),
    (
        "4.2.1",
        "Cooperate with the CTBTO and the other nuclear-weapon-free zones",
        "Hợp tác với CTBTO và các khu vực không có vũ khí hạt nhân khác",
        "KH",
        "2026",
    ),
    (
        "4.2.2",
        "Raise public awareness of the Treaty on its anniversary",
        "Nâng cao nhận thức của công chúng về Hiệp ước nhân dịp kỷ niệm",
        "BN",
        "2023",
    ),
]

MEKONG_US_OUTLINE: list[tuple[str, str, str, str, str]] = [
    ("1", "Economic connectivity", "Kết nối kinh tế", "", ""),
    ("1.1", "Trade facilitation and infrastructure", "Tạo thuận lợi thương mại và cơ sở hạ tầng", "", ""),
    (
        "1.1.1",
        "Support cross-border trade facilitation along the Mekong corridors",
        "Hỗ trợ tạo thuận lợi thương mại xuyên biên giới dọc các hành lang Mê Công",
        "TH US",
        "2026",
    ),
    (
        "1.1.2",
        "Share good practice on quality infrastructure investment",
        "Chia sẻ thực tiễn tốt về đầu tư cơ sở hạ tầng chất lượng",
        "US",
        "2025",
    ),
    (
        "2",
        "Sustainable management of water and natural resources",
        "Quản lý bền vững nước và tài nguyên thiên nhiên",
        "",
        "",
    ),
    ("2.1", "Water data and energy", "Dữ liệu nước và năng lượng", "", ""),
    (
        "2.1.1",
        "Share Mekong water and dam-operation data through the Mekong Water Data Initiative",
        "Chia sẻ dữ liệu nước và vận hành đập qua Sáng kiến Dữ liệu nước Mê Công",
        "VN US",
        "2026",
    ),
    (
        "2.1.2",
        "Support regional power trade and clean energy",
        "Hỗ trợ thương mại điện khu vực và năng lượng sạch",
        "LA",
        "2026",
    ),
    ("3", "Non-traditional security", "An ninh phi truyền thống", "", ""),
    ("3.1", "Transnational crime and health security", "Tội phạm xuyên quốc gia và an ninh y tế", "", ""),
    (
        "3.1.1",
        "Counter trafficking in persons and wildlife",
        "Phòng chống mua bán người và động vật hoang dã",
        "KH US",
        "2026",
    ),
    (
        "3.1.2",
        "Strengthen preparedness for pandemics and emerging diseases",
        "Tăng cường chuẩn bị ứng phó đại dịch và bệnh mới nổi",
        "MM",
        "2025",
    ),
    ("4", "Human resources development", "Phát triển nguồn nhân lực", "", ""),
    ("4.1", "Education and young leaders", "Giáo dục và lãnh đạo trẻ", "", ""),
    (
        "4.1.1",
        "Run the Mekong–U.S. young leaders and scholarship programmes",
        "Triển khai các chương trình lãnh đạo trẻ và học bổng Mê Công – Hoa Kỳ",
        "US",
        "2026",
    ),
    (
        "4.1.2",
        "Offer technical and vocational training on the digital economy",
        "Đào tạo kỹ thuật và nghề về kinh tế số",
        "VN",
        "2026",
    ),
]

RETURNED = {
    ("2.1.1", "PH"): "Please give the date the amended nuclear safety law entered into force (illustrative).",
    ("3.2.2", "ID"): "Please say which monitoring stations already share data, and since when (illustrative).",
    ("4.1.2", "VN"): "Please attach the signed additional protocol or say when signature is expected (illustrative).",
}
SEANWFZ_CONCLUSIONS_EN = (
    "The Executive Committee reviewed the implementation of the Plan of Action in 2024 on the basis of the "
    "compiled reports of the States Parties. It noted progress in nuclear safety and emergency preparedness, "
    "urged States Parties to complete the overdue action lines 1.2.2 and 4.2.2, asked those that have not "
    "reported to do so by the next review, and recommended that the Commission add an action line on "
    "participation in the IAEA's emergency exercises (3.1.3). (Illustrative text.)"
)
SEANWFZ_CONCLUSIONS_VI = (
    "Ủy ban Điều hành đã rà soát việc thực hiện Kế hoạch hành động năm 2024 trên cơ sở báo cáo tổng hợp của "
    "các Quốc gia thành viên; ghi nhận tiến triển về an toàn hạt nhân và chuẩn bị ứng phó sự cố; đề nghị các "
    "Quốc gia thành viên hoàn thành các dòng hành động quá hạn 1.2.2 và 4.2.2; đề nghị các nước chưa báo cáo "
    "gửi báo cáo trước kỳ rà soát tới; và khuyến nghị Ủy ban bổ sung dòng hành động 3.1.3 về tham gia các "
    "cuộc diễn tập ứng phó sự cố của IAEA. (Văn bản minh họa.)"
)


@dataclass(frozen=True)
class PlansDemoReport:
    plans: list[Plan]
    created: bool


def _outline_csv(outline: list[tuple[str, str, str, str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["number", "title_en", "title_vi", "lead", "target_year", "indicator_en"])
    for number, title_en, title_vi, lead, target in outline:
        action = number.count(".") == 2
        writer.writerow(
            [
                number,
                title_en + (ILLUSTRATIVE if action else ""),
                title_vi + (_ILLUSTRATIVE_VI if action else ""),
                lead,
                target,
                "Reported by each State Party (illustrative)" if action else "",
            ]
        )
    return buffer.getvalue()


def _meeting(series_code: str, body_code: str) -> Meeting | None:
    return Meeting.objects.select_related("body").filter(series__code=series_code, body__code=body_code).first()


def _adopting_document(meeting: Meeting | None) -> object | None:
    """The plan's entry in the adopting meeting's register, when the documents demo has written one."""
    if meeting is None:
        return None
    from mufakat.documents.models import OutcomeDocument  # noqa: PLC0415 - the documents app may load later

    return OutcomeDocument.objects.filter(meeting=meeting, kind="plan_of_action").order_by("position", "pk").first()


def _link_document(plan: Plan) -> None:
    document = _adopting_document(plan.adopted_at_meeting)
    if plan.adopted_by_document_id is None and document is not None:
        Plan.objects.filter(pk=plan.pk).update(adopted_by_document=document)


def _status(seed: int) -> tuple[str, int]:
    if seed <= 2:
        return ReportStatus.NOT_STARTED, 0
    if seed <= 7:
        return ReportStatus.ONGOING, 20 + 10 * (seed - 3)
    return ReportStatus.COMPLETED, 100


def _advance(status: str, progress: int, nudge: int) -> tuple[str, int]:
    if status == ReportStatus.NOT_STARTED:
        return (ReportStatus.ONGOING, 20) if nudge % 3 else (ReportStatus.NOT_STARTED, 0)
    if status == ReportStatus.ONGOING:
        return (ReportStatus.COMPLETED, 100) if progress + 30 >= 100 else (ReportStatus.ONGOING, progress + 30)
    return status, progress


def _seanwfz_reports(plan: Plan, first: ReportingPeriod, second: ReportingPeriod) -> None:
    """Deterministic reports of the ten States Parties on every action line, 2023 and 2024."""
    lines = list(PlanLine.objects.filter(plan=plan, kind=LineKind.ACTION).order_by("sort_key"))
    responsible = PlanLine.responsible_parties.through.objects.filter(planline__plan=plan).select_related("party")
    parties = sorted({row.party for row in responsible}, key=lambda party: party.name_en)
    reports = []
    for i, line in enumerate(lines):
        for j, party in enumerate(parties):
            status, progress = _status((i * 7 + j * 3) % 10)
            if line.target_year == 2023 and (i + j) % 4:
                status, progress = ReportStatus.COMPLETED, 100
            if (i + 2 * j) % 13 != 5:
                submitted = first.due_at - timedelta(days=j + 1, hours=3)
                reports.append(
                    _report(
                        line,
                        first,
                        party=party,
                        status=status,
                        progress=progress,
                        submitted=submitted,
                        state=ReportState.SUBMITTED,
                    )
                )
            status, progress = _advance(status, progress, i + j)
            if (i * 5 + j) % 17 == 3:
                continue  # nothing sent for 2024
            late = j % 4 == 1
            submitted = second.due_at + (timedelta(days=3) if late else -timedelta(days=j + 1, hours=2))
            state = ReportState.DRAFT if (i * 3 + j) % 23 == 7 else ReportState.SUBMITTED
            reports.append(
                _report(line, second, party=party, status=status, progress=progress, submitted=submitted, state=state)
            )
    ImplementationReport.objects.bulk_create(reports)


def _report(
    line: PlanLine,
    period: ReportingPeriod,
    *,
    party: Party,
    status: str,
    progress: int,
    submitted: datetime,
    state: str,
) -> ImplementationReport:
    handed_in = state != ReportState.DRAFT
    return ImplementationReport(
        line=line,
        period=period,
        party=party,
        status=status,
        progress=progress,
        narrative=f"{party.name_en}: {_narrative(status, progress)} (illustrative)",
        links=[],
        state=state,
        created_at=submitted - timedelta(days=5),
        updated_at=submitted,
        submitted_at=submitted if handed_in else None,
    )


def _narrative(status: str, progress: int) -> str:
    if status == ReportStatus.COMPLETED:
        return "completed as planned."
    if status == ReportStatus.NOT_STARTED:
        return "preparations have not started yet."
    return f"work under way, about {progress}% done."


def _year_period(plan: Plan, year: int, due_at: datetime, *, review_meeting: Meeting | None = None) -> ReportingPeriod:
    """A calendar-year reporting period, its deadline set in the time zone `due_at` carries."""
    zone = due_at.tzinfo
    assert isinstance(zone, ZoneInfo)  # noqa: S101 - the demo's deadlines are all set in a named zone
    return period_create(
        actor=SYSTEM,
        plan_id=plan.pk,
        label=str(year),
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        due_at=due_at,
        time_zone=zone.key,
        review_meeting=review_meeting,
    )


def _load_seanwfz() -> Plan:
    # Entered in the workbench in January 2024, before the 2023 reports came in; dated on the demo clock.
    with demo_clock(datetime(2024, 1, 8, 9, 0, tzinfo=JAKARTA)):
        plan, first, second, excom = _seanwfz_set_up()
    _seanwfz_reports(plan, first, second)
    # The 2023 reports were consolidated by the ASEAN Secretariat into its annual report (illustrative).
    frozen = datetime(2024, 2, 15, 9, 0, tzinfo=JAKARTA)
    with demo_clock(frozen):
        period_freeze(actor=SYSTEM, period_id=first.pk, at=frozen)
    with demo_clock(datetime(2024, 7, 12, 10, 0, tzinfo=JAKARTA)):
        for (number, code), reason in RETURNED.items():
            report = ImplementationReport.objects.get(period=second, line__number=number, party__code=code)
            report_return(actor=SYSTEM, report_id=report.pk, reason=reason, expected_version=report.version)
    if excom is not None:
        with demo_clock(datetime.combine(excom.start_date, time(16, 0), tzinfo=VIENTIANE)):
            _seanwfz_review(plan, excom)
    # No 2025 period: on the demo clock (27 July 2024) its reports are a year and a half away, and a period with
    # a deadline in January 2026 would count every report missing on the real clock the app keeps.
    return plan


def _seanwfz_set_up() -> tuple[Plan, ReportingPeriod, ReportingPeriod, Meeting | None]:
    framework = Framework.objects.get(code="SEANWFZ")
    plan = plan_create(
        actor=SYSTEM,
        title_en=SEANWFZ_TITLE,
        title_vi="Kế hoạch hành động tăng cường thực thi Hiệp ước SEANWFZ (2023–2027)",
        framework=framework,
        start_year=2023,
        end_year=2027,
        classification=Classification.RESTRICTED,
        restricted_to=framework,
    )
    plan_outline_import_csv(actor=SYSTEM, plan_id=plan.pk, text=_outline_csv(SEANWFZ_OUTLINE))
    plan_revision_record(actor=SYSTEM, plan_id=plan.pk, note="As adopted by the SEANWFZ Commission (illustrative).")
    excom = _meeting("amm-57", "SEANWFZ-EXCOM")
    first = _year_period(plan, 2023, datetime(2024, 1, 31, 17, 0, tzinfo=JAKARTA))
    second = _year_period(plan, 2024, datetime(2024, 7, 5, 17, 0, tzinfo=JAKARTA), review_meeting=excom)
    return plan, first, second, excom


def _seanwfz_review(plan: Plan, excom: Meeting) -> None:
    plan_review_record(
        actor=SeriesViewer.system(excom.series_id, purpose=DEMO_PURPOSE),
        plan_id=plan.pk,
        meeting=excom,
        conclusions_en=SEANWFZ_CONCLUSIONS_EN,
        conclusions_vi=SEANWFZ_CONCLUSIONS_VI,
        now=datetime.combine(excom.start_date, time(16, 0), tzinfo=VIENTIANE),
    )
    measure = PlanLine.objects.get(plan=plan, number="3.1")
    line_add(
        actor=SYSTEM,
        plan_id=plan.pk,
        parent_id=measure.pk,
        title_en="Take part in the IAEA's emergency preparedness exercises (ConvEx)" + ILLUSTRATIVE,
        title_vi="Tham gia các cuộc diễn tập ứng phó sự cố của IAEA (ConvEx)" + _ILLUSTRATIVE_VI,
        target_year=2026,
        indicator_en="Reported by each State Party (illustrative)",
    )
    plan_revision_record(
        actor=SYSTEM, plan_id=plan.pk, meeting=excom, note="As amended following the review of 23 July 2024."
    )


def _load_mekong_us() -> Plan:
    # Recorded as the 3rd Mekong–U.S. Partnership Ministerial Meeting (27 July 2024, 12:30–13:30) adopted it.
    with demo_clock(datetime(2024, 7, 27, 13, 30, tzinfo=VIENTIANE)):
        return _mekong_us_adopted()


def _mekong_us_adopted() -> Plan:
    framework = Framework.objects.get(code="MEKONG-US")
    ministerial = _meeting("amm-57", "MUSP-MIN")
    plan = plan_create(
        actor=SYSTEM,
        title_en=MEKONG_US_TITLE,
        title_vi="Kế hoạch hành động Quan hệ Đối tác Mê Công – Hoa Kỳ giai đoạn 2024–2026",
        framework=framework,
        start_year=2024,
        end_year=2026,
        classification=Classification.PUBLIC,
        adopted_at_meeting=ministerial,
        adopted_by_document=_adopting_document(ministerial),
    )
    plan_outline_import_csv(actor=SYSTEM, plan_id=plan.pk, text=_outline_csv(MEKONG_US_OUTLINE))
    plan_revision_record(actor=SYSTEM, plan_id=plan.pk, meeting=ministerial, note="As adopted on 27 July 2024.")
    # Just adopted: its secretariat opens the first reporting period later (none yet on the demo clock).
    return plan


@transaction.atomic
def plans_demo_load() -> PlansDemoReport:
    """Load both demo plans once; on later runs only link the Mekong–U.S. plan to its outcome document."""
    plans = []
    created = False
    for title, loader in ((SEANWFZ_TITLE, _load_seanwfz), (MEKONG_US_TITLE, _load_mekong_us)):
        plan = Plan.objects.select_related("adopted_at_meeting").filter(title_en=title).first()
        if plan is None:
            plan = loader()
            created = True
        _link_document(plan)
        plans.append(plan)
    return PlansDemoReport(plans=plans, created=created)
