"""`make run`'s launcher: store and model prepared, three servers up, Ctrl-C stops all."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bot.settings import PROJECT_ROOT
from tests.support.postgres import free_port
from tests.support.stack import DEFAULT_RASA_BIN


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_launcher_starts_everything_and_ctrl_c_stops_it(tmp_path):
    ports = {
        "RASA_PORT": free_port(),
        "ACTION_PORT": free_port(),
        "WEB_PORT": free_port(),
    }
    env = dict(os.environ) | {k: str(v) for k, v in ports.items()}
    env |= {"VAR_DIR": str(tmp_path / "var"), "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    env.pop("RASA_API_TOKEN", None)
    rasa_bin = Path(os.environ.get("RASA_BIN", DEFAULT_RASA_BIN))
    log = tmp_path / "launcher.log"
    with log.open("wb") as out:
        launcher = subprocess.Popen(
            [sys.executable, "-m", "bot.launcher", "--rasa-bin", str(rasa_bin)],
            cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 400
        while "Press Ctrl-C" not in log.read_text(errors="replace"):
            assert launcher.poll() is None, log.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "launcher did not come up"
            time.sleep(1)
        text = log.read_text(errors="replace")
        assert f"http://localhost:{ports['WEB_PORT']}/" in text
        assert "demo data loaded" in text
        assert (tmp_path / "var" / "store.db").exists()
        assert (tmp_path / "var" / "dev_secrets.json").exists()  # generated API token
        page = httpx.get(f"http://127.0.0.1:{ports['WEB_PORT']}/", timeout=10)
        assert page.status_code == 200
        reply = httpx.post(
            f"http://127.0.0.1:{ports['RASA_PORT']}/webhooks/rest/webhook",
            json={"sender": "launcher-test", "message": "hello"},
            timeout=30,
        )
        assert reply.json() and "Hello" in reply.json()[0]["text"]
    finally:
        os.killpg(
            launcher.pid, signal.SIGINT
        )  # what Ctrl-C sends to the terminal's group
        code = launcher.wait(timeout=60)
    assert code == 0
    assert "Stopped." in log.read_text(errors="replace")
    time.sleep(1)
    assert not any(port_open(port) for port in ports.values())
