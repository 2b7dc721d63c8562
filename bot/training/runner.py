"""One training run, start to finish: check the data with `rasa data validate`, train,
evaluate the new model and the live one on the held-out split, and register the new
model with its figures. Rasa runs in its own environment as child processes, niced and
on few threads, so the live bot keeps its cores. What happens is told to a reporter
(the job's row for the browser, a progress bar for the terminal)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

import yaml
from sqlalchemy.orm import Session, sessionmaker

from bot.model_files import fingerprint, rasa_env
from bot.settings import PROJECT_ROOT, Settings
from bot.store.model_registry import ModelRegistry
from bot.training.metrics import heldout_fingerprint
from bot.training.progress import TRAINED_STEPS, TrainingProgress

PLAN = [
    "validating",
    "loading",
    "training",
    "evaluating_candidate",
    "evaluating_live",
    "registering",
]
BLOCKING_WARNINGS = (
    "is not listed in your domain",
    "is not defined in the domain",
    "labeled with multiple different intents",
)
_NOISE = re.compile(r"Warning|warn\(|^\s*$|^\s+\S.*\)$|^\[0m")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class TrainingFailed(RuntimeError):
    """Why the job stopped, in words an admin can act on."""


class Reporter(Protocol):
    def progress(self, snapshot: dict[str, Any]) -> None: ...


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def yield_to_live_bot() -> None:
    """In the child before it starts: the lowest priority there is. On Linux the idle
    scheduling class runs it only on CPU time the live bot leaves unused."""
    os.nice(19)
    if hasattr(os, "sched_setscheduler") and hasattr(os, "SCHED_IDLE"):
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        except OSError:  # not allowed here: nice alone
            pass


def languages_in(data_dir: Path, languages: tuple[str, ...]) -> tuple[str, ...]:
    """The supported languages the training data has examples for."""
    nlu = data_dir / "nlu"
    return tuple(code for code in languages if (nlu / f"{code}.yml").exists())


def pipeline_size(config: Path) -> int:
    """Components and policies: the steps of the training stage."""
    data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    return len(data.get("pipeline") or []) + len(data.get("policies") or [])


def output_lines(process: subprocess.Popen[bytes]) -> Iterator[str]:
    """A child's output line by line, progress bars (carriage returns) included."""
    assert process.stdout is not None
    pending = b""
    while chunk := process.stdout.read1(4096):  # type: ignore[attr-defined]
        pending += chunk
        *lines, pending = re.split(rb"[\r\n]", pending)
        for line in lines:
            if line.strip():
                yield _ANSI.sub("", line.decode("utf-8", "replace"))
    if pending.strip():
        yield _ANSI.sub("", pending.decode("utf-8", "replace"))


def failure_reason(lines: deque[str], fallback: str) -> str:
    """The error lines of a failed child, without the warnings around them."""
    errors = [line for line in lines if "ERROR" in line or "Error" in line]
    kept = errors or [line for line in lines if not _NOISE.search(line)]
    return "\n".join(kept[-8:]).strip() or fallback


