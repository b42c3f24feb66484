"""Demo plans of action. Idempotent: a plan already loaded (same English title) is left as it is, except that a
link to its outcome document is added once the documents demo has put one in the register.

- The SEANWFZ Plan of Action 2023–2027, restricted to the SEANWFZ states parties (an ASEAN-only plan: a
  dialogue partner never sees it). Its areas follow the real plan's themes; its action lines are our own
  illustrative text, marked "(illustrative)". Reports of the ten states parties for 2023 and 2024 — some
  late, some returned for clarification, a few missing, all deterministic —, the review by the SEANWFZ
  Executive Committee on 23 July 2024 with its conclusions, which then amended the plan (revision 2).
- The Mekong–U.S. Partnership Plan of Action 2024–2026 with its four areas, adopted at the 3rd Mekong–U.S.
  Partnership Ministerial Meeting on 27 July 2024: just adopted, no reporting period opened yet.

Dated on the demo clock (demo.clock): nothing is written later than 27 July 2024, and no period falls due
after it, so "late" and "missing" mean the same on the demo's July 2024 and on the real clock the app keeps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from mufakat.accounts.classification import Classification
from mufakat.accounts.rules import SeriesViewer
from mufakat.demo.clock import VIENTIANE, demo_clock
from mufakat.demo.plans_outlines import (
    ILLUSTRATIVE,
    ILLUSTRATIVE_VI,
    MEKONG_US_OUTLINE,
    RETURNED,
    SEANWFZ_CONCLUSIONS_EN,
    SEANWFZ_CONCLUSIONS_VI,
    SEANWFZ_OUTLINE,
    outline_csv,
)
from mufakat.meetings.models import Meeting, Series
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

SEANWFZ_TITLE = "Plan of Action to Strengthen the Implementation of the SEANWFZ Treaty (2023–2027)"
MEKONG_US_TITLE = "Mekong–U.S. Partnership Plan of Action 2024–2026"
JAKARTA = ZoneInfo("Asia/Jakarta")


def _loader() -> SeriesViewer:
    """The demo loader, acting in AMM-57: the week whose meetings adopt and review the plans (plans outlive a
    series; their audit entries are filed under the series the loader works in)."""
    series_id = Series.objects.filter(code="amm-57").values_list("pk", flat=True).first()
    return SeriesViewer.system(series_id, purpose="demo loader")


@dataclass(frozen=True)
class PlansDemoReport:
    plans: list[Plan]
    created: bool


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
        actor=_loader(),
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
        period_freeze(actor=_loader(), period_id=first.pk, at=frozen)
    with demo_clock(datetime(2024, 7, 12, 10, 0, tzinfo=JAKARTA)):
        for (number, code), reason in RETURNED.items():
            report = ImplementationReport.objects.get(period=second, line__number=number, party__code=code)
            report_return(actor=_loader(), report_id=report.pk, reason=reason, expected_version=report.version)
    if excom is not None:
        with demo_clock(datetime.combine(excom.start_date, time(16, 0), tzinfo=VIENTIANE)):
            _seanwfz_review(plan, excom)
    # No 2025 period: on the demo clock (27 July 2024) its reports are a year and a half away, and a period with
    # a deadline in January 2026 would count every report missing on the real clock the app keeps.
    return plan


def _seanwfz_set_up() -> tuple[Plan, ReportingPeriod, ReportingPeriod, Meeting | None]:
    framework = Framework.objects.get(code="SEANWFZ")
    plan = plan_create(
        actor=_loader(),
        title_en=SEANWFZ_TITLE,
        title_vi="Kế hoạch hành động tăng cường thực thi Hiệp ước SEANWFZ (2023–2027)",
        framework=framework,
        start_year=2023,
        end_year=2027,
        classification=Classification.RESTRICTED,
        restricted_to=framework,
    )
    plan_outline_import_csv(actor=_loader(), plan_id=plan.pk, text=outline_csv(SEANWFZ_OUTLINE))
    plan_revision_record(actor=_loader(), plan_id=plan.pk, note="As adopted by the SEANWFZ Commission (illustrative).")
    excom = _meeting("amm-57", "SEANWFZ-EXCOM")
    first = _year_period(plan, 2023, datetime(2024, 1, 31, 17, 0, tzinfo=JAKARTA))
    second = _year_period(plan, 2024, datetime(2024, 7, 5, 17, 0, tzinfo=JAKARTA), review_meeting=excom)
    return plan, first, second, excom


def _seanwfz_review(plan: Plan, excom: Meeting) -> None:
    plan_review_record(
        actor=_loader(),
        plan_id=plan.pk,
        meeting=excom,
        conclusions_en=SEANWFZ_CONCLUSIONS_EN,
        conclusions_vi=SEANWFZ_CONCLUSIONS_VI,
        now=datetime.combine(excom.start_date, time(16, 0), tzinfo=VIENTIANE),
    )
    measure = PlanLine.objects.get(plan=plan, number="3.1")
    line_add(
        actor=_loader(),
        plan_id=plan.pk,
        parent_id=measure.pk,
        title_en="Take part in the IAEA's emergency preparedness exercises (ConvEx)" + ILLUSTRATIVE,
        title_vi="Tham gia các cuộc diễn tập ứng phó sự cố của IAEA (ConvEx)" + ILLUSTRATIVE_VI,
        target_year=2026,
        indicator_en="Reported by each State Party (illustrative)",
    )
    plan_revision_record(
        actor=_loader(), plan_id=plan.pk, meeting=excom, note="As amended following the review of 23 July 2024."
    )


def _load_mekong_us() -> Plan:
    # Recorded as the 3rd Mekong–U.S. Partnership Ministerial Meeting (27 July 2024, 12:30–13:30) adopted it.
    with demo_clock(datetime(2024, 7, 27, 13, 30, tzinfo=VIENTIANE)):
        return _mekong_us_adopted()


def _mekong_us_adopted() -> Plan:
    framework = Framework.objects.get(code="MEKONG-US")
    ministerial = _meeting("amm-57", "MUSP-MIN")
    plan = plan_create(
        actor=_loader(),
        title_en=MEKONG_US_TITLE,
        title_vi="Kế hoạch hành động Quan hệ Đối tác Mê Công – Hoa Kỳ giai đoạn 2024–2026",
        framework=framework,
        start_year=2024,
        end_year=2026,
        classification=Classification.PUBLIC,
        adopted_at_meeting=ministerial,
        adopted_by_document=_adopting_document(ministerial),
    )
    plan_outline_import_csv(actor=_loader(), plan_id=plan.pk, text=outline_csv(MEKONG_US_OUTLINE))
    plan_revision_record(actor=_loader(), plan_id=plan.pk, meeting=ministerial, note="As adopted on 27 July 2024.")
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
