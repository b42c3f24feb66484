"""A restricted or confidential circular never reaches anyone outside its audience: not in a list, a
count, a detail page, an API page at any offset, or a CSV export, through the web or the API."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client

from mufakat.accounts.classification import Classification
from mufakat.accounts.rules import SeriesViewer
from mufakat.accounts.services import api_token_create
from mufakat.delegations.models import Circular
from mufakat.documents.models import OutcomeDocument
from mufakat.documents.selectors import document_list
from mufakat.documents.services import document_update
from mufakat.jobs.models import Job
from mufakat.jobs.services import job_run
from mufakat.meetings.models import Body, Meeting, Series
from mufakat.notifications.preferences import notice_settings_update
from mufakat.notifications.services import deliver_digest
from mufakat.plans.services import plan_create, plan_update
from mufakat.reference.models import Framework, Party
from tests.factories.accounts import viewer_create
from tests.factories.asgi import asgi_caller
from tests.factories.delegations import circular_issue
from tests.factories.documents import document_with_text
from tests.factories.plans import SETUP, crafted_plan, crafted_reports

ASEAN_ONLY = [
    "AMM-57/ASEAN/01",
    "Seating and speaking order for the AMM Retreat",
    "ASEAN Foreign Ministers only. Interventions in alphabetical order after the Chair.",
    "AMM-57/ASEAN/02",
    "Draft Chairman's Statement, ASEAN only",
    "Text of AMM-57/ASEAN/02.",
]
MARITIME = "ASEAN Foreign Ministers' Statement on Maintaining Stability in the Maritime Sphere in Southeast Asia"
VN_LA_ONLY = [
    "AMM-57/CONF/01",
    "Arrangements for the courtesy call on the Prime Minister",
    "For the delegations of Viet Nam and the Lao PDR only.",
]
WEB_PAGES = [
    "/",
    "/series/amm-57/",
    "/series/amm-57/delegations/",
    "/series/amm-57/delegations/JP/",
    "/series/amm-57/delegations/VN/",
    "/series/amm-57/circulars/",
    "/series/amm-57/circulars.csv",
    "/series/amm-57/circulars/{ASEAN/01}/",
    "/series/amm-57/circulars/{ASEAN/02}/",
    "/series/amm-57/circulars/{CONF/01}/",
    "/series/amm-57/audit/",
    "/series/amm-57/audit.csv",
]
API_PAGES = [
    "/api/v1/series/amm-57",
    "/api/v1/series/amm-57/delegations",
    "/api/v1/series/amm-57/circulars",
    "/api/v1/series/amm-57/circulars?limit=1&offset=0",
    "/api/v1/series/amm-57/circulars?limit=1&offset=1",
    "/api/v1/series/amm-57/circulars?limit=1&offset=2",
    "/api/v1/series/amm-57/circulars?limit=1&offset=3",
    "/api/v1/series/amm-57/circulars?limit=100&offset=0",
    "/api/v1/series/amm-57/circulars/{ASEAN/01}",
    "/api/v1/series/amm-57/circulars/{ASEAN/02}",
    "/api/v1/series/amm-57/circulars/{CONF/01}",
    "/api/v1/series/amm-57/audit",
]


@pytest.fixture
def second_asean_circular(chair_secretariat: SeriesViewer) -> Circular:
    return circular_issue(
        actor=chair_secretariat,
        reference="AMM-57/ASEAN/02",
        classification="restricted",
        restricted_to_code="ASEAN",
        title_en="Draft Chairman's Statement, ASEAN only",
    )


def _path(template: str) -> str:
    for reference in ("ASEAN/01", "ASEAN/02", "CONF/01"):
        circular_id = Circular.objects.get(reference=f"AMM-57/{reference}").pk
        template = template.replace(f"{{{reference}}}", str(circular_id))
    return template


def _leaks(body: str, secrets: list[str]) -> list[str]:
    """The secrets found in the body, as written or as the HTML and JSON encoders write them."""
    found = []
    for secret in secrets:
        forms = {secret, secret.replace("'", "&#x27;"), json.dumps(secret)[1:-1]}
        if any(form in body for form in forms):
            found.append(secret)
    return found


def _token_client(viewer: SeriesViewer) -> Client:
    if not viewer.is_authenticated:
        return Client()
    token = api_token_create(user=viewer.user, name="leak check", expires_in_days=1)
    return Client(headers={"Authorization": f"Bearer {token.plaintext}"})


def _sweep(web: Client, api: Client) -> dict[str, list[str]]:
    """Every page's leaks, keyed by page; pages that leak nothing are left out."""
    bodies = {path: web.get(_path(path)).content.decode() for path in WEB_PAGES}
    bodies |= {path: api.get(_path(path)).content.decode() for path in API_PAGES}
    return {path: leaks for path, body in bodies.items() if (leaks := _leaks(body, ASEAN_ONLY + VN_LA_ONLY))}


