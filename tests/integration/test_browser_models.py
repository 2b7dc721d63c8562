"""Browser test of the admin's model work, on a small model (Spanish and English data
only, so that training takes about a minute):

a Spanish message the live model does not understand reaches the review inbox; the admin
labels it, trains with visible progress, reads the comparison and promotes; the running
bot now understands the message, in the conversation that was already going on; rolling
back restores the previous behaviour."""

from __future__ import annotations

import datetime as dt
import shutil
import time
import uuid

import httpx
import pytest

from bot.settings import PROJECT_ROOT
from bot.store.db import make_engine, make_session_factory
from bot.store.model_registry import ModelRegistry
from bot.store.unit_of_work import SqlUnitOfWork
from bot.web.auth import new_agent
from tests.support.browser import (
    PASSWORD,
    SHOTS,
    bot_answers,
    console_login,
    keep_screenshots,
    open_widget,
    say,
)

MISUNDERSTOOD = "el repartidor nunca vino"  # the small live model: nlu_fallback
RIGHT_INTENT = "delivery_delay"


@pytest.fixture(scope="module")
def small_stack(tmp_path_factory):
    from tests.support.stack import running_stack

    workdir = tmp_path_factory.mktemp("models-stack")
    data = workdir / "data"
    (data / "nlu").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "data" / "rules.yml", data / "rules.yml")
    for language in ("es", "en"):
        shutil.copy(PROJECT_ROOT / "data" / "nlu" / f"{language}.yml", data / "nlu")
    env = {"DATA_DIR": str(data), "MODELS_DIR": str(workdir / "models")}
    with running_stack(workdir, extra_env=env) as stack:
        engine = make_engine(stack.settings.database_url)
        with SqlUnitOfWork(make_session_factory(engine)) as uow:
            now = dt.datetime.now(dt.timezone.utc)
            uow.agents.add(new_agent("ines", "Inés", PASSWORD, "admin", ["es"], now))
            uow.commit()
        engine.dispose()
        yield stack


