"""Changing the live model: compare the candidate with the live one, load it into every
running Rasa process through Rasa's model endpoint (conversations in progress stay in
the tracker store and go on with the new model), and record who did it and why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from bot.store.model_registry import ModelRegistry
from bot.store.models import AuditEntry, ModelVersion
from bot.training.comparison import Comparison, compare

LOAD_TIMEOUT_SECONDS = 180.0


class PromotionRefused(ValueError):
    """Why the model was not made live, in a sentence for the admin."""


class RasaUnreachable(PromotionRefused):
    """No Rasa process answered; the model can still be recorded for the next start."""


@dataclass(frozen=True)
class Promotion:
    model_id: int
    model_name: str
    kind: str
    overridden: bool
    loaded_into: tuple[str, ...]


def comparison_with_live(
    registry: ModelRegistry, model: ModelVersion, tolerance: float
) -> tuple[Comparison | None, str | None]:
    """The comparison, or why there is none (nothing live, or figures missing)."""
    live = registry.live()
    if live is None:
        return None, "no model is live yet"
    if live.id == model.id:
        return None, "this model is the live one"
    split, candidate = model.heldout, model.figures
    live_split, live_figures = live.heldout, live.figures
    if not candidate:
        return None, "this model has not been evaluated (make evaluate)"
    if not live_figures:
        return None, "the live model has not been evaluated (make evaluate)"
    if split != live_split:
        return None, "the two models were measured on different held-out splits"
    shared = {code: live_figures[code] for code in candidate if code in live_figures}
    if not shared:
        return None, "the two models share no evaluated language"
    return compare(shared, candidate, tolerance), None


def load_into_rasa(settings: Settings, model_path: Path) -> tuple[str, ...]:
    """PUT /model on every Rasa process; all must take it, or the promotion stops."""
    loaded: list[str] = []
    for url in settings.rasa_model_urls:
        try:
            response = httpx.put(
                f"{url}/model",
                params={"token": settings.rasa_api_token},
                json={"model_file": str(model_path)},
                timeout=LOAD_TIMEOUT_SECONDS,
            )
        except httpx.HTTPError as error:
            if not loaded:
                raise RasaUnreachable(
                    f"Rasa at {url} did not answer ({error})"
                ) from None
            raise PromotionRefused(
                f"Rasa at {url} did not answer ({error}); {', '.join(loaded)} already "
                "run the new model, so promote again or roll back"
            ) from None
        if response.status_code >= 300:
            raise PromotionRefused(
                f"Rasa at {url} refused the model ({response.status_code}): "
                f"{response.text[:300]}"
            )
        loaded.append(url)
    return tuple(loaded)


def make_live(
    settings: Settings,
    sessions: sessionmaker[Session],
    model_id: int,
    actor: str,
    kind: str = "promote",
    reason: str | None = None,
    load: Callable[[Settings, Path], tuple[str, ...]] | None = load_into_rasa,
    now: dt.datetime | None = None,
) -> Promotion:
    """Promote (guarded by the comparison unless overridden with a reason) or roll back
    (to any model that was trained here). ``load=None`` records only: Rasa is not
    running and takes the live model when it starts."""
    reason = (reason or "").strip() or None
    with sessions() as session:
        registry = ModelRegistry(session)
        model = registry.get(model_id)
        if model is None:
            raise PromotionRefused(f"there is no model {model_id}")
        if not Path(model.path).exists():
            raise PromotionRefused(
                f"the file of model {model_id} is gone: {model.path}"
            )
        live = registry.live()
        if live is not None and live.id == model.id:
            raise PromotionRefused(f"model {model_id} is already live")
        comparison, missing = comparison_with_live(
            registry, model, settings.promotion_tolerance
        )
        overridden = False
        if kind == "promote":
            if comparison is not None and not comparison.allowed:
                if not reason:
                    raise PromotionRefused(
                        "worse beyond the tolerance of "
                        f"{settings.promotion_tolerance:g} in "
                        f"{', '.join(comparison.worse_languages)}; give a reason to "
                        "override"
                    )
                overridden = True
            elif comparison is None and live is not None and not reason:
                raise PromotionRefused(
                    f"no comparison: {missing}; give a reason to override"
                )
            else:
                overridden = comparison is None and live is not None
        path, name = Path(model.path), model.name
        previous = live.name if live else None
    loaded = load(settings, path) if load is not None else ()
    with sessions() as session, session.begin():
        ModelRegistry(session).record_promotion(
            model_id=model_id,
            kind=kind,
            actor=actor,
            reason=reason,
            comparison=comparison.as_json() if comparison else None,
            at=now or dt.datetime.now(dt.timezone.utc),
        )
        session.add(
            AuditEntry(
                at=now or dt.datetime.now(dt.timezone.utc),
                actor=actor,
                action=f"model_{kind}",
                target=f"model:{model_id}",
                details={
                    "model": name,
                    "previous": previous,
                    "overridden": overridden,
                    "reason": reason,
                    "loaded_into": list(loaded),
                },
            )
        )
    return Promotion(model_id, name, kind, overridden, loaded)