@pytest.mark.parametrize("persona", ["partner_delegate", "observer", "outsider", "anonymous"])
def test_restricted_and_confidential_circulars_never_reach_outsiders(
    second_asean_circular: Circular,
    persona: str,
    persona_viewer: Callable[[str], SeriesViewer],
    persona_client: Callable[[str], Client],
) -> None:
    web, api = persona_client(persona), _token_client(persona_viewer(persona))

    leaks = _sweep(web, api)
    page = api.get("/api/v1/series/amm-57/circulars?limit=1").json()

    assert leaks == {}
    assert (page["count"], [item["reference"] for item in page["items"]]) == (1, ["AMM-57/LOG/01"])


def test_confidential_circular_never_reaches_an_asean_member_not_named(
    second_asean_circular: Circular,
) -> None:
    """Thailand is an ASEAN member: it sees the ASEAN-only circulars, not the one for Viet Nam and Laos."""
    thai = viewer_create(username="th.delegate", series=second_asean_circular.series, role="delegate", party_code="TH")
    web = Client()
    web.force_login(thai.user)

    leaks = _sweep(web, _token_client(thai))

    assert {page: found for page, found in leaks.items() if set(found) & set(VN_LA_ONLY)} == {}
    assert leaks["/series/amm-57/circulars/"] == [ASEAN_ONLY[0], ASEAN_ONLY[1], ASEAN_ONLY[3], ASEAN_ONLY[4]]
    assert leaks["/api/v1/series/amm-57/circulars"] == ASEAN_ONLY


