from django.urls import path

from . import views, views_jobs
from .views_access import accounts, accreditation, audit, circulars, delegations
from .views_bilaterals.urls import urlpatterns as bilateral_urlpatterns
from .views_documents.urls import urlpatterns as document_urlpatterns
from .views_plans.urls import urlpatterns as plan_urlpatterns
from .views_programme import draft, meetings, programme

app_name = "web"
urlpatterns = [
    path("", views.series_list, name="series-list"),
    path("series/<slug:code>/", views.series_detail, name="series-detail"),
    path("meetings/<int:meeting_id>/", meetings.meeting_detail, name="meeting-detail"),
    path("frameworks/", views.framework_list, name="framework-list"),
    path("frameworks/<str:code>/", views.framework_detail, name="framework-detail"),
    path("healthz", views.healthz, name="healthz"),
    path("jobs/<uuid:job_id>/", views_jobs.job_detail, name="job-detail"),
    path("favicon.ico", views.favicon, name="favicon"),
    # Accounts
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", accounts.LogoutView.as_view(), name="logout"),
    path("accounts/tokens/", accounts.tokens, name="tokens"),
    path("accounts/tokens/<int:token_id>/revoke/", accounts.token_revoke, name="token-revoke"),
    # Delegations and participants
    path("series/<slug:code>/delegations/", delegations.delegation_list, name="delegation-list"),
    path(
        "series/<slug:code>/delegations/<str:party_code>/",
        delegations.delegation_detail,
        name="delegation-detail",
    ),
    path(
        "series/<slug:code>/delegations/<str:party_code>/participants/new/",
        delegations.participant_new,
        name="participant-new",
    ),
    path(
        "series/<slug:code>/delegations/<str:party_code>/participants.csv",
        delegations.participants_csv,
        name="participants-csv",
    ),
    path(
        "series/<slug:code>/participants/<int:participant_id>/edit/",
        delegations.participant_edit,
        name="participant-edit",
    ),
    path(
        "series/<slug:code>/participants/<int:participant_id>/withdraw/",
        delegations.participant_withdraw,
        name="participant-withdraw",
    ),
    # Accreditation
    path("series/<slug:code>/accreditation/", accreditation.accreditation_queue, name="accreditation"),
    path(
        "series/<slug:code>/participants/<int:participant_id>/decide/",
        accreditation.participant_decide,
        name="participant-decide",
    ),
    # Circulars
    path("series/<slug:code>/circulars/", circulars.circular_list, name="circular-list"),
    path("series/<slug:code>/circulars/new/", circulars.circular_new, name="circular-new"),
    path("series/<slug:code>/circulars/<int:circular_id>/", circulars.circular_detail, name="circular-detail"),
    path("series/<slug:code>/circulars.csv", circulars.circulars_csv, name="circulars-csv"),
    # Audit log
    path("series/<slug:code>/audit/", audit.audit_log, name="audit-log"),
    path("series/<slug:code>/audit.csv", audit.audit_csv, name="audit-csv"),
    # Programme: the released timetable, releases, booklet, a delegation's week; the chair's draft
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
    # Agendas and the SOM's recommendations
    path("meetings/<int:meeting_id>/agenda/", meetings.meeting_agenda, name="meeting-agenda"),
    path("meetings/<int:meeting_id>/recommendations/", meetings.recommendation_new, name="recommendation-new"),
    path(
        "meetings/<int:meeting_id>/recommendations/<int:recommendation_id>/decide/",
        meetings.recommendation_decide_view,
        name="recommendation-decide",
    ),
]
# Bilateral meetings: requests, a delegation's presence and free time, the chair's schedule
urlpatterns += bilateral_urlpatterns
# Plans of action: outlines, reports, reviews
urlpatterns += plan_urlpatterns
# Outcome documents: the register, drafts in brackets, positions, silence procedure, FINAL texts
urlpatterns += document_urlpatterns
