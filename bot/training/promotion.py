"""Changing the live model: compare the candidate with the live one, load it into every
running Rasa process through Rasa's model endpoint (conversations in progress stay in
the tracker store and go on with the new model), and record who did it and why.

Promotions take turns (a registry lock), are checked against the model live at that
moment, and a load that only some Rasa processes took is undone."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from bot.store.model_registry import ModelRegistry, RegistryBusy
from bot.store.models import AuditEntry, ModelVersion
from bot.training.comparison import Comparison, compare

LOAD_TIMEOUT_SECONDS = 180.0
LOCK = "live_model"
LOCK_STALE_AFTER = dt.timedelta(minutes=15)  # longer than loading into every Rasa
KINDS = ("promote", "rollback", "start")


class PromotionRefused(ValueError):
    """Why the model was not made live, in a sentence for the admin."""


class RasaUnreachable(PromotionRefused):
    """No Rasa process answered; nothing was loaded anywhere."""


class PartlyLoaded(PromotionRefused):
    """Some Rasa processes took the model before another failed."""

    def __init__(self, message: str, loaded: tuple[str, ...]) -> None:
        super().__init__(message)
        self.loaded = loaded


@dataclass(frozen=True)
class Promotion:
    model_id: int
    model_name: str
    kind: str
    overridden: bool
    loaded_into: tuple[str, ...]


Loader = Callable[[Settings, Path, tuple[str, ...] | None], tuple[str, ...]]


def comparison_with_live(
    registry: ModelRegistry, model: ModelVersion, tolerance: float
) -> tuple[Comparison | None, str | None]:
    """The comparison, or why there is none (nothing live, or figures missing). Every
    language the live model serves counts: one the candidate lacks blocks."""
    live = registry.live()
    if live is None:
        return None, "no model is live yet"
    if live.id == model.id:
        return None, "this model is the live one"
    candidate, live_figures = model.figures, live.figures
    if not candidate:
        return None, "this model has not been evaluated (make evaluate)"
    if not live_figures:
        return None, "the live model has not been evaluated (make evaluate)"
    served = {code: live_figures.get(code) or {} for code in live.languages}
    return compare(served | live_figures, candidate, tolerance), None


def load_into_rasa(
    settings: Settings, model_path: Path, urls: tuple[str, ...] | None = None
) -> tuple[str, ...]:
    """PUT /model on every Rasa process (or those given); all must take it."""
    loaded: list[str] = []
    for url in urls if urls is not None else settings.rasa_model_urls:
        try:
            response = httpx.put(
                f"{url}/model",
                params={"token": settings.rasa_api_token},
                json={"model_file": str(model_path)},
                timeout=LOAD_TIMEOUT_SECONDS,
            )
        except httpx.HTTPError as error:
            failure = f"Rasa at {url} did not answer ({error})"
            if not loaded:
                raise RasaUnreachable(failure) from None
            raise PartlyLoaded(failure, tuple(loaded)) from None
        if response.status_code >= 300:
            failure = (
                f"Rasa at {url} refused the model ({response.status_code}): "
                f"{response.text[:300]}"
            )
            if not loaded:
                raise PromotionRefused(failure)
            raise PartlyLoaded(failure, tuple(loaded))
        loaded.append(url)
    return tuple(loaded)


def _gate(
    settings: Settings, registry: ModelRegistry, model: ModelVersion, kind: str,
    reason: str | None,
) -> tuple[Comparison | None, bool]:  # fmt: skip
    """The comparison to record, and whether the admin overrode it. Rolling back goes
    only to a model that was live before; promoting must not make any language worse
    beyond the tolerance, or needs a reason."""
    comparison, missing = comparison_with_live(
        registry, model, settings.promotion_tolerance
    )
    live = registry.live()
    if kind == "start" or live is None:
        return comparison, False
    if kind == "rollback":
        if not registry.was_live(model.id):
            raise PromotionRefused(
                f"model {model.id} was never live; promote it (the comparison applies)"
            )
        return comparison, False
    if comparison is not None and comparison.allowed:
        return comparison, False
    if not reason:
        if comparison is None:
            raise PromotionRefused(
                f"no comparison: {missing}; give a reason to override"
            )
        raise PromotionRefused(
            f"worse beyond the tolerance of {settings.promotion_tolerance:g} in "
            f"{', '.join(comparison.worse_languages)}; give a reason to override"
        )
    return comparison, True


def make_live(
    settings: Settings,
    sessions: sessionmaker[Session],
    model_id: int,
    actor: str,
    kind: str = "promote",
    reason: str | None = None,
    load: Loader | None = load_into_rasa,
    now: dt.datetime | None = None,
) -> Promotion:
    """Promote, roll back or (``kind="start"``) choose the model Rasa starts with.
    ``load=None`` records only, for a Rasa that is not running: it takes the live
    model when it starts."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    reason = (reason or "").strip() or None
    holder = f"{actor}:{secrets.token_hex(4)}"
    at = now or dt.datetime.now(dt.timezone.utc)
    with sessions() as session:
        try:
            ModelRegistry(session).take_lock(LOCK, holder, at, LOCK_STALE_AFTER)
        except RegistryBusy:
            raise PromotionRefused(
                "another change of the live model is in progress; try again shortly"
            ) from None
    try:
        return _make_live(settings, sessions, model_id, actor, kind, reason, load, at)
    finally:
        with sessions() as session:
            ModelRegistry(session).release_lock(LOCK, holder)


def _make_live(
    settings: Settings,
    sessions: sessionmaker[Session],
    model_id: int,
    actor: str,
    kind: str,
    reason: str | None,
    load: Loader | None,
    at: dt.datetime,
) -> Promotion:
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
        comparison, overridden = _gate(settings, registry, model, kind, reason)
        path, name = Path(model.path), model.name
        previous = (live.name, Path(live.path)) if live else None
    try:
        loaded = load(settings, path, None) if load is not None else ()
    except PartlyLoaded as partly:
        undone: tuple[str, ...] = ()
        if previous is not None and load is not None:
            try:  # the processes that took it go back to the live model
                undone = load(settings, previous[1], partly.loaded)
            except PromotionRefused:
                pass
        _audit(sessions, at, actor, f"model_{kind}_failed", model_id,
               model=name, loaded_into=list(partly.loaded),
               put_back=list(undone), error=str(partly))  # fmt: skip
        raise PromotionRefused(
            f"{partly}; {', '.join(undone) or 'no process'} put back on the live model"
        ) from None
    with sessions() as session, session.begin():
        ModelRegistry(session).record_promotion(
            model_id=model_id,
            kind=kind,
            actor=actor,
            reason=reason,
            comparison=comparison.as_json() if comparison else None,
            at=at,
        )
    _audit(sessions, at, actor, f"model_{kind}", model_id, model=name,
           previous=previous[0] if previous else None, overridden=overridden,
           reason=reason, loaded_into=list(loaded))  # fmt: skip
    return Promotion(model_id, name, kind, overridden, loaded)


def _audit(
    sessions: sessionmaker[Session],
    at: dt.datetime,
    actor: str,
    action: str,
    model_id: int,
    **details: object,
) -> None:
    with sessions() as session, session.begin():
        session.add(
            AuditEntry(
                at=at,
                actor=actor,
                action=action,
                target=f"model:{model_id}",
                details=details,
            )  # fmt: skip
        )
