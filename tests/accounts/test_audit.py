"""The audit log: append-only entries (no update or delete, one by one or in bulk), JSON-safe
snapshots, the request id taken from the request."""

from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, datetime

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from mufakat.accounts.audit import audit_record, snapshot
from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.context import RequestIdMiddleware, current_request_id
from mufakat.delegations.models import Circular
from mufakat.meetings.models import Series
from mufakat.reference.models import Party


def _an_entry(chair_secretariat: SeriesViewer) -> AuditEvent:
    return audit_record(
        viewer=chair_secretariat,
        action="circular.create",
        obj=Circular.objects.get(reference="AMM-57/LOG/01"),
        after={"reference": "AMM-57/LOG/01"},
    )


def test_audit_event_save_again_refused(chair_secretariat: SeriesViewer) -> None:
    entry = _an_entry(chair_secretariat)
    entry.action = "circular.delete"

    with pytest.raises(PermissionError, match="audit events are append-only"):
        entry.save()

    assert AuditEvent.objects.get(pk=entry.pk).action == "circular.create"


def test_audit_event_delete_refused(chair_secretariat: SeriesViewer) -> None:
    entry = _an_entry(chair_secretariat)

    with pytest.raises(PermissionError, match="audit events are append-only"):
        entry.delete()

    assert AuditEvent.objects.filter(pk=entry.pk).count() == 1


def test_audit_event_bulk_update_refused(amm_57: Series) -> None:
    entries = AuditEvent.objects.filter(series=amm_57).count()

    with pytest.raises(PermissionError, match="audit events are append-only"):
        AuditEvent.objects.filter(series=amm_57).update(actor_username="nobody")

    assert AuditEvent.objects.filter(series=amm_57, actor_username="nobody").count() == 0
    assert AuditEvent.objects.filter(series=amm_57).count() == entries


def test_audit_event_bulk_delete_refused(amm_57: Series) -> None:
    entries = AuditEvent.objects.filter(series=amm_57).count()

    with pytest.raises(PermissionError, match="audit events are append-only"):
        AuditEvent.objects.filter(series=amm_57).delete()

    assert AuditEvent.objects.filter(series=amm_57).count() == entries == 226


def test_audit_record_anonymous_viewer_keeps_no_actor(anonymous: SeriesViewer, amm_57: Series) -> None:
    entry = audit_record(viewer=anonymous, action="test.touch", obj=amm_57)

    assert (entry.actor, entry.actor_username, entry.actor_role, entry.actor_party, entry.series_id) == (
        None,
        "",
        "",
        "",
        amm_57.pk,
    )
    assert (entry.object_type, entry.object_id, entry.before, entry.after, entry.request_id) == (
        "meetings.series",
        str(amm_57.pk),
        None,
        None,
        "",
    )


def test_a_system_actor_is_audited_as_system_with_its_purpose(amm_57: Series) -> None:
    entry = audit_record(
        viewer=SeriesViewer.system(amm_57.pk, purpose="silence deadline job"), action="test.touch", obj=amm_57
    )

    assert (entry.actor, entry.actor_username, entry.actor_role, entry.series_id) == (
        None,
        "silence deadline job",
        "system",
        amm_57.pk,
    )


def test_a_system_actor_must_say_what_it_is_doing(amm_57: Series) -> None:
    with pytest.raises(ValueError, match="says what it is doing"):
        SeriesViewer.system(amm_57.pk, purpose="")


def test_audit_record_takes_the_request_id_of_the_current_request(
    chair_secretariat: SeriesViewer, request_id: str
) -> None:
    entry = _an_entry(chair_secretariat)

    assert (entry.request_id, entry.actor, entry.actor_username) == (
        "3f9a1c0e-test-request",
        chair_secretariat.user,
        "lao.chair",
    )


def test_snapshot_foreign_keys_many_to_many_dates_and_decimals(amm_57: Series) -> None:
    circular = Circular.objects.get(reference="AMM-57/CONF/01")
    viet_nam_and_laos = sorted(Party.objects.filter(code__in=["VN", "LA"]).values_list("pk", flat=True))

    values = {
        **snapshot(circular, ["reference", "restricted_to", "confidential_to", "classification"]),
        **snapshot(amm_57, ["start_date", "chair"]),
    }

    assert values == {
        "reference": "AMM-57/CONF/01",
        "restricted_to": None,
        "confidential_to": viet_nam_and_laos,
        "classification": "confidential",
        "start_date": "2024-07-23",
        "chair": Party.objects.get(code="LA").pk,
    }


def test_snapshot_unsaved_object_has_no_many_to_many(amm_57: Series) -> None:
    circular = Circular(series=amm_57, reference="AMM-57/NEW", issued_at=datetime(2024, 7, 22, 9, tzinfo=UTC))

    assert snapshot(circular, ["confidential_to", "issued_at"]) == {
        "confidential_to": [],
        "issued_at": "2024-07-22T09:00:00+00:00",
    }


def test_request_id_middleware_passes_a_sane_incoming_id_to_the_audit_log(
    chair_secretariat: SeriesViewer,
) -> None:
    entries: list[AuditEvent] = []

    def view(request: HttpRequest) -> HttpResponse:
        entries.append(_an_entry(chair_secretariat))
        return HttpResponse("ok")

    response = RequestIdMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="proxy-7f3e2a91"))

    assert (entries[0].request_id, response["X-Request-ID"], current_request_id()) == (
        "proxy-7f3e2a91",
        "proxy-7f3e2a91",
        "",
    )


@pytest.mark.parametrize("incoming", ["", "short", "x" * 65, "nhập-mã-yêu-cầu"])
def test_request_id_middleware_replaces_an_unusable_incoming_id(chair_secretariat: SeriesViewer, incoming: str) -> None:
    entries: list[AuditEvent] = []

    def view(request: HttpRequest) -> HttpResponse:
        entries.append(_an_entry(chair_secretariat))
        return HttpResponse("ok")

    headers = {"HTTP_X_REQUEST_ID": incoming} if incoming else {}
    response = RequestIdMiddleware(view)(RequestFactory().get("/", **headers))

    assert re.fullmatch(r"[0-9a-f]{32}", entries[0].request_id) is not None
    assert response["X-Request-ID"] == entries[0].request_id


def test_snapshot_writes_an_aware_time_in_utc_whatever_zone_it_came_in(amm_57: Series) -> None:
    vientiane = zoneinfo.ZoneInfo("Asia/Vientiane")
    amm_57.demo_as_of = datetime(2024, 7, 27, 20, 0, tzinfo=vientiane)

    assert snapshot(amm_57, ["demo_as_of"]) == {"demo_as_of": "2024-07-27T13:00:00+00:00"}
