"""Login, logout and personal API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mufakat.accounts import selectors as account_selectors
from mufakat.accounts.models import User
from mufakat.accounts.services import api_token_create, api_token_revoke
from mufakat.core.errors import ApplicationError
from mufakat.web.common import error_page, form_add_error, login_required_view

from .forms import ApiTokenForm, ThrottledAuthenticationForm


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default since 5.0); a GET gets 405."""

    next_page = "web:home"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required guarantees it; this narrows the type
    return user


def _tokens_page(request: HttpRequest, form: ApiTokenForm, *, status: int = 200, **context: Any) -> HttpResponse:
    tokens = account_selectors.api_token_list(user=_user(request))
    return render(request, "web/tokens.html", {"form": form, "tokens": tokens, **context}, status=status)


@never_cache
@login_required_view
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _tokens_page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, form, status=400)
    try:
        issued = api_token_create(
            user=_user(request), name=form.cleaned_data["name"], expires_in_days=form.cleaned_data["expires_in_days"]
        )
    except ApplicationError as exc:
        # Bad input next to its field; a refusal (the account is throttled) above the form.
        form_add_error(form, exc)
        return _tokens_page(request, form, status=exc.status_code)
    # Rendered, not redirected: the plaintext exists only in this response and is never stored.
    return _tokens_page(request, ApiTokenForm(), issued=issued, status=201)


@login_required_view
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = api_token_revoke(user=_user(request), token_id=token_id)
    except ApplicationError as exc:
        return error_page(request, exc)
    messages.success(request, _("Token “%(name)s” is revoked; it no longer opens the API.") % {"name": token.name})
    return redirect("web:tokens")
