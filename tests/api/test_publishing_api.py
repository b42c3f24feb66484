"""The press office's API: draft a press release from the record, edit it with the version read (409 on a
stale one), approve and publish it; drafts are the press office's, published releases everyone's; the chair
publishes a decided document."""

from __future__ import annotations

from mufakat.accounts.models import AuditEvent
from mufakat.documents.models import OutcomeDocument
from mufakat.meetings.models import Meeting, Series
from tests.api.calls import call, client_for, refusal
from tests.documents.conftest import documents_demo, programme_demo

__all__ = ["documents_demo", "programme_demo"]


def test_press_release_through_the_api(documents_demo: Series) -> None:
    chair, public = client_for("lao.chair"), client_for()
    som = Meeting.objects.get(series=documents_demo, body__code="SOM")

    drafted = call(chair, "post", f"/api/v1/meetings/{som.pk}/press-releases", {}, status=201)
    url = f"/api/v1/press-releases/{drafted['id']}"
    hidden = public.get(url)
    edited = call(chair, "patch", url, {"version": 1, "title_en": "SOM meets in Vientiane"})
    stale = call(chair, "patch", url, {"version": 1, "title_en": "Mine"}, status=409)
    call(chair, "post", f"{url}/approval", {"version": 2})
    published = call(chair, "post", f"{url}/publication", {"version": 3})
    read = call(public, "get", url)

    assert drafted["body_en"].startswith("Vientiane, 23 July 2024 – The ASEAN Senior Officials' Meeting (SOM) met")
    assert hidden.status_code == 404
    assert (edited["title_en"], edited["version"], stale["field"]) == ("SOM meets in Vientiane", 2, "version")
    assert (published["status"], read["title_en"], read["version"]) == ("published", "SOM meets in Vientiane", 4)


def test_press_release_draft_refused_to_a_delegate(documents_demo: Series) -> None:
    som = Meeting.objects.get(series=documents_demo, body__code="SOM")

    refused = call(client_for("vn.focal"), "post", f"/api/v1/meetings/{som.pk}/press-releases", {}, status=403)

    assert refused["detail"] == "only the chair secretariat (the press office) of this series can do this."


def test_document_publication_through_the_api(documents_demo: Series) -> None:
    concept = OutcomeDocument.objects.get(title_en__startswith="Concept Note on the Development")

    published = call(
        client_for("lao.chair"),
        "post",
        f"/api/v1/series/amm-57/documents/{concept.pk}/publication",
        {"version": concept.version},
    )

    assert (published["classification"], published["version"]) == ("public", concept.version + 1)


def test_press_release_patch_that_changes_nothing_is_no_new_version(documents_demo: Series) -> None:
    chair = client_for("lao.chair")
    som = Meeting.objects.get(series=documents_demo, body__code="SOM")
    drafted = call(chair, "post", f"/api/v1/meetings/{som.pk}/press-releases", {}, status=201)
    url = f"/api/v1/press-releases/{drafted['id']}"

    nothing = call(chair, "patch", url, {"version": 1})
    same = call(chair, "patch", url, {"version": 1, "title_en": drafted["title_en"], "advance_release": False})

    updates = AuditEvent.objects.filter(object_id=str(drafted["id"]), action="press_release.update").count()
    assert (nothing, same["version"], updates) == (drafted, 1, 0)


def test_press_release_patch_refuses_unknown_fields_with_a_422_naming_them(documents_demo: Series) -> None:
    chair = client_for("lao.chair")
    som = Meeting.objects.get(series=documents_demo, body__code="SOM")
    drafted = call(chair, "post", f"/api/v1/meetings/{som.pk}/press-releases", {}, status=201)
    url = f"/api/v1/press-releases/{drafted['id']}"

    status = call(chair, "patch", url, {"version": 1, "status": "published"}, status=422)
    bogus = call(chair, "patch", url, {"version": 1, "bogus": 1}, status=422)
    not_a_number = call(chair, "patch", url, {"version": "one"}, status=422)

    assert [(e["type"], e["loc"]) for e in status["detail"]] == [("extra_forbidden", ["body", "payload", "status"])]
    assert [(e["type"], e["loc"]) for e in bogus["detail"]] == [("extra_forbidden", ["body", "payload", "bogus"])]
    # The same shape as every other 422 of the API.
    assert set(status) == set(not_a_number) == {"detail"}
    assert set(status["detail"][0]) == set(not_a_number["detail"][0])
    assert call(chair, "get", url)["version"] == 1


def test_press_release_patch_refuses_an_empty_vietnamese_title_and_a_version_never_had(documents_demo: Series) -> None:
    chair = client_for("lao.chair")
    som = Meeting.objects.get(series=documents_demo, body__code="SOM")
    drafted = call(chair, "post", f"/api/v1/meetings/{som.pk}/press-releases", {}, status=201)
    url = f"/api/v1/press-releases/{drafted['id']}"
    record = f"press release #{drafted['id']}"

    empty = call(chair, "patch", url, {"version": 1, "title_vi": ""}, status=400)
    future = call(chair, "patch", url, {"version": 99, "title_en": "Mine"}, status=400)

    assert empty == refusal("may not be empty.", "title_vi", record)
    assert future == refusal(
        "This press release never had version 99; it is at version 1. Send the version you read.", "version", record
    )


def test_press_release_discard_through_the_api(documents_demo: Series) -> None:
    """A release never published is discarded with the version read (409 on a stale one, audited); a published
    one is refused naming its status; a delegate cannot see a draft to discard it."""
    chair = client_for("lao.chair")
    som = Meeting.objects.get(series=documents_demo, body__code="SOM")
    draft = call(chair, "post", f"/api/v1/meetings/{som.pk}/press-releases", {}, status=201)
    url = f"/api/v1/press-releases/{draft['id']}"
    call(chair, "patch", url, {"version": 1, "title_en": "SOM meets"})

    stale = call(chair, "delete", f"{url}?version=1", status=409)
    foreign = client_for("vn.focal").delete(f"{url}?version=2")
    discarded = chair.delete(f"{url}?version=2")

    assert stale["field"] == "version"
    assert foreign.status_code == 404
    assert (discarded.status_code, chair.get(url).status_code) == (204, 404)
    event = AuditEvent.objects.get(action="press_release.discard", object_id=str(draft["id"]))
    assert event.before["title_en"] == "SOM meets"

    published = call(chair, "post", f"/api/v1/meetings/{som.pk}/press-releases", {}, status=201)
    url = f"/api/v1/press-releases/{published['id']}"
    call(chair, "post", f"{url}/approval", {"version": 1})
    call(chair, "post", f"{url}/publication", {"version": 2})
    refused = call(chair, "delete", f"{url}?version=3", status=400)

    assert (refused["field"], "Published" in refused["detail"]) == ("status", True)
