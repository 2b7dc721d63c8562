"""Which model Rasa starts with: the live one from the registry. In development a model
made live automatically at start-up is replaced when the data changes (a developer edits
data and runs `make run`); otherwise the live model stays until an admin changes it, and
only the very first start makes a model live on its own."""

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
        automatic = promotion is None or (
            promotion.actor == START_ACTOR and settings.environment == "development"
        )
        if live is not None and Path(live.path).exists():
            if live.data_fingerprint == current or not automatic:
                note = "" if live.data_fingerprint == current else (
                    " (the data has changed since: train and promote in /admin, or "
                    "`make train && make promote`)"
                )  # fmt: skip
                print(f"Live model: {live.name}{note}", flush=True)
                return Path(live.path)
        elif live is not None and not automatic:
            # Its file is gone: the latest model that was live before and still exists.
            for earlier in registry.promotions():
                model = registry.get(earlier.model_id)
                if model is not None and Path(model.path).exists():
                    print(f"The live model's file is gone ({live.path}); starting with "
                          f"{model.name}, live before it.", flush=True)  # fmt: skip
                    make_live(settings, sessions, model.id, START_ACTOR, kind="start",
                              load=None)  # fmt: skip
                    return Path(model.path)
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
