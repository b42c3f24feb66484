"""Plans a viewer may see, one plan, the plans of a meeting, and a plan's outline."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mufakat.accounts.classification import classified_visible_q
from mufakat.accounts.rules import SeriesViewer, viewer_for
from mufakat.core.errors import NotFound
from mufakat.documents.models import OutcomeDocument
from mufakat.documents.selectors import document_list
from mufakat.meetings.models import Meeting, Series
from mufakat.plans.enums import LineKind
from mufakat.plans.membership import framework_members, framework_participants
from mufakat.plans.models import Plan, PlanLine, PlanReview, ReportingPeriod
from mufakat.reference.models import Party
from mufakat.reference.selectors import MembershipIndex

REPORTS_REASON = gettext_lazy(
    "the implementation reports of a plan are for the secretariats and the parties taking part in its framework."
)


def in_series(viewer: SeriesViewer, series: Series) -> SeriesViewer:
    """Roles hold in one series only; in any other the viewer is the public."""
    return viewer if viewer.series_id == series.pk else viewer_for(None, series)


def visible_plans(*, viewer: SeriesViewer, series: Series) -> QuerySet[Plan]:
    viewer = in_series(viewer, series)
    return Plan.objects.filter(classified_visible_q(Plan, viewer, series.start_date))


def plan_list(*, viewer: SeriesViewer, series: Series) -> QuerySet[Plan]:
    """The plans in force during the series (its year falls in their period), and those adopted or reviewed
    at one of its meetings; each with its number of action lines (discontinued ones left out)."""
    reviewed = Exists(PlanReview.objects.filter(plan=OuterRef("pk"), meeting__series=series))
    taken_up = Exists(ReportingPeriod.objects.filter(plan=OuterRef("pk"), review_meeting__series=series))
    return (
        visible_plans(viewer=viewer, series=series)
        .filter(
            Q(start_year__lte=series.end_date.year, end_year__gte=series.start_date.year)
            | Q(adopted_at_meeting__series=series)
            | reviewed
            | taken_up
        )
        .select_related("framework", "restricted_to", "adopted_at_meeting__body", "adopted_by_document")
        .annotate(
            action_line_count=Count(
                "lines", filter=Q(lines__kind=LineKind.ACTION, lines__discontinued=False), distinct=True
            )
        )
        .order_by("-start_year", "title_en", "pk")
    )


def plan_adopting_document(*, viewer: SeriesViewer, series: Series, plan: Plan) -> OutcomeDocument | None:
    """The register entry that adopted the plan, if the viewer may see that document: a plan and the
    document adopting it carry classifications of their own, and the plan's page must not quote the title
    of a draft its reader may not see. The viewer's roles are those of the document's own series."""
    document = plan.adopted_by_document
    if document is None or document.meeting.series is None:
        return None
    document_series = document.meeting.series
    if document_series.pk != series.pk:
        viewer = viewer_for(viewer.user, document_series)
    visible = document_list(viewer=viewer, series=document_series).filter(pk=document.pk)
    return document if visible.exists() else None


def plan_get(*, viewer: SeriesViewer, series: Series, plan_id: int) -> Plan:
    plan = (
        visible_plans(viewer=viewer, series=series)
        .select_related(
            "framework", "restricted_to", "adopted_at_meeting__body", "adopted_by_document__meeting__series"
        )
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        # Someone who may not see it learns nothing, not even that it exists.
        raise NotFound(
            _("no plan of action with id %(plan_id)s in %(series)s.") % {"plan_id": plan_id, "series": series.code},
            field="plan_id",
        )
    return plan


def plans_for_meeting(*, viewer: SeriesViewer, meeting: Meeting) -> dict[str, list[Plan]]:
    """For a meeting's page: the plans it adopted, and those it reviews (a reporting period taken up by it,
    or a recorded review)."""
    if meeting.series is None:
        return {"adopted": [], "reviewed": []}
    plans = visible_plans(viewer=viewer, series=meeting.series).select_related("framework")
    reviewed = Exists(PlanReview.objects.filter(plan=OuterRef("pk"), meeting=meeting)) | Exists(
        ReportingPeriod.objects.filter(plan=OuterRef("pk"), review_meeting=meeting)
    )
    found = list(plans.filter(Q(adopted_at_meeting=meeting) | reviewed).annotate(is_reviewed=reviewed))
    return {
        "adopted": [plan for plan in found if plan.adopted_at_meeting_id == meeting.pk],
        "reviewed": [plan for plan in found if plan.is_reviewed],
    }


def plan_participant_ids(plan: Plan, *, index: MembershipIndex | None = None) -> set[int]:
    return {party.pk for party in framework_participants(plan, index=index).values()}


@dataclass
class OutlineLine:
    line: PlanLine
    lead: list[Party] = field(default_factory=list)
    responsible: list[Party] = field(default_factory=list)
    all_members: bool = False

    @property
    def depth(self) -> int:
        return self.line.depth


def plan_outline(*, plan: Plan, index: MembershipIndex | None = None) -> list[OutlineLine]:
    """Every line in number order with its lead and responsible parties (three queries, plus the membership
    index when none is passed). `all_members` says the responsible parties are exactly the framework's
    members on the plan's reference date, so pages can say so instead of listing ten names."""
    lines = {line.pk: OutlineLine(line=line) for line in PlanLine.objects.filter(plan=plan).order_by("sort_key")}
    lead_through = PlanLine.lead_parties.through.objects.filter(planline__plan=plan).select_related("party")
    for row in lead_through.order_by("party__name_en"):
        lines[row.planline_id].lead.append(row.party)
    responsible_through = PlanLine.responsible_parties.through.objects.filter(planline__plan=plan)
    for through_row in responsible_through.select_related("party").order_by("party__name_en"):
        lines[through_row.planline_id].responsible.append(through_row.party)
    members = {party.pk for party in framework_members(plan, index=index)}
    for entry in lines.values():
        entry.all_members = bool(members) and {party.pk for party in entry.responsible} == members
    return list(lines.values())


def outline_snapshot(*, plan: Plan) -> list[dict[str, object]]:
    """The outline as a revision records it: JSON-safe, one dict per line."""
    return [
        {
            "number": entry.line.number,
            "kind": entry.line.kind,
            "title_en": entry.line.title_en,
            "title_vi": entry.line.title_vi,
            "target_year": entry.line.target_year,
            "discontinued": entry.line.discontinued,
            "lead": [party.code for party in entry.lead],
            "responsible": [party.code for party in entry.responsible],
        }
        for entry in plan_outline(plan=plan)
    ]
