"""Reply latency through Rasa's REST channel: a full tracking turn (NLU, language,
verification against the store, status reply) against a trivial greeting turn.

Starts the real servers on free ports with a private demo store, drives N
conversations (greeting, then order number + e-mail in one message) with a few
concurrent clients, and prints percentiles, their ratio and messages per second.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.store.db import make_engine, make_session_factory  # noqa: E402
from bot.store.seed import export_demo  # noqa: E402
from tests.support.stack import Stack, running_stack  # noqa: E402


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def turn_rows(timings: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """Percentiles and mean per kind of turn, in milliseconds."""
    return {
        kind: {
            "n": len(values),
            "p50_ms": round(percentile(values, 50), 1),
            "p95_ms": round(percentile(values, 95), 1),
            "p99_ms": round(percentile(values, 99), 1),
            "mean_ms": round(statistics.fmean(values), 1),
        }
        for kind, values in timings.items()
    }


async def conversation(
    client: httpx.AsyncClient,
    stack: Stack,
    index: int,
    order: dict[str, object],
    timings: dict[str, list[float]],
) -> None:
    sender = f"bench-{index}"
    locale = "zh-CN" if order["language"] == "zh" else "en-US"
    greeting = "你好" if locale == "zh-CN" else "hello"
    tracking = (
        f"订单{order['number']} 邮箱{order['email']}"
        if locale == "zh-CN"
        else f"where is order {order['number']}? my e-mail is {order['email']}"
    )
    for kind, text in (("greeting", greeting), ("tracking", tracking)):
        started = time.perf_counter()
        response = await client.post(
            f"{stack.rasa}/webhooks/rest/webhook",
            json={"sender": sender, "message": text, "metadata": {"locale": locale}},
        )
        elapsed = (time.perf_counter() - started) * 1000
        response.raise_for_status()
        replies = " ".join(m.get("text", "") for m in response.json())
        if kind == "tracking" and str(order["number"]) not in replies:
            raise RuntimeError(
                f"tracking turn did not answer about the order: {replies!r}"
            )
        timings[kind].append(elapsed)


async def drive(
    stack: Stack, orders: list[dict[str, object]], count: int, concurrency: int
) -> tuple[dict[str, list[float]], float]:
    timings: dict[str, list[float]] = {"greeting": [], "tracking": []}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(count):
        queue.put_nowait(index)

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            index = queue.get_nowait()
            await conversation(
                client, stack, index, orders[index % len(orders)], timings
            )

    async with httpx.AsyncClient(timeout=60) as client:
        await conversation(
            client, stack, -1, orders[0], {"greeting": [], "tracking": []}
        )  # warm-up
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return timings, wall


def demo_orders(stack: Stack, languages: tuple[str, ...]) -> list[dict[str, object]]:
    """The running stack's demo orders in these languages that can still be tracked."""
    demo = export_demo(
        make_session_factory(make_engine(stack.settings.database_url)),
        stack.now.date(),
    )
    return [
        o
        for o in demo["orders"]
        if o["language"] in languages and o["status"] != "cancelled"
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="bench-") as workdir,
        running_stack(Path(workdir)) as stack,
    ):
        orders = demo_orders(stack, ("en", "zh"))
        timings, wall = asyncio.run(
            drive(stack, orders, args.conversations, args.concurrency)
        )
    rows = turn_rows(timings)
    messages = sum(len(v) for v in timings.values())
    print(
        f"bench/latency.py: {args.conversations} conversations, {args.concurrency} concurrent clients, REST channel"
    )
    print(
        f"{'turn':<10}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'mean ms':>10}"
    )
    for kind, row in rows.items():
        print(
            f"{kind:<10}{row['n']:>6}{row['p50_ms']:>10}{row['p95_ms']:>10}{row['p99_ms']:>10}{row['mean_ms']:>10}"
        )
    ratio = {
        p: round(rows["tracking"][p] / rows["greeting"][p], 2)
        for p in ("p50_ms", "p95_ms", "p99_ms")
    }
    print(
        f"tracking/greeting ratio: p50 {ratio['p50_ms']}  p95 {ratio['p95_ms']}  p99 {ratio['p99_ms']}"
    )
    print(
        f"throughput: {messages / wall:.1f} messages/s ({messages} messages in {wall:.1f} s)"
    )
    print(
        json.dumps(
            {
                "turns": rows,
                "ratio": ratio,
                "messages_per_second": round(messages / wall, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
