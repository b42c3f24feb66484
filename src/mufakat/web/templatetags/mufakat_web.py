"""Template helpers of the web UI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django import template

from mufakat.accounts import selectors as account_selectors
from mufakat.accounts.models import User
from mufakat.bilaterals.models import BilateralUnscheduled
from mufakat.bilaterals.reasons import unscheduled_detail as _unscheduled_detail
from mufakat.core.i18n import active_language, ordinal_en
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Meeting

register = template.Library()


@dataclass(frozen=True)
class RoleLine:
    role: str
    party: str
    series_code: str


@register.simple_tag(takes_context=True)
def demo_clock(context: Any) -> meeting_selectors.DemoClock | None:
    """The demo clock while demo data is loaded, for the banner on every page (one query, once per request)."""
    request = context.get("request")
    if request is None:
        return meeting_selectors.demo_clock()
    if not hasattr(request, "_mufakat_demo_clock"):
        request._mufakat_demo_clock = meeting_selectors.demo_clock()
    clock: meeting_selectors.DemoClock | None = request._mufakat_demo_clock
    if clock is not None and entered_after_the_fact(context, clock):
        return None
    return clock


def entered_after_the_fact(context: Any, clock: meeting_selectors.DemoClock) -> bool:
    """A page of a series dated past the demo clock and carrying no clock of its own (the October 2024
    Summits' record beside the July 2024 week) is a record entered after the fact: no demo banner there."""
    series = context.get("series")
    if series is None and isinstance(context.get("meeting"), Meeting):
        series = context["meeting"].series
    start = getattr(series, "start_date", None)
    if start is None or getattr(series, "demo_as_of", None) is not None:
        return False
    return bool(start > clock.at.astimezone(ZoneInfo(clock.time_zone)).date())


@register.simple_tag(takes_context=True)
def account_roles(context: Any) -> list[RoleLine]:
    """The logged-in user's roles in every series, for the page header (one query, cached per request)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return []
    cached: list[RoleLine] | None = getattr(request, "_mufakat_roles", None)
    if cached is None:
        cached = [
            RoleLine(role=a.get_role_display(), party=a.party.name if a.party else "", series_code=a.series.code)
            for a in account_selectors.role_assignment_list(user=user)
        ]
        request._mufakat_roles = cached
    return cached


@register.filter
def meeting_label(meeting: Meeting) -> str:
    """How the recommendation chain names a meeting: '57th AMM' in English, 'AMM-57' in Vietnamese, the
    abbreviation alone ('SOM') for a body whose meetings carry no ordinal."""
    if meeting.body.numbered and meeting.ordinal:
        if active_language() == "vi":
            return meeting.short_title
        return f"{ordinal_en(meeting.ordinal)} {meeting.body.abbreviation}"
    return meeting.body.abbreviation


@register.filter
def unscheduled_detail(unscheduled: BilateralUnscheduled) -> str:
    """Why a request has no place, in the reader's language."""
    return _unscheduled_detail(unscheduled)
