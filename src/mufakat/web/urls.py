"""The web UI's URLs, one list per domain app (every name is in the `web` namespace)."""

from django.urls import path

from . import site
from .accounts.urls import urlpatterns as account_urlpatterns
from .bilaterals.urls import urlpatterns as bilateral_urlpatterns
from .delegations.urls import urlpatterns as delegation_urlpatterns
from .desk.urls import urlpatterns as desk_urlpatterns
from .documents.urls import urlpatterns as document_urlpatterns
from .jobs.urls import urlpatterns as job_urlpatterns
from .live.urls import urlpatterns as live_urlpatterns
from .meetings.urls import urlpatterns as meeting_urlpatterns
from .notifications.urls import urlpatterns as notification_urlpatterns
from .plans.urls import urlpatterns as plan_urlpatterns
from .public.urls import urlpatterns as public_urlpatterns
from .reference.urls import urlpatterns as reference_urlpatterns
from .search.urls import urlpatterns as search_urlpatterns

app_name = "web"
urlpatterns = [
    path("healthz", site.healthz, name="healthz"),
    path("favicon.ico", site.favicon, name="favicon"),
    # The home page: a signed-in user's desk, the list of series for everyone else
    *desk_urlpatterns,
    # Series, meetings, the programme, agendas and recommendations
    *meeting_urlpatterns,
    # Frameworks and their members
    *reference_urlpatterns,
    # Background jobs
    *job_urlpatterns,
    # Login, API tokens, the audit log
    *account_urlpatterns,
    # The signed-in user's inbox and how notices reach them
    *notification_urlpatterns,
    # Delegations and participants, accreditation, circulars
    *delegation_urlpatterns,
    # Bilateral meetings: requests, a delegation's presence and free time, the chair's schedule
    *bilateral_urlpatterns,
    # Plans of action: outlines, reports, reviews
    *plan_urlpatterns,
    # The public face: published programme, FINAL texts, press releases, feeds, sitemap
    *public_urlpatterns,
    # Outcome documents: the register, drafts in brackets, positions, silence procedure, FINAL texts
    *document_urlpatterns,
    # Search, and agreed-language precedents
    *search_urlpatterns,
    # The live room: the event stream, wall screens, the floor
    *live_urlpatterns,
]
