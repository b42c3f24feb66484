"""A refusal reads in the language of the request: the API's details follow Accept-Language or the language
cookie, the web's error page too; without either it is English."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mufakat.documents.models import OutcomeDocument, Proposal
from tests.api.calls import JSON, client_for
from tests.documents.conftest import documents_demo, programme_demo

__all__ = ["documents_demo", "programme_demo"]

SERIES = "/api/v1/series/amm-57"


def _post(client: Client, url: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    response = client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)
    assert response["Content-Type"] == JSON
    return response.status_code, response.json()


@pytest.mark.usefixtures("api_access_demo")
def test_service_refusal_follows_accept_language() -> None:
    url = f"{SERIES}/delegations"
    english = _post(client_for("vn.focal"), url, {"party": "NO"})
    vietnamese = _post(client_for("vn.focal"), url, {"party": "NO"}, headers={"Accept-Language": "vi"})

    assert english == (
        403,
        {"detail": "only the chair secretariat registers delegations.", "field": None, "record": None},
    )
    assert vietnamese == (
        403,
        {"detail": "chỉ Ban Thư ký nước Chủ tịch được đăng ký các đoàn.", "field": None, "record": None},
    )


@pytest.mark.usefixtures("api_access_demo")
def test_not_found_detail_follows_the_language_cookie() -> None:
    client = client_for()
    client.cookies["django_language"] = "vi"

    response = client.get("/api/v1/frameworks/NOPE/members")

    assert (response.status_code, response.json()) == (
        404,
        {"detail": "không có khuôn khổ nào có code 'NOPE'.", "field": "code", "record": None},
    )


@pytest.mark.usefixtures("api_access_demo")
def test_unknown_record_in_a_service_reads_in_vietnamese() -> None:
    status, body = _post(
        client_for("lao.chair"), f"{SERIES}/delegations", {"party": "XX"}, headers={"Accept-Language": "vi"}
    )

    assert (status, body) == (
        400,
        {"detail": "không có bên nào mang mã 'XX'; xem /api/v1/parties.", "field": "party", "record": None},
    )


@pytest.mark.usefixtures("api_access_demo")
def test_sign_in_needed_reads_in_vietnamese() -> None:
    status, body = _post(Client(), f"{SERIES}/delegations", {"party": "NO"}, headers={"Accept-Language": "vi"})

    assert (status, body["detail"]) == (
        401,
        "việc này cần người dùng đã đăng nhập: hãy đăng nhập giao diện web, hoặc gửi mã truy cập API cá nhân dưới "
        "dạng 'Authorization: Bearer mfk_…'.",
    )


@pytest.mark.usefixtures("documents_demo")
def test_web_error_page_gives_the_service_reason_in_vietnamese() -> None:
    communique = OutcomeDocument.objects.get(meeting__series__code="amm-57", title_en__startswith="Joint Communiqué")
    singapore = Proposal.objects.filter(version=communique.current_version, party__code="SG").first()
    assert singapore is not None
    client = client_for("vn.focal")
    client.cookies["django_language"] = "vi"

    response = client.post(
        reverse("web:proposal-withdraw", args=["amm-57", communique.pk, singapore.pk]), {"note": "Not ours."}
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert "Bạn không có quyền làm việc này" in page
    assert "chỉ đoàn đưa ra đề xuất hoặc Chủ tịch mới được rút lại đề xuất." in page
    assert Proposal.objects.get(pk=singapore.pk).status == "open"
