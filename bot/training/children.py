"""Rasa's commands as child processes of a training job: at the lowest priority, on few
threads, read line by line (progress bars included), stoppable from another thread."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
from collections import deque
from collections.abc import Callable, Iterator

from bot.model_files import rasa_env
from bot.settings import PROJECT_ROOT

_NOISE = re.compile(r"Warning|warn\(|^\s*$|^\s+\S.*\)$|^\[0m")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class ChildFailed(RuntimeError):
    """A child stopped with an error; the message is what it said about it."""


class Stopped(RuntimeError):
    """The job was stopped (by an admin, or because it lost its running slot)."""


def at_lowest_priority(command: list[str]) -> list[str]:
    """The command under nice 19 and, where util-linux has it, Linux's idle scheduling
    class: it runs only on CPU time the live bot leaves unused."""
    prefix = ["nice", "-n", "19"]
    if shutil.which("chrt"):
        prefix = ["chrt", "--idle", "0", *prefix]
    return [*prefix, *command]


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


class Children:
    """Runs one child at a time; ``stop`` (any thread) ends the current one and every
    later ``run`` raises Stopped."""

    def __init__(self, threads: int) -> None:
        self.threads = str(max(1, threads))
        self._current: subprocess.Popen[bytes] | None = None
        self._stopped = threading.Event()
        self._lock = threading.Lock()

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def stop(self) -> None:
        self._stopped.set()
        with self._lock:
            process = self._current
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)

    def env(self) -> dict[str, str]:
        return rasa_env(
            {
                "OMP_NUM_THREADS": self.threads,
                "OPENBLAS_NUM_THREADS": self.threads,
                "MKL_NUM_THREADS": self.threads,
                "TF_NUM_INTRAOP_THREADS": self.threads,
                "TF_NUM_INTEROP_THREADS": "1",
                "TF_CPP_MIN_LOG_LEVEL": "3",
            }
        )

    def run(
        self, command: list[str], what: str, on_line: Callable[[str], None]
    ) -> None:
        if self.stopped:
            raise Stopped("the job was stopped")
        recent: deque[str] = deque(maxlen=60)
        process = subprocess.Popen(
            at_lowest_priority(command),
            cwd=PROJECT_ROOT,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # stop() ends Rasa and whatever it started
        )
        with self._lock:
            self._current = process
        try:
            for line in output_lines(process):
                recent.append(line)
                on_line(line)
        finally:
            code = process.wait()
            with self._lock:
                self._current = None
        if self.stopped:
            raise Stopped("the job was stopped")
        if code != 0:
            raise ChildFailed(
                failure_reason(recent, f"{what} stopped with exit code {code}")
            )
