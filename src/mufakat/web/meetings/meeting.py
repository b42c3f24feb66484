"""A meeting's page with its agenda and the SOM's recommendation chain ("recommended to the 57th AMM" /
"prepared by the SOM"), the chair's agenda editor and the recommendation and decision forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.conditional import anonymous_conditional
from mufakat.core.errors import NotFound, ValidationFailed
from mufakat.core.i18n import active_language
from mufakat.documents.models import JourneyStep
from mufakat.documents.selectors import meeting_journey_documents
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.enums import RecommendationSubject
from mufakat.meetings.models import Meeting, Recommendation
from mufakat.meetings.rules import is_series_chair
from mufakat.meetings.selectors import AgendaNode, agenda_flat, recommendations_for
from mufakat.meetings.services import agenda_item_add, agenda_item_remove, recommendation_decide, recommendation_make
from mufakat.publishing.selectors import series_stamp
from mufakat.web.common import form_add_error, meeting_view, page
from mufakat.web.documents.journey import viewers_of
from mufakat.web.meetings.forms import (
    AgendaItemForm,
    AgendaRemoveForm,
    RecommendationDecisionForm,
    RecommendationForm,
)


def _can_edit(viewer: SeriesViewer, meeting: Meeting) -> bool:
    """Whether to show the chair's forms; the agendas services refuse anyone else's writes."""
    return is_series_chair(viewer, meeting.series_id)


SUBJECT_ORDER: list[str] = [
    RecommendationSubject.PROGRAMME,
    RecommendationSubject.AGENDA,
    RecommendationSubject.DOCUMENT_LIST,
    RecommendationSubject.DOCUMENT,
]


def _grouped(recommendations: list[Recommendation], *, by: str) -> list[tuple[Meeting, list[Recommendation]]]:
    """By the meeting at the other end of the chain; programme, agenda, list of documents, then documents."""
    groups: dict[int, tuple[Meeting, list[Recommendation]]] = {}
    ordered = sorted(recommendations, key=lambda r: (SUBJECT_ORDER.index(r.subject), r.pk))
    for recommendation in ordered:
        other: Meeting = getattr(recommendation, by)
        groups.setdefault(other.pk, (other, []))[1].append(recommendation)
    return list(groups.values())


def _recommendation_form(
    meeting: Meeting, viewer: SeriesViewer, prepares: list[Meeting], data: Any = None
) -> RecommendationForm | None:
    if not (prepares and meeting.series is not None):
        return None
    releases = list(meeting_selectors.programme_release_list(series=meeting.series))
    return RecommendationForm(data, to_meetings=prepares, releases=releases)


def _meeting_page(
    request: HttpRequest,
    meeting: Meeting,
    viewer: SeriesViewer,
    *,
    recommendation_form: RecommendationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    recommendations = recommendations_for(viewer=viewer, meeting=meeting)
    prepares = meeting_selectors.meeting_prepares(meeting=meeting)
    can_edit = _can_edit(viewer, meeting)
    return page(
        request,
        "meeting_detail.html",
        {
            "meeting": meeting,
            "sessions": meeting.sessions.select_related("room").order_by("starts_at"),
            "attending": meeting_selectors.meeting_attendance(meeting=meeting),
            "prepared_by": meeting_selectors.meeting_prepared_by(meeting=meeting),
            "prepares": prepares,
            "agenda": agenda_flat(meeting=meeting),
            "recommended_to": _grouped(recommendations["made"], by="to_meeting"),
            "prepared_with": _grouped(recommendations["received"], by="from_meeting"),
            "can_edit": can_edit,
            "recommendation_form": (recommendation_form or _recommendation_form(meeting, viewer, prepares))
            if can_edit
            else None,
            "decision_form": RecommendationDecisionForm() if can_edit else None,
            # Its own register and the documents it takes up on their way elsewhere (a consultation's draft).
            "documents": meeting_journey_documents(meeting=meeting, viewer_of=viewers_of(request, viewer)),
        },
        viewer=viewer,
        status=status,
    )


@require_safe
@meeting_view()
def meeting_detail(request: HttpRequest, meeting: Meeting, viewer: SeriesViewer) -> HttpResponse:
    series = meeting.series
    if series is None:
        return _meeting_page(request, meeting, viewer)
    stamp = series_stamp(series=series)
    decided = Recommendation.objects.filter(from_meeting__series=series).aggregate(n=Count("pk"), at=Max("decided_at"))
    # Documents of other series taking this meeting up on their journey change the page without touching the
    # series' stamp: their steps and their versions go into the key too.
    journeys = JourneyStep.objects.filter(meeting=meeting).aggregate(
        n=Count("pk"), last=Max("pk"), versions=Sum("document__version")
    )
    today = timezone.now().date().isoformat()
    return anonymous_conditional(
        request,
        key=(
            f"meeting:{meeting.pk}:{stamp.key}:{decided['n']}:{decided['at']}:"
            f"{journeys['n']}:{journeys['last']}:{journeys['versions']}:{active_language()}:{today}"
        ),
        last_modified=stamp.at,
        render=lambda: _meeting_page(request, meeting, viewer),
    )


def _meeting_url(meeting: Meeting, anchor: str = "") -> str:
    return reverse("web:meeting-detail", args=[meeting.pk]) + (f"#{anchor}" if anchor else "")


@require_POST
@meeting_view(login_required=True)
def recommendation_new(request: HttpRequest, meeting: Meeting, viewer: SeriesViewer) -> HttpResponse:
    prepares = meeting_selectors.meeting_prepares(meeting=meeting)
    form = _recommendation_form(meeting, viewer, prepares, request.POST)
    if form is None:
        raise ValidationFailed(
            _("%(meeting)s prepares no meeting of this series; it has nobody to recommend to.")
            % {"meeting": meeting.short_title},
            field="to_meeting",
        )
    if not form.is_valid():
        return _meeting_page(request, meeting, viewer, recommendation_form=form, status=400)
    try:
        recommendation = recommendation_make(actor=viewer, from_meeting=meeting, **form.recommendation_data())
    except ValidationFailed as exc:
        form_add_error(form, exc)
        return _meeting_page(request, meeting, viewer, recommendation_form=form, status=exc.status_code)
    messages.success(
        request,
        _("The recommendation of the %(subject)s to %(meeting)s is recorded.")
        % {"subject": recommendation.get_subject_display().lower(), "meeting": recommendation.to_meeting.short_title},
    )
    return redirect(_meeting_url(meeting, "recommendations"))


@require_POST
@meeting_view(login_required=True)
def recommendation_decide_view(
    request: HttpRequest, meeting: Meeting, viewer: SeriesViewer, recommendation_id: int
) -> HttpResponse:
    received = recommendations_for(viewer=viewer, meeting=meeting)["received"]
    recommendation = next((r for r in received if r.pk == recommendation_id), None)
    if recommendation is None:
        raise NotFound(
            _("%(meeting)s received no recommendation with id %(id)d.")
            % {"meeting": meeting.short_title, "id": recommendation_id},
            field="recommendation_id",
        )
    form = RecommendationDecisionForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(_("Choose adopted or not adopted."), field="decision")
    decided = recommendation_decide(
        actor=viewer, recommendation=recommendation, adopted=form.cleaned_data["decision"] == "adopted"
    )
    messages.success(
        request,
        _("%(meeting)s: the %(subject)s is recorded as %(status)s.")
        % {
            "meeting": meeting.short_title,
            "subject": decided.get_subject_display().lower(),
            "status": decided.get_status_display().lower(),
        },
    )
    return redirect(_meeting_url(meeting, "recommendations"))


def _agenda_page(
    request: HttpRequest,
    meeting: Meeting,
    viewer: SeriesViewer,
    agenda: list[tuple[int, AgendaNode]],
    *,
    add_form: AgendaItemForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    # The agenda editor is the chair's page (the agenda itself is on the meeting page for everyone).
    require(_can_edit(viewer, meeting), _("Only the chair secretariat edits agendas and records recommendations."))
    add_form = add_form or AgendaItemForm(initial={"agenda_version": meeting.agenda_version}, agenda=agenda)
    return page(
        request,
        "meeting_agenda.html",
        {
            "meeting": meeting,
            "series": meeting.series,
            "agenda": agenda,
            "agenda_version": meeting.agenda_version,
            "add_form": add_form,
            "error": error,
        },
        viewer=viewer,
        status=status,
    )


@require_http_methods(["GET", "POST"])
@meeting_view(login_required=True)
def meeting_agenda(request: HttpRequest, meeting: Meeting, viewer: SeriesViewer) -> HttpResponse:
    """The chair's agenda editor: add an item or a sub-item, remove one; each change names the agenda
    version it was made on, so a stale page is refused (409) rather than silently applied."""
    agenda = agenda_flat(meeting=meeting)
    if request.method == "GET":
        return _agenda_page(request, meeting, viewer, agenda)
    action = request.POST.get("action")
    if action == "add":
        form = AgendaItemForm(request.POST, agenda=agenda)
        if not form.is_valid():
            return _agenda_page(request, meeting, viewer, agenda, add_form=form, status=400)
        try:
            item = agenda_item_add(
                actor=viewer,
                meeting=meeting,
                title_en=form.cleaned_data["title_en"],
                title_vi=form.cleaned_data["title_vi"],
                parent=form.parent_item(),
                expected_version=form.cleaned_data["agenda_version"],
            )
        except ValidationFailed as exc:
            form_add_error(form, exc)
            return _agenda_page(request, meeting, viewer, agenda, add_form=form, status=exc.status_code)
        messages.success(request, _("“%(title)s” is added to the agenda.") % {"title": item.title})
    elif action == "remove":
        remove = AgendaRemoveForm(request.POST)
        if not remove.is_valid():
            raise ValidationFailed(_("The form lacks the item or the agenda version; reload the page."), field="item")
        node = next((n for _d, n in agenda if n.item.pk == remove.cleaned_data["item"]), None)
        if node is None:
            raise NotFound(_("This agenda has no item with id %(id)d.") % {"id": remove.cleaned_data["item"]})
        try:
            agenda_item_remove(actor=viewer, item=node.item, expected_version=remove.cleaned_data["agenda_version"])
        except ValidationFailed as exc:
            return _agenda_page(request, meeting, viewer, agenda, error=exc.message, status=exc.status_code)
        messages.success(request, _("Item %(number)s is removed from the agenda.") % {"number": node.number})
    else:
        raise ValidationFailed(_("This page takes two actions: action=add or action=remove."), field="action")
    return redirect("web:meeting-agenda", meeting_id=meeting.pk)
