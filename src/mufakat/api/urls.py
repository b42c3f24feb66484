from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from mufakat.core.errors import ApplicationError, Conflict

from .accounts import accounts_router
from .auth import PUBLIC, openapi_schema
from .bilaterals import bilaterals_router
from .common import conflict_body, explained_validation_errors
from .delegations import delegations_router
from .documents import documents_router
from .jobs import jobs_router
from .live import live_router
from .meetings import meetings_router, programme_router
from .notifications import notifications_router
from .parsing import TextParser
from .plans import plans_router
from .publishing import publishing_router
from .reference import reference_router
from .search import search_router

# django-ninja names an operation `<module>_<function>`. Clients were generated from the ids of the modules
# the operations were first written in; a module that took operations over keeps those ids here (the pinned
# list, tests/api/openapi_operations.txt, checks that none changes).
OPERATION_ID_MODULES = {
    **dict.fromkeys(
        [f"mufakat.api.{module}" for module in ("reference.parties", "reference.frameworks")]
        + [f"mufakat.api.meetings.{module}" for module in ("series", "meetings")],
        "mufakat.api.routers",
    ),
    **dict.fromkeys(
        [
            f"mufakat.api.meetings.{module}"
            for module in ("releases", "sessions", "week", "exports", "agendas", "recommendations")
        ],
        "mufakat.api.programme",
    ),
    **dict.fromkeys(
        [f"mufakat.api.bilaterals.{module}" for module in ("requests", "availability", "rooms", "schedules")],
        "mufakat.api.bilaterals",
    ),
    **dict.fromkeys(
        [f"mufakat.api.delegations.{module}" for module in ("delegations", "participants", "circulars")],
        "mufakat.api.delegations",
    ),
    **dict.fromkeys([f"mufakat.api.plans.{module}" for module in ("plans", "reports", "reviews")], "mufakat.api.plans"),
    **dict.fromkeys([f"mufakat.api.accounts.{module}" for module in ("me", "audit")], "mufakat.api.accounts"),
    **dict.fromkeys(
        [f"mufakat.api.notifications.{module}" for module in ("notices", "preferences")], "mufakat.api.notifications"
    ),
    "mufakat.api.live.room": "mufakat.api.live",
}


class MufakatAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        module = operation.view_func.__module__
        return f"{OPERATION_ID_MODULES.get(module, module)}_{operation.view_func.__name__}".replace(".", "_")

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return openapi_schema(self, path_prefix)


api = MufakatAPI(
    title="mufakat API",
    version="1",
    description=(
        "Reference data, meetings and programmes, delegations and circulars of consensus-based "
        "intergovernmental meetings.\n\n"
        "Authentication: a personal API token (`Authorization: Bearer mfk_…`, created in the web UI), or the "
        "web UI's session (requests that change something must send the `X-CSRFToken` header), or none for "
        "public reads. A token that is forged, revoked or expired is refused with 401, never ignored."
    ),
    urls_namespace="api-v1",
    auth=PUBLIC,
    parser=TextParser(),
)
api.add_router("/", reference_router)
api.add_router("/", meetings_router)
api.add_router("/", accounts_router)
api.add_router("/", delegations_router)
api.add_router("/", programme_router)
api.add_router("/", documents_router)
api.add_router("/", bilaterals_router)
api.add_router("/", plans_router)
api.add_router("/", jobs_router)
api.add_router("/", notifications_router)
api.add_router("/", publishing_router)
api.add_router("/", search_router)
api.add_router("/", live_router)


def _respond(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
    response = api.create_response(request, body, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="mufakat"'
    return response


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return _respond(request, exc.as_dict(), exc.status_code)


@api.exception_handler(Conflict)
def conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
    return _respond(request, conflict_body(request, exc), exc.status_code)


@api.exception_handler(AuthenticationError)
def authentication_required(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _respond(
        request,
        {
            "detail": _(
                "this needs a signed-in user: sign in to the web UI, or send a personal API token as "
                "'Authorization: Bearer mfk_…'."
            ),
            "field": "Authorization",
            "record": None,
        },
        401,
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja wraps what the body parser raises; the parser's own refusal names the field.
    if isinstance(exc.__cause__, ApplicationError):
        return application_error(request, exc.__cause__)
    if isinstance(exc.__cause__, ValidationError):
        return validation_error(request, exc.__cause__)
    return _respond(request, {"detail": str(exc), "field": None, "record": None}, exc.status_code)


@api.exception_handler(MultiPartParserError)
def malformed_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return _respond(
        request,
        {
            "detail": (
                f"the multipart body cannot be read ({exc}); send multipart/form-data with the boundary "
                "named in the Content-Type header."
            ),
            "field": "Content-Type",
            "record": None,
        },
        400,
    )


@api.exception_handler(RequestDataTooBig)
def body_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return _respond(
        request,
        {"detail": f"the request body is larger than {limit} bytes; send less.", "field": "body", "record": None},
        413,
    )


@api.exception_handler(SuspiciousOperation)
def refused_request(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    # Django's other request limits (too many fields or files): refused like any bad input.
    return _respond(request, {"detail": str(exc), "field": "body", "record": None}, 400)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _respond(request, {"detail": explained_validation_errors(exc.errors)}, 422)
