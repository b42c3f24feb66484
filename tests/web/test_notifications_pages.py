"""The inbox (newest first, unread marked, opened by its owner only, all marked read, filtered, paginated), the
unread counter in the header, and the preferences page."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mufakat.notifications.models import Notification, NotificationPreference
from tests.factories.notifications import notice_to
from tests.web.pages import html_page, parse

INBOX = "/me/notifications/"
PREFERENCES = "/me/notifications/preferences/"
DEADLINE = datetime(2024, 7, 29, 11, 0, tzinfo=UTC)  # 18:00 in Vientiane


def test_the_inbox_lists_newest_first_with_unread_marked(member_focal_point, member_focal_point_client) -> None:
    user = member_focal_point.user
    user.time_zone = "Asia/Tokyo"
    user.save()
    older = notice_to([user], title="the old draft")
    notice_to(
        [user],
        title="the new draft",
        deadline=DEADLINE,
        deadline_zone="Asia/Vientiane",
        series_id=member_focal_point.series_id,
    )
    Notification.objects.filter(notice=older).update(read_at=DEADLINE)

    page = html_page(member_focal_point_client.get(INBOX))

    items = page.find_all("li", cls="notification")
    assert [item.find("h2").text for item in items] == [
        "Test notice about the new draft",
        "Test notice about the old draft",
    ]
    assert [("unread" in item.classes) for item in items] == [True, False]
    assert items[0].texts("p", cls="deadline") == [
        "Deadline: 29 July 2024 18:00 (venue time, Asia/Vientiane)",
        "Deadline: 29 July 2024 20:00 (your time, Asia/Tokyo)",
    ]
    assert items[0].find("span", cls="series").text == "amm-57"
    assert page.find(id="unread-total").text == "1 unread"
    assert page.find("a", id="inbox-link").text == "Notifications 1"


def test_the_inbox_reads_in_the_pages_language(member_focal_point, member_focal_point_client) -> None:
    notice_to([member_focal_point.user])
    member_focal_point_client.cookies["django_language"] = "vi"

    page = html_page(member_focal_point_client.get(INBOX))

    assert page.find("li", cls="notification").find("h2").text.endswith("bản dự thảo")


def test_opening_a_notification_marks_it_read_and_goes_to_its_object(
    member_focal_point, member_focal_point_client
) -> None:
    notice = notice_to([member_focal_point.user])
    copy = notice.notifications.get()

    response = member_focal_point_client.get(f"/me/notifications/{copy.pk}/open")

    assert (response.status_code, response["Location"]) == (302, "/series/amm-57/")
    copy.refresh_from_db()
    assert copy.read_at is not None


def test_a_link_off_the_site_is_not_followed(member_focal_point, member_focal_point_client) -> None:
    copy = notice_to([member_focal_point.user], link="https://evil.example.com/").notifications.get()

    response = member_focal_point_client.get(f"/me/notifications/{copy.pk}/open")

    assert (response.status_code, response["Location"]) == (302, INBOX)


def test_only_the_owner_sees_and_opens_a_notification(
    member_focal_point, partner_delegate_client, member_focal_point_client
) -> None:
    copy = notice_to([member_focal_point.user], title="Viet Nam's own").notifications.get()

    response = partner_delegate_client.get(f"/me/notifications/{copy.pk}/open")
    other_inbox = html_page(partner_delegate_client.get(INBOX))

    assert response.status_code == 404
    copy.refresh_from_db()
    assert copy.read_at is None
    assert other_inbox.find_all("li", cls="notification") == []
    assert "Viet Nam's own" not in other_inbox.text
    assert "Viet Nam's own" in html_page(member_focal_point_client.get(INBOX)).text


def test_anonymous_visitors_are_sent_to_log_in(client: Client, amm_57) -> None:
    response = client.get(INBOX)

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/me/notifications/")


def test_mark_all_read_then_the_unread_filter_is_empty(member_focal_point, member_focal_point_client) -> None:
    notice_to([member_focal_point.user])
    notice_to([member_focal_point.user])

    response = member_focal_point_client.post("/me/notifications/read/", {"unread": "1"})

    assert (response.status_code, response["Location"]) == (302, "/me/notifications/?unread=1")
    page = html_page(member_focal_point_client.get(response["Location"]))
    assert page.texts("li", cls="message") == ["2 notifications marked read."]
    assert page.find("p", cls="empty").text == "No unread notifications."
    assert page.find("a", id="inbox-link").text == "Notifications"


def test_mark_all_read_needs_the_csrf_token(member_focal_point) -> None:
    notice_to([member_focal_point.user])
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_focal_point.user)

    assert client.post("/me/notifications/read/").status_code == 403
    assert Notification.objects.get().read_at is None


def test_the_unread_filter_and_the_pages(member_focal_point, member_focal_point_client) -> None:
    for number in range(27):
        notice_to([member_focal_point.user], title=f"draft {number}")
    Notification.objects.filter(notice__subject__en="Test notice about draft 0").update(read_at=DEADLINE)

    first = html_page(member_focal_point_client.get(INBOX + "?unread=1"))
    second = html_page(member_focal_point_client.get(INBOX + "?unread=1&page=2"))

    assert len(first.find_all("li", cls="notification")) == 25
    assert [item.find("h2").text for item in second.find_all("li", cls="notification")] == ["Test notice about draft 1"]
    assert second.find("nav", cls="pager").text == "Newer Page 2 of 2"
    assert first.find("nav", cls="pager").find("a").attrs["href"] == "?unread=1&page=2"


def test_the_header_counter_costs_one_query(member_focal_point, member_focal_point_client) -> None:
    notice_to([member_focal_point.user])
    with CaptureQueriesContext(connection) as captured:
        page = parse(member_focal_point_client.get("/series/"))  # the desk at / lists unread notices too

    counts = [q["sql"] for q in captured.captured_queries if "notifications_notification" in q["sql"]]
    # One count, by the type of object the notices are about: none about an object whose visibility must be
    # checked (tests/notifications/test_visibility.py counts those: no more queries for more notices).
    assert len(counts) == 1
    assert counts[0].startswith('SELECT "notifications_notice"."object_type"')
    assert 'COUNT("notifications_notification"."id")' in counts[0]
    assert page.find("a", id="inbox-link").text == "Notifications 1"


def test_the_inbox_queries_are_constant(member_focal_point, member_focal_point_client) -> None:
    notice_to([member_focal_point.user])
    with CaptureQueriesContext(connection) as few:
        member_focal_point_client.get(INBOX)
    for number in range(10):
        notice_to([member_focal_point.user], title=f"draft {number}", series_id=member_focal_point.series_id)
    with CaptureQueriesContext(connection) as more:
        member_focal_point_client.get(INBOX)

    assert len(more) == len(few)


def _preferences_form(**changes: Any) -> dict[str, str]:
    from mufakat.notifications.kinds import NOTICE_KINDS

    data = {f"mode-{kind}": "immediate" for kind in NOTICE_KINDS}
    data |= {"digest_time": "07:00", "time_zone": "", "language": "en"}
    return data | changes


def test_preferences_are_saved(member_focal_point, member_focal_point_client) -> None:
    response = member_focal_point_client.post(
        PREFERENCES,
        _preferences_form(
            **{"mode-document.circulated": "digest", "mode-bilateral.requested": "none"},
            digest_time="18:30",
            time_zone="Asia/Ho_Chi_Minh",
            language="vi",
        ),
    )

    assert (response.status_code, response["Location"]) == (302, PREFERENCES)
    user = member_focal_point.user
    user.refresh_from_db()
    assert (user.time_zone, user.preferred_language, str(user.digest_schedule.send_at)) == (
        "Asia/Ho_Chi_Minh",
        "vi",
        "18:30:00",
    )
    assert dict(
        NotificationPreference.objects.filter(user=user)
        .exclude(email_mode="immediate")
        .values_list("kind", "email_mode")
    ) == {"document.circulated": "digest", "bilateral.requested": "none"}
    page = html_page(member_focal_point_client.get(PREFERENCES))
    select = page.find("select", id="id_mode-document.circulated")
    assert [o.attrs["value"] for o in select.find_all("option") if "selected" in o.attrs] == ["digest"]


def test_preferences_refuse_an_unknown_time_zone_naming_the_field(
    member_focal_point, member_focal_point_client
) -> None:
    response = member_focal_point_client.post(PREFERENCES, _preferences_form(time_zone="Asia/Hanoi"))

    page = html_page(response, status=400)
    assert page.find(id="field-time_zone").find("ul", cls="errorlist").text == (
        "“Asia/Hanoi” is not a time zone on the list (e.g. Asia/Vientiane)."
    )
    member_focal_point.user.refresh_from_db()
    assert member_focal_point.user.time_zone == ""


def test_preferences_set_every_kind_at_once(member_focal_point, member_focal_point_client) -> None:
    from mufakat.notifications.kinds import NOTICE_KINDS
    from mufakat.notifications.preferences import notice_settings

    response = member_focal_point_client.post(
        PREFERENCES, _preferences_form(every_kind="digest", **{"mode-document.circulated": "none"})
    )

    assert (response.status_code, response["Location"]) == (302, PREFERENCES)
    assert notice_settings(user=member_focal_point.user).email_modes == dict.fromkeys(NOTICE_KINDS, "digest")
    page = html_page(member_focal_point_client.get(PREFERENCES))
    every = page.find("select", id="id_every_kind")
    assert [o.attrs["value"] for o in every.find_all("option") if "selected" in o.attrs] == [""]  # back to "No"


def test_preferences_page_groups_the_kinds_by_area(member_focal_point, member_focal_point_client) -> None:
    page = html_page(member_focal_point_client.get(PREFERENCES))

    headings = page.find_all("h2", cls="kind-area")
    assert [h.text for h in headings] == [
        "Documents",
        "Silence procedure",
        "Delegations",
        "Bilateral meetings",
        "Programme",
        "Plans of action",
        "Other",
    ]
    assert [o.text for o in page.find("select", id="id_every_kind").find_all("option")] == [
        "No: as chosen for each kind below",
        "by e-mail at once",
        "in a daily e-mail digest",
        "not by e-mail (inbox only)",
    ]
    assert page.find(id="field-digest_time").find("div", cls="helptext").text == (
        "In your time zone (below), or in UTC when you set none. The notices you chose to receive in the digest "
        "come in one e-mail, sent within a few minutes after this time."
    )
    options = page.find("select", id="id_time_zone").find_all("option")
    zones = [o.attrs["value"] for o in options]
    assert (options[0].attrs["value"], options[0].text) == ("", "None (venue's time)")
    assert ("Asia/Ho_Chi_Minh" in zones, "Africa/Asmara" in zones, "Africa/Asmera" in zones) == (True, True, False)
