"""URLs of the series and meeting pages: series, the released programme, releases, booklet, a delegation's
week, the chair's draft and session forms, agendas and the SOM's recommendations (included by web/urls.py)."""

from django.urls import path

from . import draft, meeting, programme, series

urlpatterns = [
    path("series/", series.series_list, name="series-list"),
    path("series/<slug:code>/", series.series_detail, name="series-detail"),
    path("meetings/<int:meeting_id>/", meeting.meeting_detail, name="meeting-detail"),
    path("series/<slug:code>/programme/", programme.programme, name="programme"),
    path("series/<slug:code>/programme/draft/", draft.programme_draft, name="programme-draft"),
    path("series/<slug:code>/programme/releases/", programme.release_list, name="release-list"),
    path("series/<slug:code>/programme/releases/<int:number>/", programme.release_detail, name="release-detail"),
    path("series/<slug:code>/programme/booklet/", programme.booklet, name="programme-booklet"),
    path("series/<slug:code>/sessions/new/", draft.session_new, name="session-new"),
    path("series/<slug:code>/sessions/<int:session_id>/edit/", draft.session_edit, name="session-edit"),
    path(
        "series/<slug:code>/delegations/<str:party_code>/week/",
        programme.party_week_page,
        name="party-week",
    ),
    path("meetings/<int:meeting_id>/agenda/", meeting.meeting_agenda, name="meeting-agenda"),
    path("meetings/<int:meeting_id>/recommendations/", meeting.recommendation_new, name="recommendation-new"),
    path(
        "meetings/<int:meeting_id>/recommendations/<int:recommendation_id>/decide/",
        meeting.recommendation_decide_view,
        name="recommendation-decide",
    ),
]
