"""Issue 16's browser test: the chair, Viet Nam and Japan in one room. Viet Nam proposes on an ARF text and the
chair's and Japan's pages update without a reload (keeping what Japan is typing), while Japan's browser receives
nothing about an ASEAN-only text Viet Nam also proposes on; the wall screen follows the chair's pointer; a floor
request appears in the chair's queue; and after the server drops every connection, the pages catch up."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.browser import log_in
from tests.live.conftest import AsgiServer, asgi_server  # noqa: F401 - the fixture, shared with tests/live

pytestmark = pytest.mark.e2e

# Every event the page's EventSource receives, kept where the test can read it.
RECORD_EVENTS = """
(() => {
  const Original = window.EventSource;
  window.__events = [];
  window.EventSource = function (url, options) {
    const source = new Original(url, options);
    window.__events.push("open " + url);
    ["hello", "proposal", "reaction", "withdrawn", "rejected", "merged", "accepted", "ad_ref", "position",
     "draft", "silence", "decided", "recommended", "pointer", "presence", "floor", "item", "reload", "message"]
      .forEach((kind) => source.addEventListener(kind, (e) => window.__events.push(kind + " " + e.data)));
    return source;
  };
  window.EventSource.CLOSED = 2;
})();
"""


@pytest.fixture
def contexts(browser: Any) -> Iterator[dict[str, Any]]:
    opened = {
        name: browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        for name in ("chair", "vn", "jp")
    }
    opened["jp"].add_init_script(RECORD_EVENTS)
    yield opened
    for context in opened.values():
        context.close()


@pytest.fixture
def room(amm_57: Any, chair_secretariat: Any) -> dict[str, Any]:
    from mufakat.meetings.models import Meeting, Session
    from tests.factories.documents import document_with_text

    amm = Meeting.objects.get(series=amm_57, body__code="AMM")
    arf = Meeting.objects.get(series=amm_57, body__code="ARF")
    asean, _v1 = document_with_text(
        actor=chair_secretariat,
        meeting=amm,
        texts=["The Ministers discussed the reefs."],
        title_en="Secret ASEAN Statement on Reefs",
    )
    arf_text, version = document_with_text(
        actor=chair_secretariat,
        meeting=arf,
        texts=["The Forum discussed maritime security.", "It welcomed the work plan."],
        title_en="ARF Statement on Maritime Security",
    )
    session = Session.objects.filter(meeting=arf).order_by("starts_at").first()
    return {"asean": asean, "arf": arf_text, "version": version, "session": session}


def _propose(page: Any, paragraph: int, words: str, text: str) -> None:
    item = page.locator("li.para").nth(paragraph)
    item.locator("details.propose summary").click()
    item.locator("input.words").fill(words)
    item.locator("textarea[name=text]").fill(text)
    with page.expect_navigation():
        item.get_by_role("button", name="Propose").click()


def _live(page: Any, state: str = "live") -> None:
    # Locators, not wait_for_function: the page's Content-Security-Policy forbids evaluating strings.
    page.locator(f"#live[data-live-state={state}]").wait_for(state="attached")


def test_room_updates_live_without_leaking_and_catches_up(
    contexts: dict[str, Any],
    asgi_server: AsgiServer,  # noqa: F811 - the fixture imported from tests/live
    room: dict[str, Any],
) -> None:
    base = asgi_server.url
    pages = {name: context.new_page() for name, context in contexts.items()}
    for name, username in (("chair", "lao.chair"), ("vn", "vn.focal"), ("jp", "jp.delegate")):
        pages[name].set_default_timeout(10000)
        log_in(pages[name], base, username)
    arf_url = f"{base}/series/amm-57/documents/{room['arf'].pk}/"
    asean_url = f"{base}/series/amm-57/documents/{room['asean'].pk}/"
    chair, vn, jp = pages["chair"], pages["vn"], pages["jp"]

    # Japan cannot open the ASEAN-only text, as ever.
    refused = jp.goto(asean_url)
    assert refused.status == 404
    for page in (chair, jp):
        page.goto(arf_url)
        _live(page)
        page.evaluate("window.__notReloaded = true")
    # Japan is typing a proposal on paragraph 2 while the room moves on.
    jp_item = jp.locator("li.para").nth(1)
    jp_item.locator("details.propose summary").click()
    jp_item.locator("textarea[name=text]").fill("Japan's wording, half typed")

    vn.goto(asean_url)
    _propose(vn, 0, "reefs", "the East Sea")
    vn.goto(arf_url)
    _propose(vn, 0, "maritime security", "maritime cooperation")

    for page in (chair, jp):
        page.locator("li.para").nth(0).locator(".change", has_text="maritime cooperation").wait_for()
        assert page.evaluate("window.__notReloaded") is True
    assert jp_item.locator("textarea[name=text]").input_value() == "Japan's wording, half typed"
    assert jp.locator("#bracket-summary").inner_text().endswith("1 open proposal")
    jp_events = "\n".join(jp.evaluate("window.__events"))
    assert f"doc:{room['asean'].pk}" not in jp_events
    assert f"doc:{room['arf'].pk}" in jp_events
    assert "East Sea" not in jp_events
    assert "reefs" not in jp_events.lower()

    # The wall screen follows the chair's pointer.
    screen = contexts["chair"].new_page()
    screen.set_default_timeout(10000)
    screen.goto(f"{arf_url}screen/")
    _live(screen)
    assert screen.locator(".pointed").count() == 0
    with chair.expect_navigation():
        chair.locator("li.para").nth(1).get_by_role("button", name="Show on the screen").click()
    second_uid = str(room["version"].paragraphs.order_by("position")[1].uid)
    screen.locator(f"#p-{second_uid}.pointed").wait_for()
    assert screen.locator(".pointed").count() == 1

    # A floor request appears in the chair's queue.
    floor_url = f"{base}/series/amm-57/sessions/{room['session'].pk}/floor/"
    chair.goto(floor_url)
    _live(chair)
    vn.goto(floor_url)
    with vn.expect_navigation():
        vn.get_by_role("button", name="Ask for the floor").click()
    chair.locator("#floor-queue").get_by_text("Viet Nam").wait_for()
    assert chair.locator("#floor-queue").get_by_role("button", name="Give the floor").count() == 1

    # The server drops every connection; meanwhile Viet Nam proposes again. Japan's page reconnects by
    # itself (Last-Event-ID) and catches up.
    jp.evaluate("window.__notReloaded = true")
    asgi_server.stop()
    _live(jp, "reconnecting")
    from mufakat.accounts.models import User
    from mufakat.accounts.rules import viewer_for
    from mufakat.documents.services import proposal_create
    from mufakat.reference.models import Party

    second = room["version"].paragraphs.order_by("position")[1]
    start = second.text.index("welcomed")
    proposal_create(
        actor=viewer_for(User.objects.get(username="vn.focal"), room["arf"].meeting.series),
        document=room["arf"],
        version_id=room["version"].pk,
        party=Party.objects.get(code="VN"),
        kind="replace",
        paragraph_uid=str(second.uid),
        start=start,
        end=start + len("welcomed"),
        text="noted with appreciation",
    )
    asgi_server.start()
    jp.locator("#bracket-summary", has_text="2 open proposals").wait_for(timeout=20000)
    assert jp.evaluate("window.__notReloaded") is True
    # The paragraph Japan is typing under is left as it is, marked as changed meanwhile; its words are kept.
    assert "live-stale" in jp_item.get_attribute("class")
    assert jp_item.locator("textarea[name=text]").input_value() == "Japan's wording, half typed"
    # The chair's page, with nothing typed, shows the proposal made while it was cut off.
    chair.goto(arf_url)
    chair.locator("li.para").nth(1).locator(".change", has_text="noted with appreciation").wait_for()


def test_wall_screen_shows_who_has_the_floor_larger_than_its_label(
    browser: Any, live_server: Any, demo_data: None
) -> None:
    """Read from the back of the room: the delegation that has the floor outsizes the words "Has the floor"."""
    from mufakat.accounts.models import User
    from mufakat.accounts.rules import viewer_for
    from mufakat.demo.delegations import delegations_demo_load
    from mufakat.demo.programme import programme_demo_load
    from mufakat.live import services
    from mufakat.meetings.models import Series, Session
    from mufakat.reference.models import Party

    delegations_demo_load()
    programme_demo_load()
    series = Series.objects.get(code="amm-57")
    session = Session.objects.filter(meeting__series=series, meeting__body__code="ARF").order_by("starts_at").first()
    chair = viewer_for(User.objects.get(username="lao.chair"), series)
    asked = services.floor_request(
        actor=viewer_for(User.objects.get(username="vn.focal"), series),
        session=session,
        party=Party.objects.get(code="VN"),
    )
    services.floor_give(actor=chair, session=session, request_id=asked.pk)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    page = context.new_page()
    log_in(page, live_server.url, "lao.chair")
    page.goto(f"{live_server.url}/series/amm-57/sessions/{session.pk}/screen/")
    size = "e => parseFloat(getComputedStyle(e).fontSize)"
    label = page.locator(".floor-speaking .meta").evaluate(size)
    speaker = page.locator("#floor-speaking").evaluate(size)
    assert page.locator("#floor-speaking").inner_text().startswith("VN")
    assert speaker > 1.5 * label
    context.close()
