"""URLs of the reference pages: frameworks and their members (included by web/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("frameworks/", views.framework_list, name="framework-list"),
    path("frameworks/<str:code>/", views.framework_detail, name="framework-detail"),
]
