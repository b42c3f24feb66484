"""URLs of the delegation pages: delegations and participants, accreditation, circulars (included by
web/urls.py)."""

from django.urls import path

from . import accreditation, circulars, participants

urlpatterns = [
    path("series/<slug:code>/delegations/", participants.delegation_list, name="delegation-list"),
    path(
        "series/<slug:code>/delegations/<str:party_code>/",
        participants.delegation_detail,
        name="delegation-detail",
    ),
    path(
        "series/<slug:code>/delegations/<str:party_code>/participants/new/",
        participants.participant_new,
        name="participant-new",
    ),
    path(
        "series/<slug:code>/delegations/<str:party_code>/participants.csv",
        participants.participants_csv,
        name="participants-csv",
    ),
    path(
        "series/<slug:code>/participants/<int:participant_id>/edit/",
        participants.participant_edit,
        name="participant-edit",
    ),
    path(
        "series/<slug:code>/participants/<int:participant_id>/withdraw/",
        participants.participant_withdraw,
        name="participant-withdraw",
    ),
    path("series/<slug:code>/accreditation/", accreditation.accreditation_queue, name="accreditation"),
    path(
        "series/<slug:code>/participants/<int:participant_id>/decide/",
        accreditation.participant_decide,
        name="participant-decide",
    ),
    path("series/<slug:code>/circulars/", circulars.circular_list, name="circular-list"),
    path("series/<slug:code>/circulars/new/", circulars.circular_new, name="circular-new"),
    path("series/<slug:code>/circulars/<int:circular_id>/", circulars.circular_detail, name="circular-detail"),
    path("series/<slug:code>/circulars.csv", circulars.circulars_csv, name="circulars-csv"),
]
