"""URL patterns of the bilaterals pages (included by web/urls.py)."""

from django.urls import path

from . import precedence, requests, schedule

urlpatterns = [
    path("series/<slug:code>/bilaterals/", requests.bilateral_requests, name="bilateral-requests"),
    path("series/<slug:code>/bilaterals/new/", requests.bilateral_request_new, name="bilateral-request-new"),
    path(
        "series/<slug:code>/bilaterals/<int:request_id>/respond/",
        requests.bilateral_request_respond,
        name="bilateral-request-respond",
    ),
    path(
        "series/<slug:code>/bilaterals/<int:request_id>/withdraw/",
        requests.bilateral_request_withdraw,
        name="bilateral-request-withdraw",
    ),
    path(
        "series/<slug:code>/bilaterals/<int:request_id>/after/",
        precedence.bilateral_request_after,
        name="bilateral-request-after",
    ),
    path(
        "series/<slug:code>/bilaterals/delegations/<str:party_code>/",
        requests.bilateral_delegation,
        name="bilateral-delegation",
    ),
    path(
        "series/<slug:code>/bilaterals/delegations/<str:party_code>/blocked/",
        requests.blocked_period_add,
        name="bilateral-blocked-add",
    ),
    path(
        "series/<slug:code>/bilaterals/delegations/<str:party_code>/blocked/<int:period_id>/remove/",
        requests.blocked_period_remove,
        name="bilateral-blocked-remove",
    ),
    path("series/<slug:code>/bilaterals/schedule/", schedule.bilateral_schedule, name="bilateral-schedule"),
    path("series/<slug:code>/bilaterals/schedule/solve/", schedule.bilateral_solve, name="bilateral-solve"),
    path(
        "series/<slug:code>/bilaterals/schedules/<int:schedule_id>/publish/",
        schedule.bilateral_publish,
        name="bilateral-publish",
    ),
    path(
        "series/<slug:code>/bilaterals/meetings/<int:assignment_id>/move/",
        schedule.bilateral_assignment_move,
        name="bilateral-move",
    ),
    path(
        "series/<slug:code>/bilaterals/meetings/<int:assignment_id>/confirm/",
        schedule.bilateral_assignment_confirm,
        name="bilateral-confirm",
    ),
]
