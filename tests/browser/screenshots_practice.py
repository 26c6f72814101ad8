"""The README's K线训练营 pictures: a round on a phone, a reveal and a share page.

Taken by `bin/screenshots` beside tests/browser/screenshots.py (not named test_*, so the
normal suite skips it). Rounds are dealt at random, so each run shows another stock.
"""

import re

from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.screenshots import shoot, span  # noqa: F401 (shoot is a fixture)

PHONE_2X = {**PHONE, "device_scale_factor": 2}


def play(page, days_held=12, days_after=6):
    """Start a MACD round, buy, hold, sell, wait: a round with two trades to show."""
    page.goto("/practice/?indicator=macd")
    page.get_by_role("button", name="开始一局").click()
    day = page.locator("[data-role=day]")
    expect(day).to_have_text("第 20 天")
    today = 20

    def next_day():
        nonlocal today
        page.get_by_role("button", name=re.compile("^下一天")).click()
        today += 1
        expect(day).to_have_text(f"第 {today} 天")  # a tap during a turn is not queued

    page.get_by_role("button", name=re.compile("^买入")).click()
    for _ in range(days_held):
        next_day()
    page.get_by_role("button", name=re.compile("^卖出")).click()
    for _ in range(days_after):
        next_day()


def test_practice_round_phone(open_page, shoot):  # noqa: F811
    page = open_page(PHONE_2X)
    play(page)
    page.get_by_role("button", name=re.compile("^买入")).click()  # a choice in progress
    page.mouse.move(0, 0)
    page.evaluate("window.scrollTo(0, document.querySelector('.round-head').offsetTop - 8)")
    shoot(page, "practice-round-phone.png")


def test_practice_reveal_and_share(open_page, shoot):  # noqa: F811
    page = open_page(DESKTOP)
    play(page)
    page.get_by_role("button", name="结束并揭晓").click()
    reveal = page.locator("[data-role=reveal]")
    expect(reveal.locator(".reveal-equity canvas").first).to_be_visible()
    page.wait_for_timeout(600)  # the smooth scroll to the reveal
    page.mouse.move(0, 0)
    top = page.locator(".round-head")
    clip = span(
        top, reveal.locator(".reveal-equity"), above=12, below=12, frame=page.locator(".trainer")
    )
    shoot(page, "practice-reveal.png", full_page=True, clip=clip)
    page.get_by_role("link", name="分享这一局").click()
    expect(page.locator("img[data-role=share-qr]")).to_be_visible()
    page.wait_for_timeout(300)
    clip = span(
        page.locator(".trainer h1"),
        page.locator(".share"),
        above=40,
        below=12,
        frame=page.locator(".trainer"),
    )
    shoot(page, "practice-share.png", full_page=True, clip=clip)
