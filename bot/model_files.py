"""Trained models are named by a fingerprint of everything training reads, so a
model is retrained exactly when the data, the config or the NLU code changed."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

from bot.settings import PROJECT_ROOT

TRAINING_INPUTS = (
    "config.yml",
    "domain.yml",
    "data",
    "bot/nlu",
    "bot/text",
    "requirements/rasa.txt",
)
_SUFFIXES = {".yml", ".yaml", ".py", ".txt"}


def training_files(
    root: Path = PROJECT_ROOT, data_dir: Path | None = None
) -> list[Path]:
    """What training reads; ``data_dir`` replaces the project's data/ (DATA_DIR)."""
    files: list[Path] = []
    for entry in TRAINING_INPUTS:
        path = (data_dir or root / entry) if entry == "data" else root / entry
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix in _SUFFIXES
                and "__pycache__" not in p.parts
            )
    return files


def fingerprint(root: Path = PROJECT_ROOT, data_dir: Path | None = None) -> str:
    data = data_dir or root / "data"
    digest = hashlib.sha256()
    for path in training_files(root, data):
        name = (
            Path("data") / path.relative_to(data)
            if path.is_relative_to(data)
            else path.relative_to(root)
        )
        digest.update(str(name).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def model_path(
    models_dir: Path, root: Path = PROJECT_ROOT, data_dir: Path | None = None
) -> Path:
    return models_dir / f"model-{fingerprint(root, data_dir)}.tar.gz"


def rasa_env(
    extra: dict[str, str] | None = None, base: dict[str, str] | None = None
) -> dict[str, str]:
    """Environment for Rasa's processes: our components importable, no telemetry."""
    env = dict(os.environ if base is None else base)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p
    )
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    env.update(extra or {})
    return env


def ensure_model(
    rasa_bin: Path,
    models_dir: Path,
    root: Path = PROJECT_ROOT,
    data_dir: Path | None = None,
) -> Path:
    """The model for the current data, trained now if none matches its fingerprint."""
    data = data_dir or root / "data"
    target = model_path(models_dir, root, data)
    if target.exists():
        print(f"Model up to date: {target.name}", flush=True)
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    print(
        f"Training the model ({target.name}); this takes about a minute...", flush=True
    )
    started = time.monotonic()
    subprocess.run(
        [
            str(rasa_bin), "train",
            "--config", str(root / "config.yml"),
            "--domain", str(root / "domain.yml"),
            "--data", str(data),
            "--out", str(models_dir),
            "--fixed-model-name", target.name.removesuffix(".tar.gz"),
        ],
        cwd=root,
        env=rasa_env(),
        check=True,
    )  # fmt: skip
    print(f"Trained in {time.monotonic() - started:.0f} s: {target}", file=sys.stderr)
    return target
