from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("precedents/", views.precedents_page, name="precedents"),
    path("precedents/<int:paragraph_id>/", views.precedent_link, name="precedent"),
]
