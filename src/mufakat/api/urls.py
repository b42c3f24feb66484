from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from mufakat.core.errors import ApplicationError

from .routers import meetings_router, reference_router

api = NinjaAPI(
    title="mufakat API",
    version="1",
    description="Reference data, meetings and programmes of consensus-based intergovernmental meetings.",
    urls_namespace="api-v1",
)
api.add_router("/", reference_router)
api.add_router("/", meetings_router)


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status_code)
