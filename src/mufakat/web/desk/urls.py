"""URLs of the home page and "my desk" (included by web/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("desk/", views.desk_page, name="desk"),
]
