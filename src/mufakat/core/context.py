"""Per-request context the services read without it being threaded through every call."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse, JsonResponse

from .cleantext import clean_text, text_problem

request_id_var: ContextVar[str] = ContextVar("request_id", default="")


def current_request_id() -> str:
    return request_id_var.get()


class RequestIdMiddleware:
    """Gives each request an id (the proxy's X-Request-ID when it sends a sane one), echoes it in the
    response and makes it available to the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if incoming.isascii() and 8 <= len(incoming) <= 64 else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RejectNulMiddleware:
    """Refuse a NUL character anywhere in the path or query string with 400: PostgreSQL cannot store
    or compare it, and no legitimate client sends one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            "\x00" in request.path
            or "\x00" in request.META.get("QUERY_STRING", "")
            or any("\x00" in value for values in request.GET.lists() for value in values[1])
        ):
            return JsonResponse(
                {"detail": "the request contains a NUL character.", "field": "path", "record": None},
                status=400,
                content_type="application/json; charset=utf-8",
            )
        return self.get_response(request)


class CleanFormTextMiddleware:
    """The web forms' side of the one text rule (core.cleantext): every posted form field has its line ends made
    newlines and its control characters dropped before any form sees it. A NUL is left for the form, whose
    every text field refuses it with a message; passwords are not touched. The API cleans its own bodies."""

    _FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method == "POST"
            and request.content_type in self._FORM_TYPES
            and not request.path_info.startswith("/api/")
        ):
            posted = request.POST.copy()
            for key, values in posted.lists():
                if "password" not in key:
                    posted.setlist(key, [_form_text(value) for value in values])
            posted._mutable = False
            request.POST = posted  # type: ignore[assignment]
        return self.get_response(request)


def _form_text(value: str) -> str:
    return value if text_problem(value) else clean_text(value)
