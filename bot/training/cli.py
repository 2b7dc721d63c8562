"""`make train`, `make evaluate`, `make promote`, `make rollback`, `make models`: the
browser's model work from a terminal, with progress bars.

    python -m bot.training.cli train
    python -m bot.training.cli evaluate [--model ID]
    python -m bot.training.cli promote [--model ID] [--reason TEXT]
    python -m bot.training.cli rollback [--model ID]
    python -m bot.training.cli models
"""

from __future__ import annotations

import argparse
import getpass
import shutil
import sys
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings, load_settings
from bot.store.db import make_engine, make_session_factory
from bot.store.model_registry import JobAlreadyRunning, ModelRegistry
from bot.store.setup import prepare_store
from bot.training.comparison import Comparison
from bot.training.jobs import open_job, run_job
from bot.training.promotion import (
    PromotionRefused,
    RasaUnreachable,
    comparison_with_live,
    load_into_rasa,
    make_live,
)
from bot.training.runner import evaluate_registered


class ProgressBar:
    """One line, redrawn: bar, percentage, stage, step or epoch, time left."""

    def __init__(self, stream: Any = sys.stderr, width: int = 28) -> None:
        self.stream = stream
        self.width = width
        self.stage = ""

    def progress(self, snapshot: dict[str, Any]) -> None:
        fraction = float(snapshot.get("fraction") or 0.0)
        filled = round(self.width * fraction)
        detail = snapshot.get("detail") or ""
        if snapshot.get("steps"):
            detail = f"{snapshot['step']}/{snapshot['steps']} {detail}".strip()
        if snapshot.get("epochs"):
            detail += f" epoch {snapshot['epoch']}/{snapshot['epochs']}"
        left = snapshot.get("seconds_left")
        eta = f" · about {format_seconds(float(left))} left" if left else ""
        line = (
            f"[{'#' * filled}{'.' * (self.width - filled)}] {fraction:4.0%} "
            f"{snapshot.get('stage_label', snapshot.get('stage'))}"
            f"{': ' + detail if detail else ''}{eta}"
        )
        columns = shutil.get_terminal_size((100, 20)).columns
        if self.stage and snapshot.get("stage") != self.stage:
            self.stream.write("\n")
        self.stage = str(snapshot.get("stage"))
        self.stream.write("\r" + line[: columns - 1].ljust(columns - 1))
        if snapshot.get("stage") == "done":
            self.stream.write("\n")
        self.stream.flush()


