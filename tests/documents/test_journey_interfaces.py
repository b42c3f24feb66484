"""The journey on the web, in the API and on the command line: the timeline, the documents for the 44th Summit,
and what a partner delegate or the public gets."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from mufakat.cli import main
from mufakat.documents.models import OutcomeDocument
from mufakat.meetings.models import Meeting, Series

BIOSAFETY = "ASEAN Leaders' Declaration on Strengthening Regional Biosafety and Biosecurity"
DRAFT = "ASEAN Leaders' Statement on Regional Health Emergency Preparedness (illustrative)"


def _public(document: OutcomeDocument) -> None:
    OutcomeDocument.objects.filter(pk=document.pk).update(classification="public")


def test_journey_api_timeline_of_the_declaration(journey_demo: Series, client: Client) -> None:
    document = OutcomeDocument.objects.get(title_en=BIOSAFETY)
    _public(document)

    body = client.get(f"/api/v1/series/summit-44-45/documents/{document.pk}/journey").json()

    assert [
        (s["on"], s["meeting"], s["body"], s["place"], s["action"], s["version"], s["recommended_to"]) for s in body
    ] == [
        ("2023-11-21", "Biosafety Consultation-1", "BIOSAFETY-CONS", "Online", "discussed", None, None),
        ("2024-03-12", "Biosafety Consultation-2", "BIOSAFETY-CONS", "Online", "discussed", None, None),
        ("2024-06-04", "Biosafety Consultation-3", "BIOSAFETY-CONS", "Vientiane Province", "finalised", 3, None),
        ("2024-10-08", "SOM", "SOM", "Vientiane", "recommended", None, "ASEAN Summit-44"),
        ("2024-10-09", "ASEAN Summit-44", "SUMMIT", "Vientiane", "adopted", None, None),
    ]


def test_journey_api_asean_only_draft_is_404_for_the_public(journey_demo: Series, client: Client) -> None:
    draft = OutcomeDocument.objects.get(title_en=DRAFT)

    response = client.get(f"/api/v1/series/summit-44-45/documents/{draft.pk}/journey")

    assert (response.status_code, DRAFT in response.content.decode()) == (404, False)


def test_journey_api_documents_for_the_44th_summit_public(journey_demo: Series, client: Client) -> None:
    _public(OutcomeDocument.objects.get(title_en=BIOSAFETY))
    summit = Meeting.objects.get(body__code="SUMMIT", ordinal=44)

    body = client.get(f"/api/v1/series/summit-44-45/meetings/{summit.pk}/documents-for-decision").json()

    assert [(r["title_en"], r["status"], r["steps"], r["last_step"]["action"]) for r in body] == [
        (BIOSAFETY, "adopted", 5, "adopted")
    ]


def test_journey_page_shows_the_timeline(journey_demo: Series, client: Client) -> None:
    document = OutcomeDocument.objects.get(title_en=BIOSAFETY)
    _public(document)

    html = client.get(f"/series/summit-44-45/documents/{document.pk}/journey/").content.decode()

    assert html.count('class="step action-') == 5
    assert "3rd Consultation Meeting on the Draft ASEAN Leaders&#x27; Declaration on Biosafety and Biosecurity" in html
    assert "Vientiane Province" in html
    assert 'id="journey-step-5"' in html


def test_journey_for_decision_page_and_csv(journey_demo: Series, client: Client) -> None:
    _public(OutcomeDocument.objects.get(title_en=BIOSAFETY))
    summit = Meeting.objects.get(body__code="SUMMIT", ordinal=44)
    url = f"/series/summit-44-45/documents/meetings/{summit.pk}/for-decision/"

    html = client.get(url).content.decode()
    rows = list(csv.reader(io.StringIO(client.get(url + "?format=csv").content.decode())))

    assert BIOSAFETY.replace("'", "&#x27;") in html
    assert DRAFT not in html
    assert rows == [
        ["document", "kind", "lead", "status", "last step", "date", "place", "steps"],
        [BIOSAFETY, "declaration", "LA", "adopted", "adopted (44th ASEAN Summit)", "2024-10-09", "Vientiane", "5"],
    ]


def test_journey_consultation_page_lists_the_declaration_it_took_up(journey_demo: Series, client: Client) -> None:
    _public(OutcomeDocument.objects.get(title_en=BIOSAFETY))
    consultation = Meeting.objects.get(body__code="BIOSAFETY-CONS", ordinal=3)

    html = client.get(f"/meetings/{consultation.pk}/").content.decode()

    assert BIOSAFETY.replace("'", "&#x27;") in html
    # Adopted at the Summit since: no longer "on its way" there. The province is named once.
    assert 'Adopted</span> <span class="meta">at ASEAN Summit-44</span>' in html
    assert "on its way" not in html
    assert "Vientiane Province (venue not recorded) (Asia/Vientiane)" in html


def test_journey_cli_documents_for_the_44th_summit(journey_demo: Series, capsys: pytest.CaptureFixture[str]) -> None:
    ids = {d.title_en: d.pk for d in OutcomeDocument.objects.filter(meeting__series=journey_demo)}

    code = main(["documents", "for-meeting", "--series", "summit-44-45", "--body", "SUMMIT", "--ordinal", "44"])

    assert code == 0
    assert capsys.readouterr().out == (
        "Documents for 44th ASEAN Summit (ASEAN Summit-44), 2024-10-09: 3\n"
        f"  #{ids[BIOSAFETY]} {BIOSAFETY} [adopted] — 2024-10-09 adopted at 44th ASEAN Summit\n"
        f"  #{ids['Chairman' + chr(39) + 's Statement of the 44th and 45th ASEAN Summits']} Chairman's Statement of "
        "the 44th and 45th ASEAN Summits [planned] — no step yet\n"
        f"  #{ids[DRAFT]} {DRAFT} [planned] — 2024-10-08 discussed at ASEAN Senior Officials' Meeting\n"
    )


def _member_client(series: Series) -> Client:
    """Viet Nam's focal point, given a role in the Summits' series (the demo gives roles in AMM-57 only)."""
    from mufakat.accounts.enums import SeriesRole
    from mufakat.accounts.models import RoleAssignment, User
    from mufakat.reference.models import Party

    user = User.objects.get(username="vn.focal")
    RoleAssignment.objects.create(
        user=user, series=series, role=SeriesRole.FOCAL_POINT, party=Party.objects.get(code="VN")
    )
    client = Client()
    client.force_login(user)
    return client


def test_journey_asean_member_sees_the_draft_and_its_step(journey_demo: Series) -> None:
    """The other side of the no-leak crawl (tests/access/test_journey_no_leaks.py): an ASEAN member does see
    the ASEAN-only draft, on the SOM's page and in the list for the Summit."""
    client = _member_client(journey_demo)
    som = Meeting.objects.get(series=journey_demo, body__code="SOM")
    summit = Meeting.objects.get(body__code="SUMMIT", ordinal=44)

    som_page = client.get(f"/meetings/{som.pk}/").content.decode()
    listed = client.get(
        f"/series/summit-44-45/documents/meetings/{summit.pk}/for-decision/?format=csv"
    ).content.decode()

    assert "ASEAN Leaders&#x27; Statement on Regional Health Emergency Preparedness (illustrative)" in som_page
    assert (
        f"{DRAFT},declaration,LA,planned,discussed (ASEAN Senior Officials' Meeting),2024-10-08,Vientiane,1" in listed
    )


