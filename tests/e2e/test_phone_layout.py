"""Issue 11's phone check: every main page, as the persona who uses it, at 390 px wide in English and in
Vietnamese, neither scrolls sideways nor breaks a word letter by letter.

One browser and one demo load for the lot: each language gets one context, and the personas take turns in it
(anonymous, then Viet Nam's focal point, then the chair secretariat). Every page is checked before the test
fails, so its message lists all the faults at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings

from mufakat.demo.delegations import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

PHONE_WIDTH = 390

# Words (split at spaces and at the dashes and slashes after which a browser may break a line) that are laid
# out on more than one line. Long tokens (an API key, a request id) may legitimately break; words of up to 24
# letters on a phone never need to.
BROKEN_WORDS_JS = r"""() => {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || !element.getClientRects().length || element.closest('script, style, svg, code')) continue;
    const words = /[^\s\-\u2010-\u2015\/]{2,24}/g;
    for (let match = words.exec(node.data); match; match = words.exec(node.data)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      const where = `<${element.tagName.toLowerCase()} class="${element.className}">`;
      if (lines.size > 1) broken.push(`"${match[0]}" in ${where}`);
    }
  }
  return broken;
}"""


@dataclass(frozen=True)
class Page:
    persona: str | None
    path: str


@pytest.fixture
def full_demo(demo_data: None) -> None:
    """Everything `mufakat demo` loads: delegations, programme, bilaterals, documents and plans."""
    from mufakat.demo.bilaterals import bilaterals_demo_load
    from mufakat.demo.delegations import delegations_demo_load
    from mufakat.demo.documents import documents_demo_load
    from mufakat.demo.plans import plans_demo_load
    from mufakat.demo.programme import programme_demo_load

    delegations_demo_load()
    programme_demo_load()
    bilaterals_demo_load()
    documents_demo_load()
    plans_demo_load()
    _a_notice_in_the_inbox()
    _a_long_agenda_item()


def _a_long_agenda_item() -> None:
    """The chair's floor page offers every agenda item in a select: a long title must not widen the page."""
    from mufakat.meetings.models import AgendaItem, Meeting

    title = "Exchange of views on regional and international issues, including maritime security in the South China Sea"
    AgendaItem.objects.create(
        meeting=Meeting.objects.get(series__code="amm-57", body__code="ARF"),
        position=99,
        title_en=title,
        title_vi=title,
    )


def _a_notice_in_the_inbox() -> None:
    """The demo raises no notice; one with a deadline shows the inbox's rows."""
    from datetime import UTC, datetime

    from mufakat.accounts.models import User
    from mufakat.meetings.models import Series
    from tests.factories.notifications import notice_to

    focal = User.objects.get(username="vn.focal")
    focal.time_zone = "Asia/Ho_Chi_Minh"
    focal.save()
    notice_to(
        [focal],
        title="the Joint Communiqué of the 57th ASEAN Foreign Ministers' Meeting",
        deadline=datetime(2024, 7, 29, 11, 0, tzinfo=UTC),
        deadline_zone="Asia/Vientiane",
        series_id=Series.objects.get(code="amm-57").pk,
    )


def _main_pages() -> list[Page]:
    from mufakat.documents.models import OutcomeDocument
    from mufakat.meetings.models import Meeting
    from mufakat.plans.models import Plan

    amm = Meeting.objects.get(series__code="amm-57", body__code="AMM").pk
    excom = Meeting.objects.get(series__code="amm-57", body__code="SEANWFZ-EXCOM").pk
    plan = Plan.objects.get(title_en__startswith="Plan of Action to Strengthen").pk
    communique = OutcomeDocument.objects.get(title_en__startswith="Joint Communiqué of the 57th").pk
    from mufakat.meetings.models import Session

    arf_session = Session.objects.filter(meeting__series__code="amm-57", meeting__body__code="ARF").first().pk
    series = "/series/amm-57"
    return [
        Page(None, "/"),
        Page(None, f"{series}/"),
        Page(None, f"{series}/programme/"),
        Page(None, f"/meetings/{amm}/"),
        Page(None, f"{series}/documents/"),
        Page(None, "/frameworks/"),
        Page(None, "/frameworks/SEANWFZ/"),
        Page(None, "/frameworks/ASEAN/?on=2024-07-24"),
        Page("vn.focal", "/desk/"),
        Page("vn.focal", f"{series}/delegations/"),
        Page("vn.focal", f"{series}/delegations/VN/"),
        Page("vn.focal", f"{series}/delegations/VN/week/"),
        Page("vn.focal", f"{series}/bilaterals/"),
        Page("vn.focal", f"{series}/bilaterals/delegations/VN/"),
        Page("vn.focal", f"{series}/plans/{plan}/reports/"),
        Page("vn.focal", f"/meetings/{excom}/plans/{plan}/review/"),
        Page("vn.focal", "/me/notifications/"),
        Page("vn.focal", "/me/notifications/preferences/"),
        Page("vn.focal", f"{series}/sessions/{arf_session}/floor/"),
        Page("lao.chair", "/desk/"),
        Page("lao.chair", f"{series}/delegations/"),
        Page("lao.chair", f"{series}/accreditation/"),
        Page("lao.chair", f"{series}/programme/draft/"),
        Page("lao.chair", f"{series}/documents/{communique}/"),
        Page("lao.chair", f"{series}/documents/{communique}/board/"),
        Page("lao.chair", f"{series}/documents/{communique}/screen/"),
        Page("lao.chair", f"{series}/sessions/{arf_session}/floor/"),
        Page("lao.chair", f"{series}/sessions/{arf_session}/screen/"),
        Page("lao.chair", f"{series}/bilaterals/"),
        Page("lao.chair", f"{series}/bilaterals/schedule/"),
        Page("lao.chair", f"{series}/plans/"),
        Page("lao.chair", f"{series}/plans/{plan}/"),
        Page("lao.chair", f"/meetings/{excom}/plans/{plan}/review/"),
        Page("lao.chair", f"{series}/audit/"),
    ]


def _log_in(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def _faults(page: Any) -> list[str]:
    faults = []
    # Compared with the phone's width, not window.innerWidth: a mobile browser widens its layout viewport
    # to the page, so innerWidth grows with the very overflow this looks for.
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE_WIDTH:
        faults.append(f"{width} px wide: it scrolls sideways")
    broken = page.evaluate(BROKEN_WORDS_JS)
    if broken:
        faults.append(f"{len(broken)} words broken across lines, e.g. {', '.join(broken[:3])}")
    # A chart drawn wide and shrunk to the phone shrinks its type with it.
    tiny = page.evaluate(
        "() => [...document.querySelectorAll('svg text')].map(t => t.getBoundingClientRect().height)"
        ".filter(h => h > 0 && h < 11).length"
    )
    if tiny:
        faults.append(f"{tiny} chart labels under 11 px high")
    return faults


def test_main_pages_on_a_phone_neither_scroll_sideways_nor_break_words(
    browser: Any, live_server: Any, full_demo: None
) -> None:
    pages = _main_pages()
    faults: list[str] = []
    for language in ("en", "vi"):
        context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 844}, is_mobile=True, has_touch=True)
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(10000)
        persona = None
        for target in pages:
            if target.persona != persona:
                context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
                _log_in(page, live_server.url, target.persona or "")
                persona = target.persona
            response = page.goto(f"{live_server.url}{target.path}")
            assert (response.status, page.locator("html").get_attribute("lang")) == (200, language), target
            faults += [f"{language} {target.persona or 'anonymous'} {target.path}: {f}" for f in _faults(page)]
        context.close()

    assert faults == [], "\n".join(faults)
