"""Runs the real three servers on free ports with a private store, for tests and bench."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bot.launcher import commands, stop, wait_for
from bot.settings import PROJECT_ROOT, Settings, load_settings
from bot.store.db import make_engine, make_session_factory
from bot.store.setup import prepare_store
from bot.training.serving import serving_model
from tests.support.postgres import free_port

DEFAULT_RASA_BIN = PROJECT_ROOT / ".venv" / "rasa" / "bin" / "rasa"


@dataclass
class Stack:
    settings: Settings
    logs: dict[str, Path]
    now: dt.datetime

    @property
    def rasa(self) -> str:
        return f"http://127.0.0.1:{self.settings.rasa_port}"

    @property
    def web(self) -> str:
        return f"http://127.0.0.1:{self.settings.web_port}"

    def say(self, sender: str, text: str, locale: str | None = None) -> list[str]:
        body = {
            "sender": sender,
            "message": text,
            "metadata": {"locale": locale} if locale else {},
        }
        response = httpx.post(
            f"{self.rasa}/webhooks/rest/webhook", json=body, timeout=60
        )
        response.raise_for_status()
        return [m["text"] for m in response.json() if "text" in m]

    def log_text(self) -> str:
        return "".join(p.read_text(errors="replace") for p in self.logs.values())


@contextmanager
def running_stack(
    workdir: Path, rasa_bin: Path | None = None, extra_env: dict[str, str] | None = None
) -> Iterator[Stack]:
    rasa_bin = rasa_bin or Path(os.environ.get("RASA_BIN", DEFAULT_RASA_BIN))
    env = (
        dict(os.environ)
        | {
            "VAR_DIR": str(workdir / "var"),
            "DATABASE_URL": f"sqlite:///{workdir / 'var' / 'store.db'}",
            "RASA_PORT": str(free_port()),
            "ACTION_PORT": str(free_port()),
            "WEB_PORT": str(free_port()),
            "RASA_API_TOKEN": "integration-test-token-" + "x" * 20,
            "SERVICE_TOKEN": "integration-service-token-" + "y" * 20,
            "SUPPORT_HOURS": "always",
            "DATA_DIR": str(workdir / "data"),  # examples added by tests stay here
        }
        | dict(extra_env or {})
    )
    env.pop("DATABASE_URL_POSTGRES", None)
    env.setdefault("MODELS_DIR", str(PROJECT_ROOT / "models"))  # shared across tests
    settings = dataclasses.replace(load_settings(env), rasa_bin=rasa_bin.absolute())
    if not (settings.data_dir / "nlu").exists():  # the project's data, to add to
        shutil.copytree(PROJECT_ROOT / "data", settings.data_dir, dirs_exist_ok=True)
    now = dt.datetime.now(dt.timezone.utc)
    engine = make_engine(settings.database_url)
    prepare_store(engine, now)
    model = serving_model(settings, make_session_factory(engine))
    engine.dispose()
    processes: dict[str, subprocess.Popen[bytes]] = {}
    logs: dict[str, Path] = {}
    try:
        for name, (command, child_env) in commands(
            settings, model, rasa_bin, Path(sys.executable), env
        ).items():
            logs[name] = workdir / f"{name}.log"
            with logs[name].open("wb") as log:
                processes[name] = subprocess.Popen(
                    command,
                    cwd=PROJECT_ROOT,
                    env=child_env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
        wait_for(f"http://127.0.0.1:{settings.action_port}/health", 60, processes)
        wait_for(f"http://127.0.0.1:{settings.web_port}/healthz", 60, processes)
        wait_for(f"http://127.0.0.1:{settings.rasa_port}/", 300, processes)
        yield Stack(settings, logs, now)
    finally:
        stop(processes)
