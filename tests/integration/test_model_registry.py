"""The model registry on SQLite and PostgreSQL: one training job at a time, promotion
guarded by the comparison (an override needs a reason and is logged), rollback to the
model live before, every change in the audit log. Rasa's model endpoint is replaced by
a recorder here; the browser test loads real models."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from bot.settings import load_settings
from bot.store.db import make_session_factory
from bot.store.migrate import upgrade_to_head
from bot.store.model_registry import JobAlreadyRunning, ModelRegistry
from bot.store.models import AuditEntry
from bot.training.jobs import JobRowReporter, reap_stale, stop_job
from bot.training.promotion import PartlyLoaded, PromotionRefused, make_live

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.timezone.utc)


def figures(f1: float, split: str = "split-1") -> dict[str, object]:
    return {"n": 100, "accuracy": f1, "macro_f1": f1, "langid": 0.99,
            "confusions": {}, "split": split}  # fmt: skip


@pytest.fixture
def world(engine, tmp_path):
    upgrade_to_head(engine)
    sessions = make_session_factory(engine)
    settings = dataclasses.replace(
        load_settings({"VAR_DIR": str(tmp_path), "MODELS_DIR": str(tmp_path)}),
        promotion_tolerance=0.01,
    )
    loads: list[str] = []

    def load(settings, path, urls=None):
        loads.append(path.name)
        return urls if urls is not None else ("http://rasa-1", "http://rasa-2")

    def model(name: str, es: float, de: float | None = None) -> int:
        (tmp_path / name).write_bytes(b"model")
        languages = {"es": figures(es)} | ({"de": figures(de)} if de else {})
        with sessions() as session, session.begin():
            return ModelRegistry(session).add(
                name=name, path=str(tmp_path / name), data_fingerprint=name[:8],
                languages=sorted(languages), trained_by="test", train_seconds=1.0,
                created_at=NOW, metrics={"languages": languages},
            ).id  # fmt: skip

    return settings, sessions, load, loads, model


def audit(sessions) -> list[AuditEntry]:
    with sessions() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_only_one_job_runs_and_a_silent_one_is_freed(world):
    settings, sessions, *_ = world
    with sessions() as session, session.begin():
        first = ModelRegistry(session).start_job("ines", NOW).id
    with sessions() as session, pytest.raises(JobAlreadyRunning):
        ModelRegistry(session).start_job("bob", NOW)
    reap_stale(sessions, NOW + dt.timedelta(seconds=30))
    with sessions() as session:
        assert ModelRegistry(session).running_job().id == first
    reap_stale(sessions, NOW + dt.timedelta(minutes=5))
    with sessions() as session, session.begin():
        registry = ModelRegistry(session)
        stopped = registry.job(first)
        assert stopped.status == "failed" and "stopped answering" in stopped.error
        assert registry.start_job("bob", NOW).id != first


def test_promotion_is_guarded_by_the_comparison(world):
    settings, sessions, load, loads, model = world
    live = model("model-live.tar.gz", es=0.90, de=0.90)
    make_live(settings, sessions, live, "start-up", kind="start", load=None, now=NOW)
    worse_de = model("model-worse.tar.gz", es=0.95, de=0.85)
    with pytest.raises(PromotionRefused, match="de; give a reason"):
        make_live(settings, sessions, worse_de, "ines", load=load, now=NOW)
    assert loads == []
    done = make_live(
        settings, sessions, worse_de, "ines", reason="German fixed next week",
        load=load, now=NOW,
    )  # fmt: skip
    assert done.overridden and done.loaded_into == ("http://rasa-1", "http://rasa-2")
    assert loads == ["model-worse.tar.gz"]
    with sessions() as session:
        registry = ModelRegistry(session)
        assert registry.live().id == worse_de
        promotion = registry.live_promotion()
        assert promotion.reason == "German fixed next week"
        assert promotion.comparison["worse_languages"] == ["de"]
    entry = audit(sessions)[-1]
    assert (entry.actor, entry.action, entry.target) == (
        "ines", "model_promote", f"model:{worse_de}",
    )  # fmt: skip
    assert entry.details["overridden"] is True
    assert entry.details["reason"] == "German fixed next week"


def test_a_better_model_is_promoted_without_a_reason_and_rolled_back(world):
    settings, sessions, load, loads, model = world
    first = model("model-a.tar.gz", es=0.90)
    make_live(settings, sessions, first, "start-up", kind="start", load=None, now=NOW)
    better = model("model-b.tar.gz", es=0.93)
    assert not make_live(settings, sessions, better, "ines", load=load).overridden
    with pytest.raises(PromotionRefused, match="already live"):
        make_live(settings, sessions, better, "ines", load=load)
    with sessions() as session:
        assert ModelRegistry(session).previously_live().id == first
    make_live(settings, sessions, first, "ines", kind="rollback", load=load)
    assert loads == ["model-b.tar.gz", "model-a.tar.gz"]
    with sessions() as session:
        registry = ModelRegistry(session)
        assert registry.live().id == first
        assert registry.previously_live().id == better
    assert [e.action for e in audit(sessions)] == [
        "model_start", "model_promote", "model_rollback",
    ]  # fmt: skip


def test_no_promotion_when_rasa_refuses_or_the_file_is_gone(world, tmp_path):
    settings, sessions, load, loads, model = world
    first = model("model-a.tar.gz", es=0.90)
    make_live(settings, sessions, first, "start-up", kind="start", load=None)
    second = model("model-b.tar.gz", es=0.95)

    def refusing(settings, path, urls=None):
        raise PromotionRefused("Rasa at http://rasa-1 refused the model (400)")

    with pytest.raises(PromotionRefused, match="refused"):
        make_live(settings, sessions, second, "ines", load=refusing)
    with sessions() as session:
        assert ModelRegistry(session).live().id == first
    (tmp_path / "model-b.tar.gz").unlink()
    with pytest.raises(PromotionRefused, match="is gone"):
        make_live(settings, sessions, second, "ines", load=load)


def test_a_model_without_figures_needs_a_reason(world, tmp_path):
    settings, sessions, load, loads, model = world
    first = model("model-a.tar.gz", es=0.90)
    make_live(settings, sessions, first, "start-up", kind="start", load=None)
    second = model("model-b.tar.gz", es=0.95)
    with sessions() as session, session.begin():
        ModelRegistry(session).get(second).metrics = None
    with pytest.raises(PromotionRefused, match="has not been evaluated"):
        make_live(settings, sessions, second, "ines", load=load)
    assert make_live(
        settings, sessions, second, "ines", reason="hotfix", load=load
    ).overridden


def test_a_candidate_without_a_language_the_live_model_serves_is_blocked(world):
    settings, sessions, load, loads, model = world
    live = model("model-live.tar.gz", es=0.90, de=0.90)
    make_live(settings, sessions, live, "start-up", kind="start", load=None)
    spanish_only = model("model-es.tar.gz", es=0.99)
    with pytest.raises(PromotionRefused, match="in de; give a reason"):
        make_live(settings, sessions, spanish_only, "ines", load=load)


def test_figures_on_another_split_block_until_measured_again(world):
    settings, sessions, load, loads, model = world
    live = model("model-live.tar.gz", es=0.90)
    make_live(settings, sessions, live, "start-up", kind="start", load=None)
    newer = model("model-new.tar.gz", es=0.95)
    with sessions() as session, session.begin():
        ModelRegistry(session).get(newer).add_figures({"es": figures(0.95, "split-2")})
    with pytest.raises(PromotionRefused, match="in es"):
        make_live(settings, sessions, newer, "ines", load=load)
    with sessions() as session, session.begin():
        ModelRegistry(session).get(live).add_figures({"es": figures(0.90, "split-2")})
    assert not make_live(settings, sessions, newer, "ines", load=load).overridden


def test_rollback_goes_only_to_a_model_that_was_live(world):
    settings, sessions, load, loads, model = world
    first = model("model-a.tar.gz", es=0.90)
    make_live(settings, sessions, first, "start-up", kind="start", load=None)
    worse = model("model-worse.tar.gz", es=0.20)
    with pytest.raises(PromotionRefused, match="was never live"):
        make_live(settings, sessions, worse, "ines", kind="rollback", load=load)
    assert loads == []


def test_a_load_only_some_rasa_processes_took_is_undone(world):
    settings, sessions, load, loads, model = world
    first = model("model-a.tar.gz", es=0.90)
    make_live(settings, sessions, first, "start-up", kind="start", load=None)
    second = model("model-b.tar.gz", es=0.95)
    calls = []

    def flaky(settings, path, urls=None):
        calls.append((path.name, urls))
        if urls is None:
            raise PartlyLoaded(
                "Rasa at http://rasa-2 did not answer", ("http://rasa-1",)
            )
        return urls

    with pytest.raises(PromotionRefused, match="http://rasa-1 put back"):
        make_live(settings, sessions, second, "ines", load=flaky)
    assert calls == [("model-b.tar.gz", None), ("model-a.tar.gz", ("http://rasa-1",))]
    with sessions() as session:
        assert ModelRegistry(session).live().id == first
    failed = audit(sessions)[-1]
    assert failed.action == "model_promote_failed"
    assert failed.details["put_back"] == ["http://rasa-1"]


def test_promotions_take_turns(world):
    settings, sessions, load, loads, model = world
    first = model("model-a.tar.gz", es=0.90)
    make_live(settings, sessions, first, "start-up", kind="start", load=None)
    second = model("model-b.tar.gz", es=0.95)
    with sessions() as session:
        ModelRegistry(session).take_lock(
            "live_model", "someone-else", dt.datetime.now(dt.timezone.utc),
            dt.timedelta(minutes=15),
        )  # fmt: skip
    with pytest.raises(PromotionRefused, match="in progress"):
        make_live(settings, sessions, second, "ines", load=load)
    with sessions() as session:
        ModelRegistry(session).release_lock("live_model", "someone-else")
    make_live(settings, sessions, second, "ines", load=load)


def test_an_admin_stops_the_running_job_and_its_worker_is_told(world):
    settings, sessions, *_ = world
    with sessions() as session, session.begin():
        job_id = ModelRegistry(session).start_job("ines", NOW).id
    reporter = JobRowReporter(sessions, job_id)
    told = []
    reporter.on_lost = lambda: told.append(True)
    reporter.progress({"stage": "training"})
    assert told == []
    assert stop_job(sessions, "bob") == job_id
    reporter._written = 0  # the next write goes out at once
    reporter.progress({"stage": "training", "step": 2})
    assert told == [True]
    with sessions() as session:
        job = ModelRegistry(session).job(job_id)
        assert job.status == "failed" and job.error == "stopped by bob"
        assert job.running is None
        # the worker's own ending changes nothing now
        assert not ModelRegistry(session).finish_job(job_id, "succeeded", NOW)
    assert stop_job(sessions, "bob") is None