def test_journey_for_decision_query_count_does_not_grow_with_documents(journey_demo: Series) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mufakat.accounts.rules import SeriesViewer
    from mufakat.documents.services import document_create, journey_step_record

    client = _member_client(journey_demo)
    summit = Meeting.objects.get(body__code="SUMMIT", ordinal=44)
    som = Meeting.objects.get(series=journey_demo, body__code="SOM")
    url = f"/series/summit-44-45/documents/meetings/{summit.pk}/for-decision/"
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    actor = SeriesViewer.system(journey_demo.pk, purpose="test")
    for number in range(5):
        document = document_create(actor=actor, meeting=summit, kind="declaration", title_en=f"Extra {number}")
        journey_step_record(actor=actor, document=document, meeting=som, action="discussed")

    with CaptureQueriesContext(connection) as after:
        html = client.get(url).content.decode()

    assert html.count("Extra ") == 5
    assert len(after.captured_queries) == len(before.captured_queries)


def test_journey_online_consultation_page_says_online_and_illustrative(journey_demo: Series, client: Client) -> None:
    first = Meeting.objects.get(body__code="BIOSAFETY-CONS", ordinal=1)

    html = client.get(f"/meetings/{first.pk}/").content.decode()

    assert '<dd id="meeting-online">Online</dd>' in html
    assert "Illustrative date (demo)" in html
    assert "<h1>1st Consultation Meeting on the Draft ASEAN Leaders&#x27; Declaration" in html