def parsed_intent(stack, text: str) -> str:
    response = httpx.post(
        f"{stack.rasa}/model/parse",
        params={"token": stack.settings.rasa_api_token},
        json={"text": text},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()["intent"]["name"]


def registry(stack):
    engine = make_engine(stack.settings.database_url)
    return engine, make_session_factory(engine)


def test_admin_labels_trains_compares_promotes_and_rolls_back(small_stack, browser):
    stack = small_stack
    assert parsed_intent(stack, MISUNDERSTOOD) == "nlu_fallback"

    shopper_context, shopper = open_widget(browser, stack.web, "es-ES")
    before = say(shopper, MISUNDERSTOOD)
    not_understood = bot_answers(shopper, before)

    context, admin = console_login(browser, stack.web, "ines")
    admin.on("dialog", lambda dialog: dialog.accept())
    admin.goto(stack.web + "/admin")
    item = admin.locator("[data-test=review-item]", has_text="repartidor").first
    item.wait_for()
    item.locator("select[data-test=review-intent]").select_option(RIGHT_INTENT)
    item.locator("button[data-test=review-save]").click()
    admin.locator("[data-test=review-status]").get_by_text("review/es.yml").wait_for()

    # Train, watching the progress as it moves.
    admin.locator("button[data-test=train]").click()
    stage = admin.locator("[data-test=training-stage]")
    stages_seen, fractions_seen, shot = set(), set(), False
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        stages_seen.add(stage.inner_text().split(" · ")[0])
        fractions_seen.add(
            admin.locator("[data-test=training-bar]").get_attribute("aria-valuenow")
        )
        if "Training" in stages_seen and not shot:
            admin.screenshot(path=str(SHOTS / "admin-training.png"), full_page=True)
            shot = True
        if admin.locator("[data-test=comparison]").is_visible():
            break
        if admin.locator("[data-test=training-error]").is_visible():
            pytest.fail(admin.locator("[data-test=training-error]").inner_text())
        time.sleep(0.3)
    assert admin.locator("[data-test=comparison]").is_visible(), stages_seen
    assert {"Training", "Evaluating the new model on the held-out split"} <= stages_seen
    assert len(fractions_seen - {None, "0"}) >= 3  # the bar moved, more than once

    # The comparison: both languages, the Spanish confusion that changed, a verdict.
    rows = admin.locator("#comparison-rows tr")
    assert sorted(rows.nth(i).get_attribute("data-language") for i in range(2)) == [
        "en",
        "es",
    ]
    spanish = admin.locator(
        "#comparison-rows tr[data-language=es] td"
    ).all_inner_texts()
    assert int(spanish[0]) > 100 and "→" in spanish[1]
    verdict = admin.locator("[data-test=gate-verdict]").inner_text()
    assert verdict == "No language is worse beyond the tolerance: promotion is allowed."
    assert not admin.locator("#override").is_visible()
    admin.screenshot(path=str(SHOTS / "admin-comparison.png"), full_page=True)
    admin.locator("button[data-test=promote]").click()
    admin.locator("[data-test=gate-verdict]").get_by_text("is live").wait_for(
        timeout=120_000
    )

    # The running bot understands it now, in the conversation already going on.
    assert parsed_intent(stack, MISUNDERSTOOD) == RIGHT_INTENT
    before = say(shopper, MISUNDERSTOOD)
    understood = bot_answers(shopper, before)
    assert understood != not_understood

    engine, sessions = registry(stack)
    with sessions() as session:
        models = ModelRegistry(session)
        live = models.live()
        assert live is not None and live.trained_by == "ines"
        assert live.figures["es"]["n"] > 100 and live.figures["es"]["split"]
        previous = models.previously_live()
        assert previous is not None and previous.figures  # measured for the comparison
    engine.dispose()

    # Roll back in one click: the old behaviour returns.
    admin.locator(f"tr[data-model='{previous.id}'] button[data-test=rollback]").click()
    admin.locator(f"tr[data-model='{previous.id}'][data-live=true]").wait_for(
        timeout=120_000
    )
    assert parsed_intent(stack, MISUNDERSTOOD) == "nlu_fallback"
    fresh_context, fresh = open_widget(browser, stack.web, "es-ES")
    before = say(fresh, MISUNDERSTOOD)
    assert bot_answers(fresh, before) == not_understood
    newest = admin.locator("[data-test=model-history] li").first.inner_text()
    assert f"rolled back to model {previous.id} by ines" in newest
    for opened in (shopper_context, context, fresh_context):
        opened.close()


def test_only_one_training_job_at_a_time(small_stack):
    stack = small_stack
    with httpx.Client(base_url=stack.web, timeout=30) as client:
        login = client.post(
            "/api/console/login", json={"username": "ines", "password": PASSWORD}
        )
        login.raise_for_status()
        csrf = {"X-CSRF-Token": login.json()["csrf_token"]}
        first = client.post("/api/admin/training", headers=csrf)
        assert first.status_code == 202, first.text
        second = client.post("/api/admin/training", headers=csrf)
        assert second.status_code == 409
        assert "already running" in second.json()["detail"]
        job_id = first.json()["job"]["id"]
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            job = client.get("/api/admin/training").json()["job"]
            if job["status"] != "running":
                break
            time.sleep(1)
        assert job["id"] == job_id and job["status"] == "succeeded", job
        # Nothing changed since the last job: the same model, reused, not retrained.
        models = client.get("/api/admin/models").json()["models"]
        newest = max(m["id"] for m in models)
        assert job["model_id"] == newest and len(models) == 2
        assert "training_steps" not in job["timings"]


def test_an_admin_stops_a_training_job(small_stack):
    stack = small_stack
    with httpx.Client(base_url=stack.web, timeout=30) as client:
        login = client.post(
            "/api/console/login", json={"username": "ines", "password": PASSWORD}
        )
        csrf = {"X-CSRF-Token": login.json()["csrf_token"]}
        added = client.post(
            "/api/admin/examples",
            json={"language": "es", "intent": "track_order",
                  "examples": ["y mi cachivache qué"]},
            headers=csrf,
        )  # fmt: skip
        assert added.status_code == 200 and added.json()["added"] == 1
        assert client.post("/api/admin/training/stop", headers=csrf).status_code == 409
        job_id = client.post("/api/admin/training", headers=csrf).json()["job"]["id"]
        deadline = time.monotonic() + 120
        while client.get("/api/admin/training").json()["job"]["progress"].get(
            "stage"
        ) not in ("loading", "training"):
            assert time.monotonic() < deadline
            time.sleep(0.5)
        stopped = client.post("/api/admin/training/stop", headers=csrf)
        assert stopped.status_code == 200
        job = stopped.json()["job"]
        assert job["id"] == job_id and job["status"] == "failed"
        assert job["error"] == "stopped by ines"
        time.sleep(8)  # the worker notices at its next heartbeat and stops Rasa
        job = client.get("/api/admin/training").json()["job"]
        assert job["status"] == "failed" and job["model_id"] is None
        models = client.get("/api/admin/models").json()["models"]
        assert len(models) == 2  # nothing registered by the stopped job
        audit = client.get("/api/admin/audit").json()["entries"]
        assert any(e["action"] == "training_stopped" and e["actor"] == "ines"
                   for e in audit)  # fmt: skip


def test_a_failed_training_shows_its_reason(small_stack, tmp_path):
    """A broken data file stops the job at `rasa data validate`, with Rasa's words."""
    stack = small_stack
    broken = stack.settings.data_dir / "nlu" / "broken.yml"
    broken.write_text(
        'version: "3.1"\nnlu:\n- intent: not_in_the_domain_' + uuid.uuid4().hex[:6]
        + "\n  examples: |\n    - hola hola\n",
        encoding="utf-8",
    )  # fmt: skip
    try:
        with httpx.Client(base_url=stack.web, timeout=30) as client:
            login = client.post(
                "/api/console/login", json={"username": "ines", "password": PASSWORD}
            )
            csrf = {"X-CSRF-Token": login.json()["csrf_token"]}
            started = client.post("/api/admin/training", headers=csrf)
            assert started.status_code == 202, started.text
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                job = client.get("/api/admin/training").json()["job"]
                if job["status"] != "running":
                    break
                time.sleep(1)
        assert job["status"] == "failed"
        assert job["progress"]["stage"] == "failed"
        assert "not_in_the_domain_" in job["error"], job["error"]
    finally:
        broken.unlink()


def teardown_module(module):
    keep_screenshots()
