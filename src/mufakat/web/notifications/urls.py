"""URLs of the inbox and the notification preferences (included by web/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("me/notifications/", views.inbox, name="notifications"),
    path("me/notifications/read/", views.mark_all_read, name="notifications-read"),
    path("me/notifications/<int:notification_id>/open", views.open_notification, name="notification-open"),
    path("me/notifications/preferences/", views.preferences, name="notification-preferences"),
]