class TrainingRun:
    def __init__(
        self,
        settings: Settings,
        sessions: sessionmaker[Session],
        reporter: Reporter,
        clock: Callable[[], float] = time.monotonic,
        config: Path = PROJECT_ROOT / "config.yml",
        domain: Path = PROJECT_ROOT / "domain.yml",
        plan: list[str] | None = None,
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.reporter = reporter
        self.clock = clock
        self.config = config
        self.domain = domain
        with sessions() as session:
            history = ModelRegistry(session).last_timings()
        steps = int(history.pop(TRAINED_STEPS, 0)) or pipeline_size(config)
        self.state = TrainingProgress(
            components=steps, plan=list(plan or PLAN), history=history
        )
        self.started = clock()

    # reporting
    def tell(self) -> None:
        snapshot = self.state.snapshot(self.clock())
        snapshot["elapsed"] = round(self.clock() - self.started, 1)
        self.reporter.progress(snapshot)

    def enter(self, stage: str, detail: str = "") -> None:
        self.state.enter(stage, self.clock(), detail)
        self.tell()

    @property
    def timings(self) -> dict[str, float]:
        return dict(self.state.timings)

    # children
    def _child_env(self) -> dict[str, str]:
        threads = str(self.settings.training_threads)
        return rasa_env(
            {
                "OMP_NUM_THREADS": threads,
                "OPENBLAS_NUM_THREADS": threads,
                "MKL_NUM_THREADS": threads,
                "TF_NUM_INTRAOP_THREADS": threads,
                "TF_NUM_INTEROP_THREADS": "1",
                "TF_CPP_MIN_LOG_LEVEL": "3",
            }
        )

    def _run(
        self, command: list[str], what: str, on_line: Callable[[str], None]
    ) -> None:
        recent: deque[str] = deque(maxlen=60)
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=self._child_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            preexec_fn=yield_to_live_bot,
        )
        try:
            for line in output_lines(process):
                recent.append(line)
                on_line(line)
        finally:
            code = process.wait()
        if code != 0:
            raise TrainingFailed(
                failure_reason(recent, f"{what} stopped with exit code {code}")
            )

    # stages
    def validate(self) -> None:
        """`rasa data validate`; besides its errors, the warnings that mean a wrong
        model (an intent the domain lacks, one example under two intents) stop it."""
        self.enter("validating")
        blocking: list[str] = []

        def on_line(line: str) -> None:
            if any(pattern in line for pattern in BLOCKING_WARNINGS):
                blocking.append(line.split("UserWarning: ", 1)[-1].strip())

        self._run(
            [
                str(self.settings.rasa_bin), "data", "validate",
                "--data", str(self.settings.data_dir),
                "--domain", str(self.domain),
                "--config", str(self.config),
            ],
            "rasa data validate",
            on_line,
        )  # fmt: skip
        if blocking:
            raise TrainingFailed("rasa data validate:\n" + "\n".join(blocking[:8]))

    def train(self, target: Path) -> float:
        self.enter("loading")
        started = self.clock()

        def on_line(line: str) -> None:
            if self.state.read_training_line(line, self.clock()):
                self.tell()

        self._run(
            [
                str(self.settings.rasa_bin), "train", "--skip-validation",
                "--config", str(self.config),
                "--domain", str(self.domain),
                "--data", str(self.settings.data_dir),
                "--out", str(target.parent),
                "--fixed-model-name", target.name.removesuffix(".tar.gz"),
            ],
            "rasa train",
            on_line,
        )  # fmt: skip
        if not target.exists():
            raise TrainingFailed(f"Rasa finished but wrote no model at {target}")
        return round(self.clock() - started, 1)

    def evaluate(
        self, model: Path, stage: str, languages: tuple[str, ...]
    ) -> dict[str, Any]:
        self.enter(stage)
        figures: dict[str, Any] = {}
        python = self.settings.rasa_bin.parent / "python"

        def on_line(line: str) -> None:
            if not line.startswith("{"):
                return
            try:
                event = json.loads(line)
            except ValueError:
                return
            if "figures" in event:
                figures.update(event["figures"])
            elif "done" in event:
                self.state.count(int(event["done"]), int(event["total"]))
                self.tell()

        self._run(
            [
                str(python), "-m", "bot.training.evaluate_model", str(model),
                "--heldout", str(self.settings.heldout_dir),
                "--languages", ",".join(languages),
            ],
            f"evaluating {model.name}",
            on_line,
        )  # fmt: skip
        if not figures:
            raise TrainingFailed(f"the evaluation of {model.name} gave no figures")
        return figures

    def run(self, actor: str) -> int:
        """Trains (unless a model of exactly this data exists) and registers; returns
        the model's id. Raises TrainingFailed with the reason."""
        settings = self.settings
        languages = languages_in(settings.data_dir, settings.languages)
        if not languages:
            raise TrainingFailed(
                f"no training data for any language in {settings.data_dir}"
            )
        heldout = heldout_fingerprint(settings.heldout_dir, languages)
        self.validate()
        data_fingerprint = fingerprint(PROJECT_ROOT, settings.data_dir)
        target = settings.models_dir / f"model-{data_fingerprint}.tar.gz"
        settings.models_dir.mkdir(parents=True, exist_ok=True)
        train_seconds: float | None = None
        if target.exists():
            self.enter("training", "this exact data was trained before; reusing it")
        else:
            train_seconds = self.train(target)
        candidate = self.evaluate(target, "evaluating_candidate", languages)
        with self.sessions() as session:
            live = ModelRegistry(session).live()
            live_path = Path(live.path) if live else None
            live_split = live.heldout if live else None
            live_known = set(live.figures) if live else set()
            live_id = live.id if live else None
        live_figures: dict[str, Any] | None = None
        if live_path is not None and live_path != target and live_path.exists():
            if live_split != heldout or not set(languages) <= live_known:
                live_figures = self.evaluate(live_path, "evaluating_live", languages)
        self.enter("registering")
        now = _now()
        with self.sessions() as session, session.begin():
            registry = ModelRegistry(session)
            if live_figures is not None and live_id is not None:
                live_model = registry.get(live_id)
                assert live_model is not None
                live_model.metrics = {"heldout": heldout, "languages": live_figures}
            model = registry.ensure(
                target, data_fingerprint, languages, actor, train_seconds, now
            )
            model.metrics = {"heldout": heldout, "languages": candidate}
            model.languages = list(languages)
            model_id = model.id
        self.enter("done")
        return model_id


def register_existing(
    sessions: sessionmaker[Session],
    path: Path,
    data_fingerprint: str,
    actor: str,
    languages: tuple[str, ...],
) -> int:
    """A model trained outside a job (at start-up) joins the registry, without figures
    until a job or `make evaluate` measures it."""
    with sessions() as session, session.begin():
        return (
            ModelRegistry(session)
            .ensure(path, data_fingerprint, languages, actor, None, _now())
            .id
        )


def evaluate_registered(
    settings: Settings,
    sessions: sessionmaker[Session],
    model_ids: list[int],
    reporter: Reporter,
) -> None:
    """Measures registered models on today's held-out split where their figures are
    missing or were taken on another split (`make evaluate`)."""
    languages = languages_in(settings.data_dir, settings.languages)
    heldout = heldout_fingerprint(settings.heldout_dir, languages)
    todo: list[tuple[int, Path]] = []
    with sessions() as session:
        registry = ModelRegistry(session)
        for model_id in model_ids:
            model = registry.get(model_id)
            if model is None or not Path(model.path).exists():
                continue
            if model.heldout != heldout or not set(languages) <= set(model.figures):
                todo.append((model.id, Path(model.path)))
    if not todo:
        return
    stages = ["evaluating_candidate", "evaluating_live"][: len(todo)]
    run = TrainingRun(settings, sessions, reporter, plan=stages)
    for (model_id, path), stage in zip(todo, stages, strict=True):
        figures = run.evaluate(path, stage, languages)
        with sessions() as session, session.begin():
            model = ModelRegistry(session).get(model_id)
            assert model is not None
            model.metrics = {"heldout": heldout, "languages": figures}
    run.enter("done")