def test_circular_counts_differ_by_audience(
    second_asean_circular: Circular, persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    counts = {
        persona: _token_client(persona_viewer(persona)).get("/api/v1/series/amm-57/circulars?limit=1").json()["count"]
        for persona in ("chair_secretariat", "member_delegate", "partner_delegate", "anonymous")
    }

    assert counts == {"chair_secretariat": 4, "member_delegate": 4, "partner_delegate": 1, "anonymous": 1}


# Outcome documents and every object that quotes one ---------------------------------------------------------
# A recommendation about a document, an audit entry about it, a meeting's page listing it: each quotes the
# document's title. The crawl reads every such page as someone who may not see some of the documents and
# looks for their titles (English and Vietnamese) anywhere.


def _meeting_ids(series: Series) -> list[int]:
    return list(Meeting.objects.filter(series=series).order_by("pk").values_list("pk", flat=True))


def _document_pages(series: Series) -> tuple[list[str], list[str]]:
    meetings = _meeting_ids(series)
    web = [
        f"/series/{series.code}/",
        f"/series/{series.code}/programme/",
        f"/series/{series.code}/documents/",
        f"/series/{series.code}/audit/",
        f"/series/{series.code}/audit.csv",
        *(f"/meetings/{pk}/" for pk in meetings),
        # The public face: the same pages, feeds and sitemap for everyone, in both languages.
        "/sitemap.xml",
        *(f"/public/{lang}/{page}" for lang in ("en", "vi") for page in ("", "feed.atom")),
        *(
            f"/public/{lang}/series/{series.code}/{page}"
            for lang in ("en", "vi")
            for page in ("", "programme.ics", "press.atom", "documents.atom", "programme.atom", "all.atom")
        ),
        *(f"/public/{lang}/meetings/{pk}/" for lang in ("en", "vi") for pk in meetings),
    ]
    api = [
        f"/api/v1/series/{series.code}",
        f"/api/v1/series/{series.code}/documents?limit=100",
        f"/api/v1/series/{series.code}/audit?limit=1000",
        f"/api/v1/series/{series.code}/programme.ics",
        *(f"/api/v1/meetings/{pk}" for pk in meetings),
        *(f"/api/v1/meetings/{pk}/agenda" for pk in meetings),
        *(f"/api/v1/meetings/{pk}/recommendations" for pk in meetings),
    ]
    return web, api


def _hidden_titles(viewer: SeriesViewer, series: Series) -> list[str]:
    """The titles, in both languages, of the series' documents this viewer may not see. A title that a body's
    own (public) name contains is no secret: the "Consultation Meeting on the Draft ASEAN Leaders' Declaration
    on Biosafety and Biosecurity" names the declaration it prepares."""
    visible = document_list(viewer=viewer, series=series).values_list("pk", flat=True)
    hidden = OutcomeDocument.objects.filter(meeting__series=series).exclude(pk__in=list(visible))
    bodies = [name for pair in Body.objects.values_list("name_en", "name_vi") for name in pair]
    return sorted(
        {
            title
            for pair in hidden.values_list("title_en", "title_vi")
            for title in pair
            if title and not any(title in name for name in bodies)
        }
    )


@pytest.mark.parametrize("persona", ["partner_delegate", "observer", "outsider", "anonymous"])
def test_document_titles_never_reach_whoever_may_not_see_the_document(
    documents_demo: Series,
    persona: str,
    persona_viewer: Callable[[str], SeriesViewer],
    persona_client: Callable[[str], Client],
) -> None:
    viewer = persona_viewer(persona)
    web, api = persona_client(persona), _token_client(viewer)
    secrets = _hidden_titles(viewer, documents_demo)
    web_pages, api_pages = _document_pages(documents_demo)

    bodies = {path: web.get(path).content.decode() for path in web_pages}
    bodies |= {path: api.get(path).content.decode() for path in api_pages}
    leaks = {path: found for path, body in bodies.items() if (found := _leaks(body, secrets))}

    assert MARITIME in secrets
    assert leaks == {}


def test_document_titles_never_reach_anonymous_readers_through_the_asgi_fast_path(
    documents_demo: Series, persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    """The same crawl as an anonymous reader through the ASGI application `mufakat serve` runs, twice: the
    second time the public bytes come from the fast path's memory, answered before Django."""
    secrets = _hidden_titles(persona_viewer("anonymous"), documents_demo)
    web_pages, api_pages = _document_pages(documents_demo)
    asgi = asgi_caller()

    crawls = [{path: asgi(path) for path in web_pages + api_pages} for _ in range(2)]
    leaks = {
        path: found
        for crawl in crawls
        for path, answer in crawl.items()
        if (found := _leaks(answer.content.decode(), secrets))
    }

    assert MARITIME in secrets
    assert leaks == {}
    assert any(not answer.via_django for answer in crawls[1].values())  # the fast path answered some


def test_recommendation_of_a_document_reaches_whoever_may_see_the_document(
    documents_demo: Series, member_focal_point: SeriesViewer, member_focal_point_client: Client
) -> None:
    """Viet Nam, an ASEAN member, reads the SOM's recommendation of the ASEAN-only statement, worded from the
    document in both languages, with a link to the document."""
    som = Meeting.objects.get(series=documents_demo, body__code="SOM")
    maritime = OutcomeDocument.objects.get(title_en=MARITIME)

    made = _token_client(member_focal_point).get(f"/api/v1/meetings/{som.pk}/recommendations").json()["made"]
    page = member_focal_point_client.get(f"/meetings/{som.pk}/").content.decode()

    documents = [(r["document_id"], r["text_en"]) for r in made if r["subject"] == "document"]
    # The Vietnamese sentence is the catalogue's; the title in it is the document's own.
    assert documents == [(maritime.pk, f"The SOM recommends the {MARITIME} for adoption.")]
    assert [maritime.title_vi in r["text_vi"] for r in made if r["subject"] == "document"] == [True]
    assert f'href="/series/amm-57/documents/{maritime.pk}/"' in page


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("member_focal_point", True), ("partner_delegate", False), ("observer", False), ("anonymous", False)],
)
def test_public_plan_quotes_its_adopting_document_only_to_whoever_may_see_it(
    documents_demo: Series,
    chair_secretariat: SeriesViewer,
    persona: str,
    shown: bool,
    persona_client: Callable[[str], Client],
) -> None:
    """A public plan adopted by the ASEAN-only statement (still a draft): its page names the document only to
    a reader who may see the document."""
    maritime = OutcomeDocument.objects.select_related("meeting__body__framework").get(title_en=MARITIME)
    plan = plan_create(
        actor=chair_secretariat,
        title_en="Maritime Cooperation Work Plan 2024–2026",
        framework=maritime.meeting.body.framework,
        start_year=2024,
        end_year=2026,
        classification="public",
        adopted_at_meeting=maritime.meeting,
        adopted_by_document=maritime,
    )

    body = persona_client(persona).get(f"/series/amm-57/plans/{plan.pk}/").content.decode()

    assert "Maritime Cooperation Work Plan 2024–2026" in body
    assert (_leaks(body, [MARITIME, maritime.title_vi]) != [], 'id="adopted-document"' in body) == (shown, shown)


