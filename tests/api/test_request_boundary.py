"""What comes in at the API's edge: free text passes one rule (core.cleantext), and malformed requests (no multipart
boundary, a body over the limit, a body that is not JSON) are answered in the JSON error shape naming the
problem, never with a 500 or an HTML page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from mufakat.accounts.models import User
from mufakat.accounts.services import api_token_create
from mufakat.documents.models import DocumentVersion, OutcomeDocument, Paragraph, Proposal
from tests.documents.conftest import documents_demo, programme_demo
from tests.factories.plans import demo_plans

__all__ = ["documents_demo", "programme_demo"]

pytestmark = pytest.mark.usefixtures("documents_demo")

COMMUNIQUE = "Joint Communiqué of the 57th ASEAN Foreign Ministers' Meeting"


def _bearer(username: str) -> dict[str, str]:
    token = api_token_create(user=User.objects.get(username=username), name="tests").plaintext
    return {"Authorization": f"Bearer {token}"}


def _communique() -> OutcomeDocument:
    return OutcomeDocument.objects.get(meeting__series__code="amm-57", title_en=COMMUNIQUE)


def _proposal(text: str) -> dict[str, Any]:
    document = _communique()
    version = DocumentVersion.objects.get(document=document, number=3)
    paragraph = Paragraph.objects.get(version=version, text__startswith="We looked forward")
    start = paragraph.text.index("October 2024")
    return {
        "version_id": version.pk,
        "kind": "replace",
        "paragraph_uid": str(paragraph.uid),
        "start": start,
        "end": start + len("October 2024"),
        "party": "VN",
        "text": text,
        "justification": "Line one\r\nline two\x0bline three\x07.",
    }


def _post(path: str, body: Any, **headers: str) -> Any:
    return Client().post(
        f"/api/v1/series/amm-57/documents/{_communique().pk}{path}",
        data=json.dumps(body),
        content_type="application/json",
        headers={**_bearer("vn.focal"), **headers},
    )


def test_api_text_with_control_characters_is_stored_clean() -> None:
    response = _post("/proposals", _proposal("late\x0bOctober\x1b 2024\t"))

    assert response.status_code == 201, response.content
    proposal = Proposal.objects.get(pk=response.json()["id"])
    assert (proposal.text, proposal.justification) == ("late\nOctober 2024\t", "Line one\nline two\nline three.")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("late\x00October", "contains a NUL character (U+0000); remove it."),
        (
            "late\ud800October",
            "contains an unpaired surrogate code point (U+D800 to U+DFFF), which is not text; remove it.",
        ),
    ],
)
def test_api_text_with_nul_or_a_lone_surrogate_is_422_naming_the_field(text: str, message: str) -> None:
    count = Proposal.objects.count()

    response = _post("/proposals", _proposal(text))

    assert (response.status_code, response.json()) == (
        422,
        {"detail": [{"type": "string_not_text", "loc": ["body", "text"], "msg": message}]},
    )
    assert Proposal.objects.count() == count


def test_api_field_name_with_nul_is_422() -> None:
    response = _post("/proposals", {**_proposal("x"), "no\x00te": "x"})

    assert (response.status_code, response.json()["detail"][0]["loc"]) == (422, ["body", "(name)"])


def test_api_body_that_is_not_json_is_400_naming_the_body() -> None:
    response = Client().post(
        f"/api/v1/series/amm-57/documents/{_communique().pk}/proposals",
        data=b"{not json",
        content_type="application/json",
        headers=_bearer("vn.focal"),
    )

    assert (response.status_code, response.json()["field"]) == (400, "body")
    assert response.json()["detail"].startswith("the request body is not valid JSON (")


def test_api_body_over_the_limit_is_413_in_the_error_shape(settings: Any) -> None:
    response = _post("/proposals", _proposal("x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)))

    assert (response.status_code, response.json()) == (
        413,
        {
            "detail": f"the request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes; send less.",
            "field": "body",
            "record": None,
        },
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/series/amm-57/documents/{document}/versions.docx",
        "/api/v1/series/amm-57/programme/import",
        "/api/v1/series/amm-57/plans/{plan}/outline",
    ],
)
@pytest.mark.parametrize("debug", [False, True])
def test_multipart_without_boundary_is_400_naming_the_content_type(path: str, debug: bool, settings: Any) -> None:
    settings.DEBUG = debug
    plan = demo_plans()["mekong_us"].pk if "{plan}" in path else None
    response = Client().post(
        path.format(document=_communique().pk, plan=plan),
        data=b"--x\r\nContent-Disposition: form-data; name=file\r\n\r\nabc\r\n--x--\r\n",
        content_type="multipart/form-data",
        headers=_bearer("lao.chair"),
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": (
                "the multipart body cannot be read (Invalid boundary in multipart: None); send multipart/form-data "
                "with the boundary named in the Content-Type header."
            ),
            "field": "Content-Type",
            "record": None,
        },
    )
