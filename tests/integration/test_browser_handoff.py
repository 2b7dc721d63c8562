"""Browser tests: Playwright drives Debian's Chromium against the real three servers.

A German shopper reaches a German-speaking agent through the widget and the console;
the bot stays silent while the agent holds the conversation and answers again after the
hand-back; the survey shows seven German options and the rating is stored. Screenshots
of the widget (Arabic, Chinese) and of the console go to artifacts/screenshots."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from bot.store.db import make_engine, make_session_factory
from bot.store.unit_of_work import SqlUnitOfWork
from bot.web.auth import new_agent
from tests.support.browser import (
    PASSWORD,
    SHOTS,
    bot_answers,
    console_login,
    conversation_id,
    keep_screenshots,
    open_widget,
    say,
)


@pytest.fixture(scope="module")
def team(stack):
    engine = make_engine(stack.settings.database_url)
    now = dt.datetime.now(dt.timezone.utc)
    with SqlUnitOfWork(make_session_factory(engine)) as uow:
        for username, name, role, languages in (
            ("greta", "Greta", "agent", ["de", "en"]),
            ("kenji", "Kenji", "agent", ["ja"]),
            ("ada", "Ada", "admin", ["en"]),
        ):
            if uow.agents.by_username(username) is None:
                uow.agents.add(
                    new_agent(username, name, PASSWORD, role, languages, now)
                )
        uow.commit()
    engine.dispose()
    return stack


def test_german_shopper_reaches_a_german_agent_and_back(team, browser, demo):
    stack = team
    order = next(
        o
        for o in demo["orders"]
        if o["status"] == "in_transit" and o["language"] == "de"
    )
    shopper_context, shopper = open_widget(browser, stack.web, "de-DE")
    before = say(shopper, f"Wo ist meine Bestellung {order['number']}?")
    bot_answers(shopper, before)
    before = say(shopper, order["email"])
    bot_answers(shopper, before)
    answers = " ".join(
        shopper.locator("[data-test=message][data-sender=bot]").all_inner_texts()
    )
    assert order["number"] in answers and "Zustellung" in answers
    before = say(shopper, "Ich möchte bitte mit einem Mitarbeiter sprechen")
    bot_answers(shopper, before)
    shopper.wait_for_function(
        """() => /\\d/.test(document.querySelector('#shop-assistant').shadowRoot
             .querySelector('[data-test=status]').textContent)"""
    )
    cid = conversation_id(shopper)

    # An agent without German does not see it and may not claim it.
    kenji_context, kenji = console_login(browser, stack.web, "kenji")
    assert (
        kenji.locator(f"[data-test=queue-item][data-conversation='{cid}']").count() == 0
    )
    refused = kenji.evaluate(
        """async (cid) => {
          const me = await (await fetch('/api/console/me')).json();
          const r = await fetch(`/api/console/conversations/${cid}/claim`, {method: 'POST',
            headers: {'X-CSRF-Token': me.csrf_token}});
          return r.status;
        }""",
        cid,
    )
    assert refused == 403
    kenji_context.close()

    greta_context, greta = console_login(browser, stack.web, "greta")
    item = greta.locator(f"[data-test=queue-item][data-conversation='{cid}']")
    item.wait_for()
    item.locator("button[data-test=claim]").click()
    greta.wait_for_selector(f"[data-test=conversation][data-conversation='{cid}']")
    greta.wait_for_selector("[data-test=order]")
    assert order["number"] in greta.locator("[data-test=context]").inner_text()
    transcript = greta.locator("[data-test=transcript]").inner_text()
    assert "Mitarbeiter" in transcript and "de" in transcript

    greta.fill("textarea[data-test=reply]", "Guten Tag, hier ist Greta. Ich prüfe das.")
    greta.click("button[data-test=send]")
    agent_bubble = shopper.locator("[data-test=message][data-sender=agent]")
    agent_bubble.wait_for()
    assert "Greta" in agent_bubble.inner_text()

    # A reload mid-conversation loses and duplicates nothing.
    shown = shopper.locator("[data-test=message]").all_inner_texts()
    shopper.reload()
    shopper.wait_for_function(
        """([n]) => {
          const root = document.querySelector('#shop-assistant').shadowRoot;
          return root && root.querySelectorAll('[data-test=message]').length >= n;
        }""",
        arg=[len(shown)],
    )
    assert shopper.locator("[data-test=message]").all_inner_texts() == shown

    bot_count = shopper.locator("[data-test=message][data-sender=bot]").count()
    say(shopper, "Danke! Wann kommt das Paket denn an?")
    greta.locator("[data-test=transcript]").get_by_text(
        "Wann kommt das Paket"
    ).wait_for()
    shopper.wait_for_timeout(2500)  # time enough for a bot that should not answer
    assert shopper.locator("[data-test=message][data-sender=bot]").count() == bot_count
    greta.screenshot(path=str(SHOTS / "console-de.png"), full_page=True)

    greta.click("button[data-test=close]")
    survey = shopper.locator("[data-test=survey]")
    survey.wait_for()
    ratings = survey.locator("button[data-test=rating]")
    assert ratings.count() == 7
    assert ratings.nth(0).inner_text().strip() == "Sehr unzufrieden"
    assert ratings.nth(6).inner_text().strip() == "Sehr zufrieden"
    ratings.nth(5).click()
    survey.locator("button[data-test=survey-submit]").click()
    survey.wait_for(state="detached")

    before = say(shopper, "Hallo")
    assert bot_answers(shopper, before)

    engine = make_engine(stack.settings.database_url)
    with SqlUnitOfWork(make_session_factory(engine)) as uow:
        (rating,) = uow.conversations.surveys(cid)
        assert rating.rating == 6 and rating.human_involved and rating.language == "de"
    engine.dispose()
    shopper_context.close()
    greta_context.close()


@pytest.mark.parametrize("locale,greeting", [("ar-AE", "مرحبا"), ("zh-CN", "你好")])
def test_widget_speaks_arabic_right_to_left_and_chinese(
    team, browser, locale, greeting
):
    context, page = open_widget(browser, team.web, locale, width=390)
    panel = page.locator("[data-test=panel]")
    assert panel.get_attribute("dir") == ("rtl" if locale == "ar-AE" else "ltr") or (
        locale == "ar-AE"
        and page.evaluate(
            "document.querySelector('#shop-assistant').shadowRoot"
            ".querySelector('[dir=rtl]') !== null"
        )
    )
    before = say(page, greeting)
    reply = bot_answers(page, before)
    script = r"[\u0600-\u06FF]" if locale == "ar-AE" else r"[\u4e00-\u9fff]"
    assert re.search(script, reply)
    page.screenshot(path=str(SHOTS / f"widget-{locale}.png"))
    context.close()


def test_admin_sees_the_service_quality_dashboard(team, browser):
    context, page = console_login(browser, team.web, "ada")
    page.goto(team.web + "/admin")
    tile = page.locator("[data-test=kpi][data-figure=conversations]")
    tile.wait_for()
    page.wait_for_function(
        "() => /[1-9]/.test(document.querySelector("
        "'[data-test=kpi][data-figure=conversations]').textContent)"
    )
    assert page.locator("[data-test=satisfaction]").is_visible()
    page.wait_for_function(  # held.js loaded the conversations agents hold
        "() => /^(No conversation is with an agent|\\d+ held)/"
        ".test(document.querySelector('#held-note').textContent)"
    )
    assert "quality.csv" in page.locator("a[data-test=csv]").get_attribute("href")
    page.screenshot(path=str(SHOTS / "admin-dashboard.png"), full_page=True)
    # The German conversation's hand-off put the message before it in the review inbox.
    item = page.locator("[data-test=review-item]").first
    item.wait_for()
    item.locator("select[data-test=review-intent]").select_option("track_order")
    item.locator("textarea[data-test=review-text]").fill("wo steckt meine bestellung")
    item.locator("button[data-test=review-save]").click()
    page.locator("[data-test=review-status]").get_by_text("review/").wait_for()
    assert (team.settings.data_dir / "nlu" / "review" / "de.yml").exists()
    context.close()
    context, page = console_login(browser, team.web, "greta")
    page.goto(team.web + "/admin")
    page.get_by_text("Admins only").wait_for()
    context.close()


def teardown_module(module):
    keep_screenshots()
