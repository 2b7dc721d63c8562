"""Training jobs: one at a time (the registry's running slot), run by a worker process
of their own so a web-app restart neither stops nor duplicates them; progress, the
time left and a failure's reason are written to the job's row for the browser.

A job that loses its slot (an admin stopped it, or it went silent and was given up)
notices at its next heartbeat and stops its Rasa child; whatever it does after that
changes nothing in the registry."""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import PROJECT_ROOT, Settings
from bot.store.model_registry import ModelRegistry
from bot.store.models import AuditEntry, TrainingJob
from bot.training.children import Stopped
from bot.training.runner import Reporter, TrainingFailed, TrainingRun

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 5.0
STALE_AFTER = dt.timedelta(seconds=90)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class JobRowReporter:
    """Writes the latest progress to the job's row (at most twice a second) and keeps
    the heartbeat fresh while Rasa works silently; calls ``on_lost`` once when the row
    no longer holds the running slot."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        job_id: int,
        also: Reporter | None = None,
    ) -> None:
        self.sessions = sessions
        self.job_id = job_id
        self.also = also
        self.on_lost: Callable[[], None] = lambda: None
        self.lost = False
        self.latest: dict[str, Any] = {"stage": "queued"}
        self._written = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._beat = threading.Thread(target=self._heartbeat, daemon=True)

    def __enter__(self) -> JobRowReporter:
        self._beat.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._beat.join(timeout=5)

    def progress(self, snapshot: dict[str, Any]) -> None:
        if self.also is not None:
            self.also.progress(snapshot)
        with self._lock:
            self.latest = snapshot
        if time.monotonic() - self._written >= 0.5 or snapshot["stage"] == "done":
            self._write()

    def _write(self) -> None:
        with self._lock:
            snapshot = dict(self.latest)
        self._written = time.monotonic()
        with self.sessions() as session, session.begin():
            written = session.execute(
                update(TrainingJob)
                .where(TrainingJob.id == self.job_id, TrainingJob.running.is_not(None))
                .values(progress=snapshot, heartbeat_at=_now())
            ).rowcount  # type: ignore[attr-defined]
        if not written and not self.lost:
            self.lost = True
            self.on_lost()

    def _heartbeat(self) -> None:
        while not self._stop.wait(HEARTBEAT_SECONDS):
            try:
                self._write()
            except Exception:  # the next beat tries again; the job itself goes on
                log.exception("training job %s: heartbeat not written", self.job_id)


def run_job(
    settings: Settings,
    sessions: sessionmaker[Session],
    job_id: int,
    actor: str,
    also: Reporter | None = None,
) -> int | None:
    """Runs the job to its end and records how it ended; the model id on success."""
    with sessions() as session, session.begin():
        job = ModelRegistry(session).job(job_id)
        if job is None or job.running is None:
            raise TrainingFailed(f"training job {job_id} is not waiting to run")
        job.pid = os.getpid()
    status, error, model_id, timings = "failed", None, None, {}
    interrupted: BaseException | None = None
    with JobRowReporter(sessions, job_id, also) as reporter:
        run: TrainingRun | None = None
        try:
            run = TrainingRun(settings, sessions, reporter)
            reporter.on_lost = run.children.stop
            model_id = run.run(actor)
            status = "succeeded"
        except (TrainingFailed, Stopped) as failed:
            error = str(failed)
        except Exception as unexpected:
            log.exception("training job %s failed", job_id)
            error = f"unexpected error: {type(unexpected).__name__}: {unexpected}"
        except BaseException as stop:  # Ctrl-C in `make train`: recorded, then raised
            if run is not None:
                run.children.stop()
            error, interrupted = "stopped from the terminal (Ctrl-C)", stop
        finally:
            timings = run.timings if run is not None else {}
    with sessions() as session, session.begin():
        registry = ModelRegistry(session)
        if registry.finish_job(job_id, status, _now(), error=error, model_id=model_id):
            job = registry.job(job_id)
            assert job is not None
            job.timings = timings
            if error:
                job.progress = dict(job.progress) | {
                    "stage": "failed",
                    "seconds_left": 0,
                }
            audit_job(session, actor, status, job_id, model_id, error)
        elif status == "succeeded":
            model_id = None  # stopped meanwhile: the model is registered, not offered
    if interrupted is not None:
        raise interrupted
    return model_id


def open_job(sessions: sessionmaker[Session], actor: str) -> int:
    """Takes the running slot for a new job (after giving up a silent one) and audits
    it; raises JobAlreadyRunning while another job runs."""
    reap_stale(sessions)
    with sessions() as session, session.begin():
        job_id = ModelRegistry(session).start_job(actor, _now()).id
        audit_job(session, actor, "started", job_id, None, None)
    return job_id


def stop_job(sessions: sessionmaker[Session], actor: str) -> int | None:
    """An admin stops the running job; its worker notices within a heartbeat."""
    with sessions() as session, session.begin():
        registry = ModelRegistry(session)
        job = registry.running_job()
        if job is None:
            return None
        reason = f"stopped by {actor}"
        if not registry.finish_job(job.id, "failed", _now(), error=reason):
            return None
        job.progress = dict(job.progress) | {"stage": "failed", "seconds_left": 0}
        audit_job(session, actor, "stopped", job.id, None, None)
        return job.id


def audit_job(
    session: Session,
    actor: str,
    status: str,
    job_id: int,
    model_id: int | None,
    error: str | None,
) -> None:
    session.add(
        AuditEntry(
            at=_now(),
            actor=actor,
            action=f"training_{status}",
            target=f"training_job:{job_id}",
            details={"model_id": model_id, "error": (error or "")[:500] or None},
        )
    )


def reap_stale(sessions: sessionmaker[Session], now: dt.datetime | None = None) -> None:
    """A running job silent for STALE_AFTER is marked failed, freeing the slot. Its
    worker, if it still lives, stops at its next heartbeat (it lost the slot)."""
    now = now or _now()
    with sessions() as session, session.begin():
        registry = ModelRegistry(session)
        job = registry.running_job()
        if job is None or now - job.heartbeat_at < STALE_AFTER:
            return
        registry.finish_job(
            job.id,
            "failed",
            now,
            error="the training process stopped answering (a web-started job logs "
            f"to var/training/job-{job.id}.log)",
            heartbeat_seen=job.heartbeat_at,
        )


def spawn_worker(settings: Settings, job_id: int, actor: str) -> None:
    """Starts the job's worker in a session of its own (it outlives a web restart)."""
    logs = settings.var_dir / "training"
    logs.mkdir(parents=True, exist_ok=True)
    with (logs / f"job-{job_id}.log").open("ab") as log_file:
        subprocess.Popen(
            [sys.executable, "-m", "bot.training.worker", str(job_id), actor],
            cwd=PROJECT_ROOT,
            env=dict(os.environ) | {"PYTHONPATH": str(PROJECT_ROOT)},
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
