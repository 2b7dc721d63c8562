"""One training run, start to finish: snapshot the training data, check it with
`rasa data validate`, train, evaluate the new model and the live one on the held-out
split, and register the new model with its figures. Rasa runs in its own environment as
child processes at the lowest priority (children.py), so the live bot keeps its cores.
What happens is told to a reporter (the job's row for the browser, a progress bar for
the terminal)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import yaml
from sqlalchemy.orm import Session, sessionmaker

from bot.model_files import fingerprint
from bot.settings import PROJECT_ROOT, Settings
from bot.store.model_registry import ModelRegistry
from bot.training.children import ChildFailed, Children
from bot.training.metrics import split_fingerprints
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


class TrainingFailed(RuntimeError):
    """Why the job stopped, in words an admin can act on."""


class Reporter(Protocol):
    def progress(self, snapshot: dict[str, Any]) -> None: ...


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def languages_in(data_dir: Path, languages: tuple[str, ...]) -> tuple[str, ...]:
    """The supported languages the training data has examples for."""
    nlu = data_dir / "nlu"
    return tuple(code for code in languages if (nlu / f"{code}.yml").exists())


def pipeline_size(config: Path) -> int:
    """Components and policies: the steps of the training stage."""
    data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    return len(data.get("pipeline") or []) + len(data.get("policies") or [])


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
        self.children = Children(settings.training_threads)
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

    def _run(
        self, command: list[str], what: str, on_line: Callable[[str], None]
    ) -> None:
        try:
            self.children.run(command, what, on_line)
        except ChildFailed as failed:
            raise TrainingFailed(str(failed)) from None

    # stages
    def validate(self, data: Path) -> None:
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
                "--data", str(data),
                "--domain", str(self.domain),
                "--config", str(self.config),
            ],
            "rasa data validate",
            on_line,
        )  # fmt: skip
        if blocking:
            raise TrainingFailed("rasa data validate:\n" + "\n".join(blocking[:8]))

    def train(self, data: Path, target: Path) -> float:
        """Trains under a name of its own, then moves the model into place whole."""
        self.enter("loading")
        started = self.clock()
        stem = target.name.removesuffix(".tar.gz")
        draft = target.with_name(f"{stem}-draft-{os.getpid()}")  # no dot: Rasa cuts it

        def on_line(line: str) -> None:
            if self.state.read_training_line(line, self.clock()):
                self.tell()

        self._run(
            [
                str(self.settings.rasa_bin), "train", "--skip-validation",
                "--config", str(self.config),
                "--domain", str(self.domain),
                "--data", str(data),
                "--out", str(target.parent),
                "--fixed-model-name", draft.name,
            ],
            "rasa train",
            on_line,
        )  # fmt: skip
        written = draft.with_name(draft.name + ".tar.gz")
        if not written.exists():
            raise TrainingFailed(f"Rasa finished but wrote no model at {written}")
        os.replace(written, target)
        return round(self.clock() - started, 1)

    def evaluate(
        self, model: Path, stage: str, languages: tuple[str, ...]
    ) -> dict[str, Any]:
        """Figures per language, each with the fingerprint of the split it was read on."""
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
        the model's id. Raises TrainingFailed with the reason, or children.Stopped."""
        settings = self.settings
        with tempfile.TemporaryDirectory(prefix="training-data-") as scratch:
            # What is validated is what is trained and fingerprinted, even when an
            # admin labels more examples meanwhile.
            data = Path(scratch) / "data"
            shutil.copytree(settings.data_dir, data)
            languages = languages_in(data, settings.languages)
            if not languages:
                raise TrainingFailed(f"no training data for any language in {data}")
            self.validate(data)
            data_fingerprint = fingerprint(PROJECT_ROOT, data)
            target = settings.models_dir / f"model-{data_fingerprint}.tar.gz"
            settings.models_dir.mkdir(parents=True, exist_ok=True)
            train_seconds: float | None = None
            if target.exists():
                self.enter("training", "this exact data was trained before; reusing it")
            else:
                train_seconds = self.train(data, target)
        candidate = self.evaluate(target, "evaluating_candidate", languages)
        splits = {
            code: str(figures.get("split")) for code, figures in candidate.items()
        }
        with self.sessions() as session:
            live = ModelRegistry(session).live()
            live_id = live.id if live else None
            live_path = Path(live.path) if live else None
            # The live model, on the candidate's languages where it has no figures on
            # exactly the split the candidate was read on.
            stale = live.unmeasured(splits) if live is not None else ()
        live_figures: dict[str, Any] = {}
        if (
            stale
            and live_path is not None
            and live_path != target
            and live_path.exists()
        ):
            live_figures = self.evaluate(live_path, "evaluating_live", stale)
        self.enter("registering")
        with self.sessions() as session, session.begin():
            registry = ModelRegistry(session)
            if live_figures and live_id is not None:
                live_model = registry.get(live_id)
                assert live_model is not None
                live_model.add_figures(live_figures)
            model = registry.ensure(
                target, data_fingerprint, languages, actor, train_seconds, _now()
            )
            model.add_figures(candidate)
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
    """Measures registered models, on their own languages and today's held-out split,
    where figures are missing or were taken on another split (`make evaluate`)."""
    todo: list[tuple[int, Path, tuple[str, ...]]] = []
    with sessions() as session:
        registry = ModelRegistry(session)
        for model_id in model_ids:
            model = registry.get(model_id)
            if model is None or not Path(model.path).exists():
                continue
            splits = split_fingerprints(settings.heldout_dir, tuple(model.languages))
            if stale := model.unmeasured(splits):
                todo.append((model.id, Path(model.path), stale))
    if not todo:
        return
    stages = ["evaluating_candidate", "evaluating_live"][: len(todo)]
    run = TrainingRun(settings, sessions, reporter, plan=stages)
    for (model_id, path, languages), stage in zip(todo, stages, strict=True):
        figures = run.evaluate(path, stage, languages)
        with sessions() as session, session.begin():
            model = ModelRegistry(session).get(model_id)
            assert model is not None
            model.add_figures(figures)
    run.enter("done")
