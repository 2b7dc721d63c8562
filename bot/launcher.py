"""`make run`: prepare the store and the model, then run Rasa, the action server and
the web app in one terminal until Ctrl-C."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bot.model_files import rasa_env
from bot.policy.loader import PolicyError, load_policy
from bot.settings import PROJECT_ROOT, Settings, dev_secret, load_settings
from bot.store.db import make_engine, make_session_factory
from bot.store.demo_agents import DEMO_TEAM, ensure_demo_team
from bot.store.setup import prepare_store
from bot.training.serving import serving_model


def _endpoints_env(
    settings: Settings, base: dict[str, str]
) -> tuple[Path, dict[str, str]]:
    """The endpoints file and its variables for the embedded default or for scale."""
    env = {"ACTION_SERVER_URL": settings.action_server_url}
    tracker_url = base.get("TRACKER_URL")
    if tracker_url:
        env |= {
            "TRACKER_URL": tracker_url,
            "TRACKER_DB": base.get("TRACKER_DB", "rasa"),
            "REDIS_HOST": base.get("REDIS_HOST", "127.0.0.1"),
            "REDIS_PORT": base.get("REDIS_PORT", "6379"),
        }
        return PROJECT_ROOT / "endpoints.scale.yml", env
    env["TRACKER_DB"] = str(settings.tracker_db_path)
    return PROJECT_ROOT / "endpoints.yml", env


Command = tuple[list[str], dict[str, str]]


def commands(
    settings: Settings,
    model: Path,
    rasa_bin: Path,
    python: Path,
    base_env: dict[str, str] | None = None,
) -> dict[str, Command]:
    """The three processes and their environments (``base_env`` defaults to ours)."""
    base = dict(os.environ if base_env is None else base_env)
    endpoints, endpoint_env = _endpoints_env(settings, base)
    rasa = [
        str(rasa_bin), "run",
        "--model", str(model),
        "--enable-api", f"--auth-token={settings.rasa_api_token}",  # may start with -
        "--endpoints", str(endpoints),
        "--credentials", str(PROJECT_ROOT / "credentials.yml"),
        "--interface", settings.bind_host,
        "--port", str(settings.rasa_port),
        "--cors", f"http://localhost:{settings.web_port}",
        f"http://127.0.0.1:{settings.web_port}",
    ]  # fmt: skip
    actions = [
        str(python),
        "-m",
        "rasa_sdk",
        "--actions",
        "actions",
        "--port",
        str(settings.action_port),
    ]
    web = [
        str(python), "-m", "uvicorn", "bot.web.app:create_app", "--factory",
        "--host", settings.bind_host, "--port", str(settings.web_port),
    ]  # fmt: skip
    app_env = base | {
        "PYTHONPATH": str(PROJECT_ROOT),
        "RASA_API_TOKEN": settings.rasa_api_token,
        "SERVICE_TOKEN": settings.service_token,
        "WEB_URL": f"http://127.0.0.1:{settings.web_port}",
        "RASA_BIN": str(rasa_bin.absolute()),  # the web app's training jobs run it
    }
    return {
        "actions": (
            actions,
            app_env | {"SANIC_HOST": "127.0.0.1", "ACTION_SERVER_SANIC_WORKERS": "1"},
        ),
        "rasa": (rasa, rasa_env(endpoint_env, base)),
        "web": (web, app_env),
    }


def wait_for(
    url: str, seconds: float, processes: dict[str, subprocess.Popen[bytes]]
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for name, process in processes.items():
            if process.poll() is not None:
                raise SystemExit(
                    f"{name} stopped during start-up (exit {process.returncode})"
                )
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def stop(processes: dict[str, subprocess.Popen[bytes]]) -> None:
    for process in processes.values():
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + 15
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--rasa-bin", type=Path, default=PROJECT_ROOT / ".venv/rasa/bin/rasa"
    )
    parser.add_argument("--python", type=Path, default=Path(sys.executable))
    parser.add_argument(
        "--prepare-only", action="store_true", help="store and model only"
    )
    args = parser.parse_args(argv)

    settings = dataclasses.replace(load_settings(), rasa_bin=args.rasa_bin.absolute())
    try:
        policy = load_policy(settings.policy_path)
    except PolicyError as error:
        print(f"Cannot start: {error}", file=sys.stderr, flush=True)
        return 2
    print(f"Policy ready: {len(policy.markets)} markets", flush=True)
    engine = make_engine(settings.database_url)
    now = dt.datetime.now(dt.timezone.utc)
    loaded = prepare_store(engine, now)
    print("Store ready" + (" (demo data loaded)" if loaded else ""), flush=True)
    sessions = make_session_factory(engine)
    team_password = None
    if settings.environment == "development":
        team_password = dev_secret(settings.var_dir, "demo_agent_password")
        ensure_demo_team(sessions, team_password, now)
    model = serving_model(settings, sessions)
    engine.dispose()
    if args.prepare_only:
        return 0

    processes: dict[str, subprocess.Popen[bytes]] = {}
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        for name, (command, env) in commands(
            settings, model, args.rasa_bin, args.python
        ).items():
            processes[name] = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env)
        wait_for(f"http://127.0.0.1:{settings.action_port}/health", 60, processes)
        wait_for(f"http://127.0.0.1:{settings.web_port}/healthz", 60, processes)
        wait_for(f"http://127.0.0.1:{settings.rasa_port}/", 240, processes)
        print(
            "\nThe assistant is running:\n"
            f"  storefront chat   http://localhost:{settings.web_port}/\n"
            f"  agent console     http://localhost:{settings.web_port}/console\n"
            f"  admin dashboard   http://localhost:{settings.web_port}/admin\n"
            f"  Rasa REST channel http://localhost:{settings.rasa_port}/webhooks/rest/webhook\n"
            f"  Rasa HTTP API     http://localhost:{settings.rasa_port}/ (token in RASA_API_TOKEN"
            f" or var/dev_secrets.json)\n"
            f"  action server     http://127.0.0.1:{settings.action_port}/health (loopback only)\n"
            f"Support hours: {settings.support_hours} ({settings.support_timezone})\n"
            "Press Ctrl-C to stop everything.\n",
            flush=True,
        )
        if team_password:
            print(
                "Demo team (password in var/dev_secrets.json: demo_agent_password = "
                f"{team_password}): "
                + ", ".join(f"{u} ({'/'.join(langs)})" for u, _, _, langs in DEMO_TEAM),
                flush=True,
            )
        while all(p.poll() is None for p in processes.values()):
            time.sleep(0.5)
        stopped = [name for name, p in processes.items() if p.poll() is not None]
        print(f"{', '.join(stopped)} stopped; shutting down the rest.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping...", flush=True)
        return 0
    finally:
        stop(processes)
        print("Stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
