"""Trained models, which one is live (the latest promotion), and training jobs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store.models import ModelPromotion, ModelVersion, RegistryLock, TrainingJob


class JobAlreadyRunning(RuntimeError):
    """Another training job holds the one running slot."""


class RegistryBusy(RuntimeError):
    """Someone else is changing the live model right now."""


class ModelRegistry:
    def __init__(self, session: Session) -> None:
        self.session = session

    # models
    def add(self, **fields: Any) -> ModelVersion:
        model = ModelVersion(**fields)
        self.session.add(model)
        self.session.flush()
        return model

    def ensure(
        self,
        path: Path,
        data_fingerprint: str,
        languages: tuple[str, ...],
        actor: str,
        train_seconds: float | None,
        now: dt.datetime,
    ) -> ModelVersion:
        """The model of this file, registered now if it is not yet."""
        return self.by_name(path.name) or self.add(
            name=path.name,
            path=str(path),
            data_fingerprint=data_fingerprint,
            languages=list(languages),
            trained_by=actor,
            train_seconds=train_seconds,
            created_at=now,
        )

    def get(self, model_id: int) -> ModelVersion | None:
        return self.session.get(ModelVersion, model_id)

    def by_name(self, name: str) -> ModelVersion | None:
        return self.session.scalars(
            select(ModelVersion).where(ModelVersion.name == name)
        ).first()

    def all(self) -> list[ModelVersion]:
        return list(
            self.session.scalars(select(ModelVersion).order_by(ModelVersion.id.desc()))
        )

    # the live model
    def promotions(self, limit: int = 50) -> list[ModelPromotion]:
        return list(
            self.session.scalars(
                select(ModelPromotion).order_by(ModelPromotion.id.desc()).limit(limit)
            )
        )

    def live(self) -> ModelVersion | None:
        latest = self.promotions(limit=1)
        return self.get(latest[0].model_id) if latest else None

    def live_promotion(self) -> ModelPromotion | None:
        latest = self.promotions(limit=1)
        return latest[0] if latest else None

    def was_live(self, model_id: int) -> bool:
        return (
            self.session.scalars(
                select(ModelPromotion.id).where(ModelPromotion.model_id == model_id)
            ).first()
            is not None
        )

    def previously_live(self) -> ModelVersion | None:
        """The model that was live before the current one (the default rollback)."""
        history = self.promotions()
        if not history:
            return None
        current = history[0].model_id
        for promotion in history[1:]:
            if promotion.model_id != current:
                return self.get(promotion.model_id)
        return None

    def record_promotion(self, **fields: Any) -> ModelPromotion:
        promotion = ModelPromotion(**fields)
        self.session.add(promotion)
        self.session.flush()
        return promotion

    def take_lock(
        self, name: str, holder: str, now: dt.datetime, stale_after: dt.timedelta
    ) -> None:
        """Takes the named lock in its own transaction (RegistryBusy when held)."""
        self.session.execute(  # a crashed holder's lock is taken over
            delete(RegistryLock).where(
                RegistryLock.name == name, RegistryLock.taken_at <= now - stale_after
            )
        )
        try:
            self.session.execute(
                insert(RegistryLock).values(name=name, holder=holder, taken_at=now)
            )
            self.session.commit()
        except IntegrityError:
            self.session.rollback()
            raise RegistryBusy(f"{name} is in progress; try again shortly") from None

    def release_lock(self, name: str, holder: str) -> None:
        self.session.execute(
            delete(RegistryLock).where(
                RegistryLock.name == name, RegistryLock.holder == holder
            )
        )
        self.session.commit()

    # training jobs
    def start_job(self, actor: str, now: dt.datetime) -> TrainingJob:
        """Takes the one running slot (raises JobAlreadyRunning when it is taken)."""
        job = TrainingJob(
            status="running",
            running="training",
            started_by=actor,
            started_at=now,
            heartbeat_at=now,
            progress={"stage": "queued"},
            timings={},
        )
        self.session.add(job)
        try:
            self.session.flush()
        except IntegrityError:
            self.session.rollback()
            raise JobAlreadyRunning("a training job is already running") from None
        return job

    def job(self, job_id: int) -> TrainingJob | None:
        return self.session.get(TrainingJob, job_id)

    def latest_job(self) -> TrainingJob | None:
        return self.session.scalars(
            select(TrainingJob).order_by(TrainingJob.id.desc()).limit(1)
        ).first()

    def running_job(self) -> TrainingJob | None:
        return self.session.scalars(
            select(TrainingJob).where(TrainingJob.running.is_not(None))
        ).first()

    def last_timings(self) -> dict[str, float]:
        """Stage times of the last successful job that really trained (one that
        reused a model took no time to train): the time-left estimate's basis."""
        for job in self.session.scalars(
            select(TrainingJob)
            .where(TrainingJob.status == "succeeded")
            .order_by(TrainingJob.id.desc())
            .limit(20)
        ):
            if job.timings.get("training_steps"):
                return dict(job.timings)
        return {}

    def finish_job(
        self,
        job_id: int,
        status: str,
        now: dt.datetime,
        error: str | None = None,
        model_id: int | None = None,
        heartbeat_seen: dt.datetime | None = None,
    ) -> bool:
        """Ends a job that still holds the running slot (and, for the reaper, has not
        beaten since it looked); False when someone else ended it first."""
        ending = update(TrainingJob).where(
            TrainingJob.id == job_id, TrainingJob.running.is_not(None)
        )
        if heartbeat_seen is not None:
            ending = ending.where(TrainingJob.heartbeat_at == heartbeat_seen)
        result = self.session.execute(
            ending.values(
                status=status,
                running=None,
                finished_at=now,
                heartbeat_at=now,
                error=error,
                model_id=model_id,
            )
        )
        self.session.expire_all()
        return bool(result.rowcount)  # type: ignore[attr-defined]
