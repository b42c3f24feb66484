"""Request and response schemas for plans of action: plans, their outline and revisions, reporting periods,
implementation reports, due lists and the compiled review."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema

from mufakat.accounts.classification import Classification
from mufakat.api.common import DbInt, Text
from mufakat.plans.enums import PlanStatus, ReportStatus

# Years and free integers the database stores as integers; the service says what is out of range.
Year = Annotated[int, Field(ge=1, le=32767)]
AnyInt = Annotated[int, Field(ge=-2_147_483_648, le=2_147_483_647)]
Code = Annotated[str, Field(max_length=12, pattern=r"^[^\x00]*$")]


# Plans ------------------------------------------------------------------------------------------


class PlanOut(Schema):
    id: int
    title_en: str
    title_vi: str
    framework: str = Field(description="The framework's code, e.g. SEANWFZ.")
    start_year: int
    end_year: int
    status: str
    classification: str
    restricted_to: str | None = Field(description="Framework code, for a restricted plan.")
    adopted_at_meeting: int | None = Field(description="Meeting id.")
    adopted_by_document: int | None = Field(description="Outcome document id (the register entry).")
    revision: int = Field(description="The latest recorded revision of the outline (0: none yet).")
    action_lines: int = Field(description="Action lines in force (discontinued ones left out).")
    version: int = Field(description="Send it back when changing the plan; a stale one is refused with 409.")


class LineOut(Schema):
    id: int
    number: str = Field(description="Stable for the life of the plan, e.g. 2.1.3.")
    kind: str = Field(description="area, measure or action.")
    parent_id: int | None
    title_en: str
    title_vi: str
    text_en: str
    text_vi: str
    target_year: int | None
    indicator_en: str
    indicator_vi: str
    discontinued: bool
    lead: list[str] = Field(description="Party codes.")
    responsible: list[str] = Field(description="Party codes: who reports on the line.")
    version: int


class PeriodOut(Schema):
    id: int
    label: str
    starts_on: date
    ends_on: date
    due_at: datetime = Field(description="UTC.")
    due_at_local: datetime = Field(description="In the time zone the deadline was set in.")
    time_zone: str
    review_meeting: int | None = Field(description="The meeting that takes the reports up (id).")
    frozen_at: datetime | None
    version: int


class PlanChangeOut(Schema):
    kind: str = Field(
        description="added, discontinued, reinstated, retitled, target_changed, lead_changed or responsible_changed."
    )
    number: str
    title: str
    before: str | None
    after: str | None


class RevisionOut(Schema):
    number: int
    meeting: int | None
    recorded_at: datetime
    note: str
    changelog: list[PlanChangeOut]


class ReviewRefOut(Schema):
    meeting: int
    period: str | None
    recorded_at: datetime


class PlanDetailOut(PlanOut):
    lines: list[LineOut]
    periods: list[PeriodOut]
    revisions: list[RevisionOut]
    reviews: list[ReviewRefOut]


class PlanVersionOut(Schema):
    """A 409 on a plan: the version that holds now."""

    version: int


class PlanIn(Schema):
    title_en: Text = Field(max_length=300)
    title_vi: Text = Field("", max_length=400)
    framework: Code
    start_year: Year
    end_year: Year
    classification: Classification = Classification.RESTRICTED
    restricted_to: Code | None = Field(None, description="Framework code; default: the plan's framework.")
    confidential_to: list[Code] = Field(default_factory=list, max_length=60)
    adopted_at_meeting: DbInt | None = None


class PlanPatchIn(Schema):
    version: DbInt
    title_en: Text | None = Field(None, max_length=300)
    title_vi: Text | None = Field(None, max_length=400)
    start_year: Year | None = None
    end_year: Year | None = None
    status: PlanStatus | None = None


class OutlineImportOut(Schema):
    created: int
    lines: list[LineOut]


class LineIn(Schema):
    parent_id: DbInt | None = Field(None, description="An area (for a measure) or a measure (for an action line).")
    title_en: Text = Field(max_length=500)
    title_vi: Text = Field("", max_length=600)
    text_en: Text = Field("", max_length=8000)
    text_vi: Text = Field("", max_length=8000)
    target_year: Year | None = None
    indicator_en: Text = Field("", max_length=2000)
    indicator_vi: Text = Field("", max_length=2000)
    lead: list[Code] = Field(default_factory=list, max_length=60)
    responsible: list[Code] | None = Field(
        None, max_length=60, description="Party codes; absent: every member of the plan's framework."
    )


class LinePatchIn(Schema):
    version: DbInt
    title_en: Text | None = Field(None, max_length=500)
    title_vi: Text | None = Field(None, max_length=600)
    text_en: Text | None = Field(None, max_length=8000)
    text_vi: Text | None = Field(None, max_length=8000)
    target_year: Year | None = None
    indicator_en: Text | None = Field(None, max_length=2000)
    indicator_vi: Text | None = Field(None, max_length=2000)
    lead: list[Code] | None = Field(None, max_length=60)
    responsible: list[Code] | None = Field(None, max_length=60)
    discontinued: bool | None = Field(None, description="true discontinues the line (and those under it).")


class RevisionIn(Schema):
    meeting: DbInt | None = Field(None, description="The meeting that amended the plan; absent: as adopted.")
    note: Text = Field("", max_length=500)


class PeriodIn(Schema):
    label: Text = Field(max_length=40)
    starts_on: date
    ends_on: date
    due_at: datetime = Field(description="With a UTC offset, e.g. 2025-01-31T17:00:00+07:00.")
    time_zone: Text = Field("Asia/Jakarta", max_length=64)
    review_meeting: DbInt | None = None


class FreezeIn(Schema):
    meeting: DbInt | None = Field(None, description="The meeting taking the reports up.")


# Reports ----------------------------------------------------------------------------------------


class ReportOut(Schema):
    id: int
    line: str
    line_title: str
    period: str
    party: str
    status: str
    progress: int
    narrative: str
    links: list[str]
    state: str = Field(description="draft, submitted, returned or frozen.")
    returned_reason: str
    submitted_at: datetime | None
    late: bool = Field(description="Submitted after the period's deadline.")
    version: int


class ReportIn(Schema):
    line: Text = Field(max_length=32, description="The action line's number, e.g. 2.1.3.")
    period: Text = Field(max_length=40, description="The reporting period's label, e.g. 2024.")
    party: Code
    status: ReportStatus
    progress: AnyInt = Field(description="0 to 100.")
    narrative: Text = Field("", max_length=4000)
    links: list[Text] = Field(default_factory=list, max_length=10)
    submit: bool = Field(False, description="true submits the report; false keeps (or takes it back to) a draft.")
    version: AnyInt | None = Field(None, description="The report's current version when changing one.")


class ReturnIn(Schema):
    reason: Text = Field(max_length=2000)
    version: DbInt


class DueLineOut(Schema):
    line: str
    title: str
    state: str | None = Field(description="The report's state, or null when nothing was written yet.")
    report_id: int | None


class DueOut(Schema):
    plan: int
    plan_title: str
    period: str
    due_at: datetime
    due_at_local: datetime
    late: bool = Field(description="The deadline has passed.")
    party: str
    lines: int
    submitted: int
    outstanding: list[DueLineOut] = Field(description="Action lines without a submitted report.")


# The review -------------------------------------------------------------------------------------


class RollUpOut(Schema):
    key: str
    label: str
    expected: int
    completed: int
    ongoing: int
    not_started: int
    discontinued: int
    unreported: int
    mean_progress: float | None


class StatusChangeOut(Schema):
    number: str
    title: str
    party: str
    before: str | None
    after: str | None
    before_progress: int | None
    after_progress: int | None


class LineListOut(Schema):
    number: str
    title: str
    parties: list[str]
    target_year: int | None = None


class ReviewOut(Schema):
    plan: int
    meeting: int
    period: str | None
    previous_period: str | None
    recorded: bool = Field(description="false: figures compiled now; true: as recorded with the conclusions.")
    recorded_at: datetime | None
    conclusions_en: str
    conclusions_vi: str
    version: int | None = Field(description="The review's version (send it back when changing the conclusions).")
    action_lines: int
    overall: RollUpOut
    by_area: list[RollUpOut]
    by_party: list[RollUpOut]
    changes: list[StatusChangeOut]
    overdue: list[LineListOut]
    unreported: list[LineListOut]


class ConclusionsNowOut(Schema):
    """A 409 on a review's conclusions: the version and the English conclusions that hold now."""

    version: int
    conclusions_en: str


class ConclusionsIn(Schema):
    conclusions_en: Text = Field(max_length=20000)
    conclusions_vi: Text = Field("", max_length=20000)
    version: DbInt | None = Field(None, description="The review's version when changing recorded conclusions.")