def test_journey_versions_page_says_which_consultation_produced_each_draft(journey_demo: Series) -> None:
    client = _member_client(journey_demo)
    document = OutcomeDocument.objects.get(title_en=BIOSAFETY)

    html = client.get(f"/series/summit-44-45/documents/{document.pk}/versions/").content.decode()

    produced = [line.split("produced by the ")[1].split("<")[0] for line in html.split('class="meta produced-by"')[1:]]
    assert produced == [
        f"{n} Consultation Meeting on the Draft ASEAN Leaders&#x27; Declaration on Biosafety and Biosecurity "
        f"(Biosafety Consultation-{i})"
        for n, i in (("3rd", 3), ("2nd", 2), ("1st", 1))
    ]


def test_journey_api_document_create_with_lead_body(journey_demo: Series) -> None:
    from mufakat.accounts.enums import SeriesRole
    from mufakat.accounts.models import RoleAssignment, User
    from mufakat.accounts.services import api_token_create
    from mufakat.reference.models import Party

    user = User.objects.get(username="lao.chair")
    RoleAssignment.objects.create(
        user=user, series=journey_demo, role=SeriesRole.CHAIR_SECRETARIAT, party=Party.objects.get(code="LA")
    )
    token = api_token_create(user=user, name="journey", expires_in_days=1)
    api = Client(headers={"Authorization": f"Bearer {token.plaintext}"})
    summit = Meeting.objects.get(body__code="SUMMIT", ordinal=44)
    url = "/api/v1/series/summit-44-45/documents"

    created = api.post(
        url,
        {"meeting_id": summit.pk, "kind": "declaration", "title_en": "Health text", "lead_body": "somhd"},
        content_type="application/json",
    )
    refused = api.post(
        url,
        {"meeting_id": summit.pk, "kind": "declaration", "title_en": "Other", "lead_body": "NOPE"},
        content_type="application/json",
    )

    assert (created.status_code, created.json()["lead_body"]) == (201, "SOMHD")
    assert (refused.status_code, refused.json()["field"], refused.json()["detail"]) == (
        400,
        "lead_body",
        "no body with code 'NOPE'.",
    )
    assert not OutcomeDocument.objects.filter(title_en="Other").exists()


def _chair_api(series: Series) -> Client:
    from mufakat.accounts.enums import SeriesRole
    from mufakat.accounts.models import RoleAssignment, User
    from mufakat.accounts.services import api_token_create
    from mufakat.reference.models import Party

    user = User.objects.get(username="lao.chair")
    RoleAssignment.objects.get_or_create(
        user=user, series=series, role=SeriesRole.CHAIR_SECRETARIAT, party=Party.objects.get(code="LA")
    )
    token = api_token_create(user=user, name="journey steps", expires_in_days=1)
    return Client(headers={"Authorization": f"Bearer {token.plaintext}"})