def format_seconds(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def print_comparison(comparison: Comparison) -> None:
    print(
        f"{'lang':<6}{'accuracy':>20}{'macro-F1':>20}{'language ID':>20}   "
        f"(live → candidate; tolerance {comparison.tolerance:g})"
    )
    for change in comparison.languages:
        cells = []
        for figure in ("accuracy", "macro_f1", "langid"):
            before, after = change.live.get(figure), change.candidate.get(figure)
            if before is None or after is None:
                cells.append(f"{'–':>20}")
                continue
            cells.append(
                f"{before:.3f} → {after:.3f}{'!' if figure in change.worse else ' '}".rjust(
                    20
                )
            )
        print(f"{change.language:<6}{''.join(cells)}")
        for pair, before_n, after_n in change.confusions[:4]:
            print(f"{'':<8}{pair}: {before_n} → {after_n}")
    if comparison.allowed:
        print("No language is worse beyond the tolerance: promotion is allowed.")
    else:
        print(
            "Worse beyond the tolerance in "
            f"{', '.join(comparison.worse_languages)} (marked !): promotion needs "
            "--reason (REASON=... with make)."
        )


def _candidate(registry: ModelRegistry, wanted: int | None) -> int | None:
    if wanted is not None:
        return wanted
    live = registry.live()
    for model in registry.all():
        if live is None or model.id != live.id:
            return model.id
    return None


def train(settings: Settings, sessions: sessionmaker[Session], actor: str) -> int:
    try:
        job_id = open_job(sessions, actor)
    except JobAlreadyRunning:
        print("A training job is already running (see /admin).", file=sys.stderr)
        return 1
    model_id = run_job(settings, sessions, job_id, actor, also=ProgressBar())
    with sessions() as session:
        job = ModelRegistry(session).job(job_id)
        assert job is not None
        if model_id is None:
            print(f"Training failed:\n{job.error}", file=sys.stderr)
            return 1
        model = ModelRegistry(session).get(model_id)
        assert model is not None
        print(f"Model {model.id} ready: {model.name}")
    return show_comparison(settings, sessions, model_id)


def show_comparison(
    settings: Settings, sessions: sessionmaker[Session], model_id: int
) -> int:
    with sessions() as session:
        registry = ModelRegistry(session)
        model = registry.get(model_id)
        if model is None:
            print(f"There is no model {model_id}.", file=sys.stderr)
            return 1
        found, why = comparison_with_live(registry, model, settings.promotion_tolerance)
    if found is None:
        print(f"No comparison for model {model_id}: {why}.")
    else:
        print(f"Model {model_id} against the live model, on the held-out split:")
        print_comparison(found)
    return 0


def evaluate(
    settings: Settings, sessions: sessionmaker[Session], wanted: int | None
) -> int:
    with sessions() as session:
        registry = ModelRegistry(session)
        model_id = _candidate(registry, wanted)
        live = registry.live()
    if model_id is None:
        print("No candidate model: run `make train` first.", file=sys.stderr)
        return 1
    ids = [model_id] + ([live.id] if live is not None and live.id != model_id else [])
    evaluate_registered(settings, sessions, ids, ProgressBar())
    return show_comparison(settings, sessions, model_id)


def promote(
    settings: Settings,
    sessions: sessionmaker[Session],
    actor: str,
    wanted: int | None,
    reason: str | None,
    kind: str = "promote",
    record_only: bool = False,
) -> int:
    with sessions() as session:
        registry = ModelRegistry(session)
        model_id = (
            _candidate(registry, wanted)
            if kind == "promote"
            else (wanted or getattr(registry.previously_live(), "id", None))
        )
    if model_id is None:
        print(f"Nothing to {kind}.", file=sys.stderr)
        return 1
    if kind == "promote":
        show_comparison(settings, sessions, model_id)
    try:
        done = make_live(
            settings, sessions, model_id, actor, kind, reason,
            load=None if record_only else load_into_rasa,
        )  # fmt: skip
    except RasaUnreachable as unreachable:
        print(
            f"Not {kind}d: {unreachable}. If Rasa is stopped on purpose, add "
            "--record-only (RECORD_ONLY=1 with make): it starts with the live model.",
            file=sys.stderr,
        )
        return 1
    except PromotionRefused as refused:
        print(f"Not {kind}d: {refused}.", file=sys.stderr)
        return 1
    where = ", ".join(done.loaded_into) or "the registry only (Rasa loads it at start)"
    verb = "Rolled back to" if kind == "rollback" else "Promoted"
    print(f"{verb} model {done.model_id} ({done.model_name}); loaded into {where}.")
    return 0


def models(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        registry = ModelRegistry(session)
        live = registry.live()
        for model in registry.all():
            f1 = " ".join(
                f"{code} {figures['macro_f1']:.3f}"
                for code, figures in sorted(model.figures.items())
            )
            mark = "*" if live is not None and model.id == live.id else " "
            print(
                f"{mark}{model.id:>4}  {model.created_at:%Y-%m-%d %H:%M}  {model.name}  "
                f"{model.trained_by}  {f1 or 'not evaluated'}"
            )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.training.cli", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("train", help="train, evaluate and register a candidate")
    for name in ("evaluate", "promote", "rollback"):
        command = commands.add_parser(name)
        command.add_argument("--model", type=int, help="model id (see `models`)")
        if name == "promote":
            command.add_argument("--reason", help="needed to override the comparison")
        if name in ("promote", "rollback"):
            command.add_argument(
                "--record-only",
                action="store_true",
                help="Rasa is stopped: record the live model; Rasa loads it at start",
            )
    commands.add_parser("models", help="list the registry; * marks the live model")
    args = parser.parse_args(argv)
    settings = load_settings()
    engine = make_engine(settings.database_url)
    prepare_store(engine)
    sessions = make_session_factory(engine)
    actor = f"cli:{getpass.getuser()}"
    try:
        if args.command == "train":
            return train(settings, sessions, actor)
        if args.command == "evaluate":
            return evaluate(settings, sessions, args.model)
        if args.command == "promote":
            return promote(settings, sessions, actor, args.model, args.reason,
                           record_only=args.record_only)  # fmt: skip
        if args.command == "rollback":
            return promote(settings, sessions, actor, args.model, None, "rollback",
                           record_only=args.record_only)  # fmt: skip
        return models(sessions)
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
