"""URL patterns of the live room (included by web/urls.py)."""

from django.urls import path

from . import pages, stream

urlpatterns = [
    path("series/<slug:code>/live/", stream.live_stream, name="live-stream"),
    path("series/<slug:code>/documents/<int:document_id>/screen/", pages.document_screen, name="document-screen"),
    path("series/<slug:code>/documents/<int:document_id>/pointer/", pages.screen_pointer, name="screen-pointer"),
    path("series/<slug:code>/sessions/<int:session_id>/floor/", pages.session_floor, name="session-floor"),
    path("series/<slug:code>/sessions/<int:session_id>/screen/", pages.session_screen, name="session-screen"),
    path(
        "series/<slug:code>/sessions/<int:session_id>/floor/<str:action>/",
        pages.floor_action,
        name="floor-action",
    ),
]