def test_journey_api_records_a_step_and_refuses_one_out_of_order(journey_demo: Series) -> None:
    api = _chair_api(journey_demo)
    draft = OutcomeDocument.objects.get(title_en=DRAFT)
    summit = Meeting.objects.get(body__code="SUMMIT", ordinal=44)
    consultation = Meeting.objects.get(body__code="BIOSAFETY-CONS", ordinal=3)
    url = f"/api/v1/series/summit-44-45/documents/{draft.pk}/journey"

    recorded = api.post(url, {"action": "discussed", "meeting_id": summit.pk}, content_type="application/json")
    refused = api.post(url, {"action": "discussed", "meeting_id": consultation.pk}, content_type="application/json")

    assert recorded.status_code == 201
    assert {k: recorded.json()[k] for k in ("number", "on", "meeting", "action", "place")} == {
        "number": 2,
        "on": "2024-10-09",
        "meeting": "ASEAN Summit-44",
        "action": "discussed",
        "place": "Vientiane",
    }
    assert (refused.status_code, refused.json()["field"], refused.json()["record"]) == (
        400,
        "on",
        f"document #{draft.pk} ({DRAFT}), step 3",
    )
    assert draft.journey_steps.count() == 2


def test_journey_api_partner_cannot_record_a_step_on_a_draft_it_may_not_see(journey_demo: Series) -> None:
    from mufakat.accounts.enums import SeriesRole
    from mufakat.accounts.models import RoleAssignment, User
    from mufakat.accounts.services import api_token_create
    from mufakat.reference.models import Party

    user = User.objects.get(username="jp.delegate")
    RoleAssignment.objects.create(
        user=user, series=journey_demo, role=SeriesRole.DELEGATE, party=Party.objects.get(code="JP")
    )
    token = api_token_create(user=user, name="journey", expires_in_days=1)
    api = Client(headers={"Authorization": f"Bearer {token.plaintext}"})
    draft = OutcomeDocument.objects.get(title_en=DRAFT)

    response = api.post(
        f"/api/v1/series/summit-44-45/documents/{draft.pk}/journey",
        {"action": "discussed", "procedure_en": "By e-mail", "on": "2024-10-10"},
        content_type="application/json",
    )

    assert (response.status_code, DRAFT in response.content.decode()) == (404, False)
    assert draft.journey_steps.count() == 1


def test_journey_page_chair_records_a_step_and_sees_a_refusal_next_to_its_field(journey_demo: Series) -> None:
    from mufakat.accounts.enums import SeriesRole
    from mufakat.accounts.models import RoleAssignment, User
    from mufakat.reference.models import Party

    user = User.objects.get(username="lao.chair")
    RoleAssignment.objects.create(
        user=user, series=journey_demo, role=SeriesRole.CHAIR_SECRETARIAT, party=Party.objects.get(code="LA")
    )
    client = Client()
    client.force_login(user)
    draft = OutcomeDocument.objects.get(title_en=DRAFT)
    summit = Meeting.objects.get(body__code="SUMMIT", ordinal=44)
    consultation = Meeting.objects.get(body__code="BIOSAFETY-CONS", ordinal=3)
    url = f"/series/summit-44-45/documents/{draft.pk}/journey/"

    refused = client.post(url, {"action": "adopted", "meeting": str(consultation.pk)})
    recorded = client.post(url, {"action": "discussed", "meeting": str(summit.pk), "note": "At the plenary"})

    assert refused.status_code == 400
    assert "before the previous step (2024-10-08)" in refused.content.decode()
    assert (recorded.status_code, recorded["Location"]) == (302, url)
    assert list(draft.journey_steps.values_list("meeting__body__code", "action", "note")) == [
        ("SOM", "discussed", "Illustrative (demo)."),
        ("SUMMIT", "discussed", "At the plenary"),
    ]


def test_journey_final_text_page_carries_the_timeline(journey_demo: Series, client: Client) -> None:
    document = OutcomeDocument.objects.get(title_en=BIOSAFETY)

    html = client.get(f"/series/summit-44-45/documents/{document.pk}/final/").content.decode()

    assert html.count('class="step action-') == 5
    assert 'id="journey-lead">Led by Senior Officials&#x27; Meeting on Health Development · Lao PDR</p>' in html
