"""Admins train, compare, promote and roll back models from the browser. Training runs
in a worker process; promotion loads the model into the running Rasa."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from bot.model_files import fingerprint
from bot.settings import PROJECT_ROOT
from bot.store.model_registry import JobAlreadyRunning, ModelRegistry
from bot.store.models import ModelPromotion, ModelVersion, TrainingJob
from bot.training.jobs import open_job, reap_stale, spawn_worker, stop_job
from bot.training.promotion import PromotionRefused, comparison_with_live, make_live
from bot.web.admin_api import AdminReader
from bot.web.console_api import Admin
from bot.web.desk import ConversationDesk


class PromoteIn(BaseModel):
    reason: str | None = Field(default=None, max_length=1000)


def job_json(job: TrainingJob | None) -> dict[str, Any] | None:
    if job is None:
        return None
    return {
        "id": job.id,
        "status": job.status,
        "started_by": job.started_by,
        "started_at": job.started_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "progress": job.progress,
        "timings": job.timings,
        "error": job.error,
        "model_id": job.model_id,
    }


def figures_summary(model: ModelVersion) -> dict[str, Any]:
    return {
        code: {k: figures.get(k) for k in ("n", "accuracy", "macro_f1", "langid")}
        for code, figures in sorted(model.figures.items())
    }


def model_json(
    model: ModelVersion, live_id: int | None, ever_live: set[int]
) -> dict[str, Any]:
    return {
        "id": model.id,
        "name": model.name,
        "created_at": model.created_at.isoformat(),
        "trained_by": model.trained_by,
        "train_seconds": model.train_seconds,
        "data_fingerprint": model.data_fingerprint,
        "languages": model.languages,
        "figures": figures_summary(model),
        "live": model.id == live_id,
        "was_live": model.id in ever_live,
        "file_exists": Path(model.path).exists(),
    }


def promotion_json(promotion: ModelPromotion) -> dict[str, Any]:
    return {
        "model_id": promotion.model_id,
        "kind": promotion.kind,
        "actor": promotion.actor,
        "reason": promotion.reason,
        "at": promotion.at.isoformat(),
    }


def models_router(desk: ConversationDesk) -> APIRouter:
    router = APIRouter()
    settings = desk.settings
    sessions = desk.sessions

    def overview() -> dict[str, Any]:
        reap_stale(sessions)
        with sessions() as session:
            registry = ModelRegistry(session)
            live = registry.live()
            promotions = registry.promotions()
            ever_live = {p.model_id for p in promotions}
            models = registry.all()
            current = fingerprint(PROJECT_ROOT, settings.data_dir)
            return {
                "live_id": live.id if live else None,
                "tolerance": settings.promotion_tolerance,
                "data_fingerprint": current,
                "data_trained": any(m.data_fingerprint == current for m in models),
                "models": [
                    model_json(m, live.id if live else None, ever_live) for m in models
                ],  # fmt: skip
                "promotions": [promotion_json(p) for p in promotions[:20]],
                "job": job_json(registry.latest_job()),
            }

    @router.get("/api/admin/models")
    async def list_models(login: AdminReader) -> dict[str, Any]:
        return await asyncio.to_thread(overview)

    @router.get("/api/admin/training")
    async def training_status(login: AdminReader) -> dict[str, Any]:
        def work() -> dict[str, Any]:
            reap_stale(sessions)
            with sessions() as session:
                return {"job": job_json(ModelRegistry(session).latest_job())}

        return await asyncio.to_thread(work)

    @router.post("/api/admin/training", status_code=202)
    async def start_training(login: Admin) -> dict[str, Any]:
        actor = login.agent.username

        def work() -> dict[str, Any]:
            try:
                job_id = open_job(sessions, actor)
            except JobAlreadyRunning:
                raise HTTPException(
                    409, "A training job is already running; wait for it to end."
                ) from None
            spawn_worker(settings, job_id, actor)
            with sessions() as session:
                return {"job": job_json(ModelRegistry(session).job(job_id))}

        return await asyncio.to_thread(work)

    @router.post("/api/admin/training/stop")
    async def stop_training(login: Admin) -> dict[str, Any]:
        stopped = await asyncio.to_thread(stop_job, sessions, login.agent.username)
        if stopped is None:
            raise HTTPException(409, "No training job is running.")
        return await training_status(login)

    @router.get("/api/admin/models/{model_id}/comparison")
    async def comparison(model_id: int, login: AdminReader) -> dict[str, Any]:
        def work() -> dict[str, Any]:
            with sessions() as session:
                registry = ModelRegistry(session)
                model = registry.get(model_id)
                if model is None:
                    raise HTTPException(404, "No such model.")
                live = registry.live()
                found, missing = comparison_with_live(
                    registry, model, settings.promotion_tolerance
                )
                return {
                    "model_id": model_id,
                    "live_id": live.id if live else None,
                    "comparison": found.as_json() if found else None,
                    "why_none": missing,
                }

        return await asyncio.to_thread(work)

    async def change(
        model_id: int, kind: str, actor: str, reason: str | None
    ) -> dict[str, Any]:
        try:
            done = await asyncio.to_thread(
                make_live, settings, sessions, model_id, actor, kind, reason
            )
        except PromotionRefused as refused:
            raise HTTPException(409, str(refused)) from None
        return {
            "model_id": done.model_id,
            "name": done.model_name,
            "kind": done.kind,
            "overridden": done.overridden,
            "loaded_into": list(done.loaded_into),
        }

    @router.post("/api/admin/models/{model_id}/promote")
    async def promote(model_id: int, body: PromoteIn, login: Admin) -> dict[str, Any]:
        return await change(model_id, "promote", login.agent.username, body.reason)

    @router.post("/api/admin/models/{model_id}/rollback")
    async def rollback(model_id: int, body: PromoteIn, login: Admin) -> dict[str, Any]:
        return await change(model_id, "rollback", login.agent.username, body.reason)

    return router
