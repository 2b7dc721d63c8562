"""Which model Rasa starts with: the live one from the registry. A model made live
automatically at start-up is replaced when the data changes (a developer edits data and
runs `make run`); one an admin promoted stays until an admin changes it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from bot.model_files import ensure_model, fingerprint
from bot.settings import PROJECT_ROOT, Settings
from bot.store.model_registry import ModelRegistry
from bot.training.promotion import make_live
from bot.training.runner import languages_in, register_existing

START_ACTOR = "start-up"


def serving_model(settings: Settings, sessions: sessionmaker[Session]) -> Path:
    current = fingerprint(PROJECT_ROOT, settings.data_dir)
    with sessions() as session:
        registry = ModelRegistry(session)
        live, promotion = registry.live(), registry.live_promotion()
        chosen_by_admin = promotion is not None and promotion.actor != START_ACTOR
        if live is not None and Path(live.path).exists():
            if live.data_fingerprint == current:
                print(f"Live model: {live.name}", flush=True)
                return Path(live.path)
            if chosen_by_admin:
                assert promotion is not None
                print(
                    f"Live model: {live.name} (promoted by {promotion.actor}). The data "
                    "has changed since: train and promote in /admin, or "
                    "`make train && make promote`.",
                    flush=True,
                )
                return Path(live.path)
    path = ensure_model(
        settings.rasa_bin, settings.models_dir, data_dir=settings.data_dir
    )
    model_id = register_existing(
        sessions,
        path,
        current,
        START_ACTOR,
        languages_in(settings.data_dir, settings.languages),
    )
    if live is None or live.id != model_id:
        make_live(settings, sessions, model_id, START_ACTOR, kind="start", load=None)
    return path
