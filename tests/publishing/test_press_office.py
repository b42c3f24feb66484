"""The press office's list tells releases apart (version, last change in venue time, status) and its edit page
discards a release never published, after a confirmation."""

from __future__ import annotations

from django.test import Client

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.meetings.models import Meeting, Series
from mufakat.publishing.models import PressRelease
from mufakat.publishing.services import press_release_approve, press_release_draft, press_release_publish
from tests.web.pages import parse


def test_press_list_shows_version_last_change_and_status(
    documents_demo: Series, chair_secretariat: SeriesViewer, chair_secretariat_client: Client
) -> None:
    som = Meeting.objects.get(series=documents_demo, body__code="SOM")
    first = press_release_draft(actor=chair_secretariat, meeting=som)
    second = press_release_draft(actor=chair_secretariat, meeting=som)
    press_release_approve(actor=chair_secretariat, release=second, expected_version=1)

    items = parse(chair_secretariat_client.get(f"/meetings/{som.pk}/press/")).find(id="press-releases")
    rows = [" ".join(item.text.split()) for item in items.find_all("li")]

    assert first.title_en == second.title_en
    assert len(rows) == 2
    assert "Approved" in rows[0]
    assert "version 2, last changed" in rows[0]
    assert "Draft" in rows[1]
    assert "Draft · version 1, last changed" in rows[1]
    # Venue time (Vientiane), written in full: "23 July 2024, 18:00"-like, never the UTC hour alone.
    assert all(str(first.created_at.year) in row for row in rows)


def test_press_edit_discards_a_draft_after_confirmation(
    documents_demo: Series, chair_secretariat: SeriesViewer, chair_secretariat_client: Client
) -> None:
    som = Meeting.objects.get(series=documents_demo, body__code="SOM")
    draft = press_release_draft(actor=chair_secretariat, meeting=som)
    edit = f"/meetings/{som.pk}/press/{draft.pk}/"
    form = chair_secretariat_client.get(edit).content.decode()

    unconfirmed = chair_secretariat_client.post(edit, {"action": "discard", "version": "1"})
    kept = PressRelease.objects.filter(pk=draft.pk).exists()
    discarded = chair_secretariat_client.post(edit, {"action": "discard", "version": "1", "confirm": "on"}, follow=True)

    assert 'id="press-discard"' in form
    assert (unconfirmed.status_code, kept) == (302, True)
    assert "The press release was discarded." in discarded.content.decode()
    assert not PressRelease.objects.filter(pk=draft.pk).exists()
    assert AuditEvent.objects.filter(action="press_release.discard", object_id=str(draft.pk)).exists()


def test_press_edit_refuses_to_discard_a_published_release(
    documents_demo: Series, chair_secretariat: SeriesViewer, chair_secretariat_client: Client
) -> None:
    som = Meeting.objects.get(series=documents_demo, body__code="SOM")
    release = press_release_draft(actor=chair_secretariat, meeting=som)
    release = press_release_approve(actor=chair_secretariat, release=release, expected_version=1)
    press_release_publish(actor=chair_secretariat, release=release, expected_version=2)
    edit = f"/meetings/{som.pk}/press/{release.pk}/"

    page = chair_secretariat_client.get(edit).content.decode()
    refused = chair_secretariat_client.post(edit, {"action": "discard", "version": "3", "confirm": "on"}, follow=True)

    assert 'id="press-discard"' not in page
    assert "The press release is Published; only one never published can be discarded." in refused.content.decode()
    assert PressRelease.objects.filter(pk=release.pk).exists()
