from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.series_list, name="series-list"),
    path("series/<slug:code>/", views.series_detail, name="series-detail"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("frameworks/", views.framework_list, name="framework-list"),
    path("frameworks/<str:code>/", views.framework_detail, name="framework-detail"),
    path("healthz", views.healthz, name="healthz"),
]
