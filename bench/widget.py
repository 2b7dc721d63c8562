"""Widget round trip against direct Rasa REST, side by side in one run.

The widget path is what a shopper's browser does: a WebSocket to the web app, which
stores the message, forwards it to Rasa, stores the answers (with what Rasa understood)
and pushes them back. The direct path posts the same turn to Rasa's REST channel. Both
drive N conversations (greeting, then order number + e-mail) with a few concurrent
clients; every tracking answer is checked to name the order.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.latency import demo_orders, percentile  # noqa: E402
from tests.support.stack import Stack, running_stack  # noqa: E402


def turns(order: dict[str, object]) -> list[tuple[str, str]]:
    return [
        ("greeting", "hello"),
        (
            "tracking",
            f"where is order {order['number']}? my e-mail is {order['email']}",
        ),
    ]


async def widget_conversation(
    stack: Stack, order: dict[str, object], timings: dict[str, list[float]]
) -> None:
    url = stack.web.replace("http://", "ws://") + "/ws/widget"
    async with websockets.connect(url, max_size=2**22) as socket:
        hello = {
            "type": "hello",
            "conversation_id": uuid.uuid4().hex,
            "locale": "en-US",
        }
        await socket.send(json.dumps(hello | {"after": 0}))
        for _ in range(3):  # welcome, history, state
            await socket.recv()
        for kind, text in turns(order):
            client_id = uuid.uuid4().hex
            started = time.perf_counter()
            await socket.send(
                json.dumps({"type": "message", "client_id": client_id, "text": text})
            )
            answers: list[str] = []
            while True:
                frame = json.loads(await socket.recv())
                if frame["type"] == "message" and frame["message"]["sender"] == "bot":
                    answers.append(frame["message"]["text"])
                if frame["type"] == "typing" and not frame["on"]:
                    break  # the bot's turn is over: every answer has been pushed
            timings[f"widget {kind}"].append((time.perf_counter() - started) * 1000)
            if kind == "tracking" and str(order["number"]) not in " ".join(answers):
                raise RuntimeError(
                    f"widget tracking answer without the order: {answers}"
                )


async def rest_conversation(
    client: httpx.AsyncClient,
    stack: Stack,
    order: dict[str, object],
    timings: dict[str, list[float]],
) -> None:
    sender = uuid.uuid4().hex
    for kind, text in turns(order):
        started = time.perf_counter()
        response = await client.post(
            f"{stack.rasa}/webhooks/rest/webhook",
            json={"sender": sender, "message": text, "metadata": {"locale": "en-US"}},
        )
        response.raise_for_status()
        timings[f"rest {kind}"].append((time.perf_counter() - started) * 1000)
        answers = " ".join(m.get("text", "") for m in response.json())
        if kind == "tracking" and str(order["number"]) not in answers:
            raise RuntimeError(f"REST tracking answer without the order: {answers}")


async def drive(
    stack: Stack, orders: list[dict[str, object]], count: int, concurrency: int
) -> tuple[dict[str, list[float]], dict[str, float]]:
    timings: dict[str, list[float]] = {
        f"{path} {kind}": []
        for path in ("rest", "widget")
        for kind in ("greeting", "tracking")
    }
    walls: dict[str, float] = {}
    async with httpx.AsyncClient(timeout=60) as client:
        for path in ("rest", "widget"):
            queue: asyncio.Queue[int] = asyncio.Queue()
            for index in range(count):
                queue.put_nowait(index)

            async def worker(
                path: str = path, queue: asyncio.Queue[int] = queue
            ) -> None:
                while not queue.empty():
                    order = orders[queue.get_nowait() % len(orders)]
                    if path == "rest":
                        await rest_conversation(client, stack, order, timings)
                    else:
                        await widget_conversation(stack, order, timings)

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(concurrency)))
            walls[path] = time.perf_counter() - started
    return timings, walls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="bench-widget-") as workdir,
        # every simulated shopper comes from this one address
        running_stack(
            Path(workdir), extra_env={"ADDRESS_MESSAGES_PER_SECOND": "1000"}
        ) as stack,
    ):
        orders = demo_orders(stack, ("en",))
        asyncio.run(drive(stack, orders, 4, 2))  # warm-up
        timings, walls = asyncio.run(
            drive(stack, orders, args.conversations, args.concurrency)
        )
    print(
        f"bench/widget.py: {args.conversations} conversations per path, "
        f"{args.concurrency} concurrent clients"
    )
    print(f"{'path + turn':<18}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
    rows = {}
    for name, values in timings.items():
        rows[name] = {p: round(percentile(values, p), 1) for p in (50, 95, 99)}
        print(
            f"{name:<18}{len(values):>6}{rows[name][50]:>10}{rows[name][95]:>10}"
            f"{rows[name][99]:>10}"
        )
    for kind in ("greeting", "tracking"):
        overhead = rows[f"widget {kind}"][50] - rows[f"rest {kind}"][50]
        print(f"widget overhead at p50, {kind}: {overhead:+.1f} ms")
    throughput = {
        path: round(2 * args.conversations / wall, 1) for path, wall in walls.items()
    }
    print(f"throughput (messages/s): {throughput}")
    print(json.dumps({"turns": rows, "messages_per_second": throughput}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
