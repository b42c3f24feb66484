"""URLs of the account pages (login, logout, API tokens) and a series' audit log (included by web/urls.py)."""

from django.urls import path

from . import audit, views

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/tokens/", views.tokens, name="tokens"),
    path("accounts/tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("series/<slug:code>/audit/", audit.audit_log, name="audit-log"),
    path("series/<slug:code>/audit.csv", audit.audit_csv, name="audit-csv"),
]
