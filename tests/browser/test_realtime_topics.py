"""Over the production server: a page follows topics through the shell (``Atrium.subscribe``) and hears of a
topic's change as an ``atrium:realtime`` event on document; a topic the person may not follow is refused.

The topic ``memo.<n>`` is registered by the test only (in the server's process, which is the test's)."""

import pytest
from playwright.sync_api import expect

from atrium.core import realtime
from atrium.core.realtime import push_to_topic, register_topic
from atrium.testing.served import serving

# Before the shell's own scripts: collect what reaches the page, and follow memo.1 and memo.2 as soon as the
# document is read, that is before the socket is open (the shell must keep them and send them on open).
PAGE_SCRIPT = """
window.realtimeSeen = [];
document.addEventListener("atrium:realtime", function (e) {
  window.realtimeSeen.push(e.detail);
  document.documentElement.dataset.realtimeSeen = String(window.realtimeSeen.length);
});
document.addEventListener("DOMContentLoaded", function () {
  window.Atrium.subscribe("memo.1");
  window.Atrium.subscribe("memo.2");
});
"""


@pytest.fixture
def served_site(transactional_db, personas, monkeypatch):
    monkeypatch.setattr(realtime, "_topics", {})
    register_topic("memo", lambda user, rest: rest == "1")
    with serving() as port:
        yield f"http://127.0.0.1:{port}"


def seen(page, count: int) -> list:
    """What reached the page once it has seen ``count`` messages (waited for through the DOM: a string
    predicate of wait_for_function would be evaluated as code, which the policy forbids)."""
    expect(page.locator("html")).to_have_attribute("data-realtime-seen", str(count))
    return page.evaluate("window.realtimeSeen")


def test_a_page_follows_a_topic_and_hears_its_changes(browser, browser_context_args, served_site, csp_guard):
    context = browser.new_context(**browser_context_args)
    csp_guard(context)
    context.add_init_script(PAGE_SCRIPT)
    page = context.new_page()
    page.goto(f"{served_site}/accounts/login/")
    page.fill("input[name=login]", "sales1")
    page.fill("input[name=password]", "atrium-demo")
    page.click("button[type=submit]")
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    expect(page.locator("body")).to_have_attribute("data-realtime-state", "open")

    assert sorted(seen(page, 2), key=lambda d: d["data"]["topic"]) == [
        {"event": "subscribed", "data": {"topic": "memo.1"}},
        {"event": "subscription.refused", "data": {"topic": "memo.2"}},
    ]

    push_to_topic("memo.1", "memo.changed", {"memo": 1})
    push_to_topic("memo.2", "memo.changed", {"memo": 2})
    seen(page, 3)
    page.evaluate("window.Atrium.unsubscribe('memo.1')")
    seen(page, 4)
    push_to_topic("memo.1", "memo.changed", {"memo": 1})
    page.evaluate("window.Atrium.subscribe('memo.1')")
    assert seen(page, 5)[2:] == [
        {"event": "memo.changed", "data": {"memo": 1}},
        {"event": "unsubscribed", "data": {"topic": "memo.1"}},
        {"event": "subscribed", "data": {"topic": "memo.1"}},
    ]
    context.close()