# Notices quoting an object reclassified after they were raised --------------------------------------------------
# A notice is written when raised, to those who may see its object then. Once the object is reclassified, whoever
# may no longer see it finds its title in no list of notices, no desk, no API answer and no e-mail sent after.

NOTICE_PAGES = ["/", "/desk/", "/me/notifications/", "/me/notifications/?unread=1"]
NOTICE_API = ["/api/v1/me/notifications", "/api/v1/me/notifications?unread=true", "/api/v1/me/desk"]


def _deliver_everything(users: list) -> None:
    """What the worker does next: the delivery jobs, then each user's digest."""
    for job in Job.objects.filter(kind="notifications.deliver", state="queued"):
        job_run(job_id=job.pk)
    for user in users:
        deliver_digest(user_id=user.pk)


def _notice_leaks(viewer: SeriesViewer, secrets: list[str]) -> dict[str, list[str]]:
    web, api = Client(), _token_client(viewer)
    web.force_login(viewer.user)
    bodies = {path: web.get(path).content.decode() for path in NOTICE_PAGES}
    bodies |= {path: api.get(path).content.decode() for path in NOTICE_API}
    mails = [f"{m.subject}\n{m.body}\n{m.alternatives[0][0]}" for m in mail.outbox if m.to == [viewer.user.email]]
    bodies |= {f"e-mail {number}": text for number, text in enumerate(mails)}
    return {path: found for path, body in bodies.items() if (found := _leaks(body, secrets))}


@pytest.mark.parametrize("email_mode", ["immediate", "digest"])
def test_a_notice_about_a_document_made_asean_only_reaches_a_partner_nowhere(
    email_mode: str, chair_secretariat: SeriesViewer, member_focal_point: SeriesViewer, partner_delegate: SeriesViewer
) -> None:
    title = "Draft Statement on the Sea Lanes Review"
    people = [member_focal_point.user, partner_delegate.user]
    for user in people:
        notice_settings_update(user=user, email_modes={"document.circulated": email_mode})
    amm = Meeting.objects.get(series_id=chair_secretariat.series_id, body__code="AMM")
    document, _version = document_with_text(
        actor=chair_secretariat, meeting=amm, texts=["We met."], title_en=title, classification="public"
    )
    assert _notice_leaks(partner_delegate, [title])["/me/notifications/"] == [title]  # told while it was public

    document_update(
        actor=chair_secretariat,
        document=document,
        expected_version=document.version,
        kind=document.kind,
        title_en=document.title_en,
        title_vi=document.title_vi,
        lead_party=None,
        disposition=document.disposition,
        classification=Classification.RESTRICTED,
        restricted_to=Framework.objects.get(code="ASEAN"),
    )
    _deliver_everything(people)

    assert _notice_leaks(partner_delegate, [title]) == {}
    member = _notice_leaks(member_focal_point, [title])
    assert (member["/me/notifications/"], member["/api/v1/me/notifications"], member["e-mail 0"]) == (
        [title],
        [title],
        [title],
    )


def test_a_report_notice_of_a_plan_made_confidential_reaches_the_excluded_party_nowhere(
    member_focal_point: SeriesViewer, member_delegate: SeriesViewer
) -> None:
    """Viet Nam's report was returned (its people told, quoting the plan); the plan is then made confidential to
    Thailand: nothing of it reaches Viet Nam's people, by web, API or e-mail."""
    title = "Crafted plan: the sea lanes"
    plan = crafted_plan(title=title)
    crafted_reports(plan)
    assert _notice_leaks(member_focal_point, [title])["/me/notifications/"] == [title]

    plan_update(
        actor=SETUP,
        plan_id=plan.pk,
        expected_version=plan.version,
        classification=Classification.CONFIDENTIAL,
        confidential_to=[Party.objects.get(code="TH")],
    )
    _deliver_everything([member_focal_point.user, member_delegate.user])

    assert _notice_leaks(member_focal_point, [title]) == {}
    assert _notice_leaks(member_delegate, [title]) == {}
