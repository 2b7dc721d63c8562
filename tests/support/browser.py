"""Playwright helpers for the browser tests: Debian's Chromium, the widget, the console."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from bot.settings import PROJECT_ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SHOTS = PROJECT_ROOT / "artifacts" / "screenshots"
PASSWORD = "browser-test-password"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def open_widget(browser, base, locale, width=1100):
    context = browser.new_context(
        locale=locale, viewport={"width": width, "height": 800}
    )
    page = context.new_page()
    page.goto(base + "/")
    page.click("button[data-test=launcher]")
    page.wait_for_selector("[data-test=panel] textarea[data-test=input]")
    return context, page


def say(page, text):
    before = page.locator("[data-test=message][data-sender=bot]").count()
    page.fill("textarea[data-test=input]", text)
    page.click("button[data-test=send]")
    return before


def bot_answers(page, before, timeout=60_000):
    page.wait_for_function(
        """([n]) => {
          const root = document.querySelector('#shop-assistant').shadowRoot;
          return root.querySelectorAll('[data-test=message][data-sender=bot]').length > n;
        }""",
        arg=[before],
        timeout=timeout,
    )
    return page.locator("[data-test=message][data-sender=bot]").last.inner_text()


def console_login(browser, base, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + "/console")
    page.fill("form[data-test=login] input[name=username]", username)
    page.fill("form[data-test=login] input[name=password]", PASSWORD)
    page.click("form[data-test=login] button[type=submit]")
    page.wait_for_selector("[data-test=me]")
    return context, page


def conversation_id(page):
    return page.evaluate("localStorage.getItem('shop_assistant.conversation_id')")


def keep_screenshots() -> None:
    """Copies the screenshots next to the CI log (CI_ARTIFACTS), even when the tree is
    cleaned afterwards."""
    target = os.environ.get("CI_ARTIFACTS")
    if target and SHOTS.exists():
        shutil.copytree(SHOTS, Path(target) / "screenshots", dirs_exist_ok=True)
