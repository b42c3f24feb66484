"""/api/v1/me/notifications (the caller's own, newest first, paginated, `unread` filter, in the request's
language or the caller's) and marking them read; /api/v1/me/notification-preferences."""

from __future__ import annotations

from datetime import UTC, datetime

from mufakat.notifications.models import Notification
from tests.api.calls import NEEDS_SIGN_IN, call, client_for, refusal
from tests.factories.notifications import notice_to

LIST = "/api/v1/me/notifications"
PREFERENCES = "/api/v1/me/notification-preferences"
DEADLINE = datetime(2024, 7, 29, 11, 0, tzinfo=UTC)


def test_the_list_shows_the_callers_own_newest_first(member_focal_point, partner_delegate) -> None:
    vn = member_focal_point.user
    first = notice_to([vn], title="the old draft")
    second = notice_to(
        [vn, partner_delegate.user],
        deadline=DEADLINE,
        deadline_zone="Asia/Vientiane",
        series_id=member_focal_point.series_id,
    )
    Notification.objects.filter(notice=first).update(read_at=DEADLINE)
    newest = second.notifications.get(user=vn)
    Notification.objects.filter(pk=newest.pk).update(created_at=datetime(2024, 7, 25, 3, 0, tzinfo=UTC))
    Notification.objects.filter(notice=first).update(created_at=datetime(2024, 7, 24, 3, 0, tzinfo=UTC))

    body = call(client_for("vn.focal"), "get", LIST)

    assert body["count"] == 2
    assert [item["subject"] for item in body["items"]] == [
        "Test notice about the draft",
        "Test notice about the old draft",
    ]
    assert body["items"][0] == {
        "id": newest.pk,
        "kind": "system.test",
        "kind_label": "Test notice",
        "language": "en",
        "subject": "Test notice about the draft",
        "body": "Test notice about the draft",
        "link": "/series/amm-57/",
        "series": "amm-57",
        "created_at": "2024-07-25T03:00:00Z",
        "read_at": None,
        "deadline": "2024-07-29T11:00:00Z",
        "deadline_zone": "Asia/Vientiane",
    }
    assert body["items"][1]["read_at"] == "2024-07-29T11:00:00Z"


def test_the_unread_filter_and_pagination(member_focal_point) -> None:
    for number in range(3):
        notice_to([member_focal_point.user], title=f"draft {number}")
    Notification.objects.filter(notice__subject__en="Test notice about draft 2").update(read_at=DEADLINE)

    body = call(client_for("vn.focal"), "get", LIST + "?unread=true&limit=1&offset=1")

    assert (body["count"], [item["subject"] for item in body["items"]]) == (2, ["Test notice about draft 0"])


def test_the_language_is_the_requests_else_the_callers(member_focal_point) -> None:
    user = member_focal_point.user
    user.preferred_language = "vi"
    user.save()
    notice_to([user])
    client = client_for("vn.focal")

    own = call(client, "get", LIST)["items"][0]
    asked = call(client, "get", LIST, headers={"Accept-Language": "en"})["items"][0]

    assert (own["language"], own["subject"]) == ("vi", "Test notice about bản dự thảo")
    assert (asked["language"], asked["subject"]) == ("en", "Test notice about the draft")


def test_others_notifications_are_neither_listed_nor_marked(member_focal_point, partner_delegate) -> None:
    theirs = notice_to([partner_delegate.user]).notifications.get()

    assert call(client_for("vn.focal"), "get", LIST) == {"items": [], "count": 0}
    body = call(client_for("vn.focal"), "post", LIST + "/read", {"ids": [theirs.pk]})

    assert body == {"marked": 0, "unread": 0}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_by_ids_and_all(member_focal_point) -> None:
    copies = [notice_to([member_focal_point.user]).notifications.get() for _ in range(3)]
    client = client_for("vn.focal")

    assert call(client, "post", LIST + "/read", {"ids": [copies[0].pk]}) == {"marked": 1, "unread": 2}
    assert call(client, "post", LIST + "/read", {"ids": [copies[0].pk]}) == {"marked": 0, "unread": 2}
    assert call(client, "post", LIST + "/read", {"all": True}) == {"marked": 2, "unread": 0}


def test_mark_read_needs_ids_or_all(member_focal_point) -> None:
    body = call(client_for("vn.focal"), "post", LIST + "/read", {}, status=400)

    assert body == refusal("send either ids (a list) or all: true, not both and not neither.", "ids")


def test_anonymous_callers_are_refused(amm_57) -> None:
    assert call(client_for(), "get", LIST, status=401) == NEEDS_SIGN_IN
    assert call(client_for(), "get", PREFERENCES, status=401) == NEEDS_SIGN_IN


