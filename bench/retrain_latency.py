"""Reply latency of the live bot while a model trains beside it (issue 7: the retrain
path must not block the live bot).

Starts the real servers with the full model, measures a baseline of tracking and
greeting turns, then adds a reviewed example and runs a training job (the same path as
the browser's Train button: validate, train, evaluate both models, register) while the
same conversations keep coming, and prints both sets of percentiles and throughput."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.latency import demo_orders, drive, turn_rows  # noqa: E402
from bot.model_files import ensure_model  # noqa: E402
from bot.settings import PROJECT_ROOT  # noqa: E402
from tests.support.stack import DEFAULT_RASA_BIN, Stack, running_stack  # noqa: E402


def summary(timings: dict[str, list[float]], wall: float) -> dict[str, object]:
    rows: dict[str, object] = dict(turn_rows(timings))
    rows["messages_per_second"] = round(sum(map(len, timings.values())) / wall, 1)
    return rows


def training_process(stack: Stack, rasa_bin: Path) -> subprocess.Popen[bytes]:
    settings = stack.settings
    env = dict(os.environ) | {
        "PYTHONPATH": str(PROJECT_ROOT),
        "VAR_DIR": str(settings.var_dir),
        "DATABASE_URL": settings.database_url,
        "MODELS_DIR": str(settings.models_dir),
        "DATA_DIR": str(settings.data_dir),
        "RASA_BIN": str(rasa_bin),
        "RASA_API_TOKEN": settings.rasa_api_token,
        "SERVICE_TOKEN": settings.service_token,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot.training.cli", "train"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def during(
    stack: Stack,
    orders: list[dict[str, object]],
    process: subprocess.Popen[bytes],
    batch: int,
    concurrency: int,
) -> tuple[dict[str, list[float]], float]:
    timings: dict[str, list[float]] = {"greeting": [], "tracking": []}
    started = time.perf_counter()
    while process.poll() is None:
        batch_timings, _ = await drive(stack, orders, batch, concurrency)
        for kind, values in batch_timings.items():
            timings[kind] += values
    return timings, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", type=int, default=100, help="conversations")
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    rasa_bin = Path(os.environ.get("RASA_BIN", DEFAULT_RASA_BIN)).absolute()
    live = ensure_model(rasa_bin, PROJECT_ROOT / "models")
    with tempfile.TemporaryDirectory(prefix="bench-retrain-") as workdir:
        models = Path(workdir) / "models"
        models.mkdir()
        shutil.copy(live, models / live.name)  # the live model, without retraining it
        with running_stack(
            Path(workdir), rasa_bin, {"MODELS_DIR": str(models)}
        ) as stack:
            orders = demo_orders(stack, ("en", "zh"))
            idle_timings, idle_wall = asyncio.run(
                drive(stack, orders, args.baseline, args.concurrency)
            )
            review = stack.settings.data_dir / "nlu" / "review"
            review.mkdir(parents=True, exist_ok=True)
            (review / "es.yml").write_text(
                'version: "3.1"\nnlu:\n- intent: delivery_delay\n  examples: |\n'
                "    - el repartidor nunca vino\n",
                encoding="utf-8",
            )
            started = time.perf_counter()
            process = training_process(stack, rasa_bin)
            busy_timings, busy_wall = asyncio.run(
                during(stack, orders, process, args.batch, args.concurrency)
            )
            training_seconds = time.perf_counter() - started
            if process.returncode != 0:
                raise SystemExit(f"the training job failed (exit {process.returncode})")
    idle, busy = summary(idle_timings, idle_wall), summary(busy_timings, busy_wall)
    print(
        f"bench/retrain_latency.py: REST channel, {args.concurrency} concurrent clients;"
        f" training job took {training_seconds:.0f} s (validate, train, evaluate both)"
    )
    print(f"{'':<18}{'turn':<10}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
    for label, rows in (("idle", idle), ("while training", busy)):
        for kind in ("greeting", "tracking"):
            row = rows[kind]
            assert isinstance(row, dict)
            print(
                f"{label:<18}{kind:<10}{row['n']:>6}{row['p50_ms']:>10}"
                f"{row['p95_ms']:>10}{row['p99_ms']:>10}"
            )
        print(f"{label:<18}throughput {rows['messages_per_second']} messages/s")
    print(json.dumps({"idle": idle, "while_training": busy,
                      "training_seconds": round(training_seconds, 1)}))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