def test_preferences_read_and_change(member_focal_point) -> None:
    client = client_for("vn.focal")

    before = call(client, "get", PREFERENCES)
    after = call(
        client,
        "put",
        PREFERENCES,
        {
            "kinds": [
                {"kind": "document.circulated", "email_mode": "digest"},
                {"kind": "bilateral.requested", "email_mode": "none"},
            ],
            "digest_time": "18:30",
            "time_zone": "Asia/Ho_Chi_Minh",
            "language": "vi",
        },
    )

    assert before["kinds"][0] == {
        "kind": "document.circulated",
        "label": "A new draft circulated",
        "email_mode": "immediate",
    }
    assert (before["digest_time"], before["time_zone"], before["language"]) == ("07:00", "", "en")
    modes = {item["kind"]: item["email_mode"] for item in after["kinds"]}
    assert (modes["document.circulated"], modes["bilateral.requested"], modes["system.test"]) == (
        "digest",
        "none",
        "immediate",
    )
    assert (after["digest_time"], after["time_zone"], after["language"]) == ("18:30", "Asia/Ho_Chi_Minh", "vi")
    assert call(client, "put", PREFERENCES, {"language": "en"})["time_zone"] == "Asia/Ho_Chi_Minh"  # others kept


def test_preferences_refuse_bad_values_naming_the_field(member_focal_point) -> None:
    client = client_for("vn.focal")

    assert call(client, "put", PREFERENCES, {"time_zone": "Mars/Olympus"}, status=400) == refusal(
        "'Mars/Olympus' is not an IANA time zone name (e.g. Asia/Ho_Chi_Minh); leave it empty for the venue's only.",
        "time_zone",
    )
    assert call(
        client, "put", PREFERENCES, {"kinds": [{"kind": "system.test", "email_mode": "weekly"}]}, status=400
    ) == refusal("'weekly' is not one of immediate, digest, none.", "kinds[0].email_mode")
    gossip = call(
        client,
        "put",
        PREFERENCES,
        {"kinds": [{"kind": "system.test", "email_mode": "none"}, {"kind": "gossip", "email_mode": "none"}]},
        status=400,
    )
    assert (gossip["field"], gossip["detail"].startswith("'gossip' is not a kind of notice; the kinds are ")) == (
        "kinds[1].kind",
        True,
    )
    twice = [{"kind": "system.test", "email_mode": "none"}, {"kind": "system.test", "email_mode": "digest"}]
    assert call(client, "put", PREFERENCES, {"kinds": twice}, status=400) == refusal(
        "'system.test' is named twice; name each kind once.", "kinds[1].kind"
    )
    assert call(client, "put", PREFERENCES, {"language": "fr"}, status=400)["field"] == "language"
    assert call(client, "get", PREFERENCES)["kinds"][-1]["email_mode"] == "immediate"  # nothing saved


def test_preferences_put_takes_back_what_get_gave(member_focal_point) -> None:
    client = client_for("vn.focal")
    settings = call(client, "get", PREFERENCES)
    settings["kinds"][0]["email_mode"] = "none"
    settings["digest_time"] = "06:15"

    after = call(client, "put", PREFERENCES, settings)

    assert after == settings
    assert (after["kinds"][0], after["kinds"][1]["email_mode"]) == (
        {"kind": "document.circulated", "label": "A new draft circulated", "email_mode": "none"},
        "immediate",
    )


def test_preferences_refuse_an_unknown_field_naming_it(member_focal_point) -> None:
    client = client_for("vn.focal")

    assert call(client, "put", PREFERENCES, {"email_modes": {"system.test": "none"}}, status=400) == refusal(
        "'email_modes' is not a field here; the fields are kinds, digest_time, time_zone, language.", "email_modes"
    )
    assert call(
        client, "put", PREFERENCES, {"kinds": [{"kind": "system.test", "mode": "none"}]}, status=400
    ) == refusal("'mode' is not a field here; the fields are kind, email_mode, label.", "mode")
    assert call(client, "get", PREFERENCES)["kinds"][-1] == {
        "kind": "system.test",
        "label": "Test notice",
        "email_mode": "immediate",
    }


def test_preferences_describe_the_digest_time_once(member_focal_point) -> None:
    schema = client_for().get("/api/v1/openapi.json").json()["components"]["schemas"]
    digest_in = schema["NotificationPreferencesIn"]["properties"]["digest_time"]
    described = {
        schema["NotificationPreferencesOut"]["properties"]["digest_time"]["description"],
        digest_in["description"],
        *(choice["description"] for choice in digest_in["anyOf"] if "description" in choice),
    }

    assert described == {
        "When the daily digest goes: HH:MM in your time zone (`time_zone`), or in UTC when you set none."
    }
    assert schema["NotificationPreferencesIn"]["additionalProperties"] is False
