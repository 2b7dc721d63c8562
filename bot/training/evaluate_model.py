"""Runs one trained model over the held-out split and prints its figures (Rasa's
environment): JSON lines, ``{"done": k, "total": n}`` while parsing, then
``{"figures": {language: {...}}}``.

    python -m bot.training.evaluate_model MODEL --heldout eval/heldout --languages es,en
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from pathlib import Path

from bot.training.metrics import (
    Prediction,
    detected_language,
    heldout_examples,
    language_figures,
    split_fingerprint,
)

PROGRESS_EVERY = 20


def _emit(payload: dict[str, object]) -> None:
    print(json.dumps(payload, ensure_ascii=False), flush=True)


def evaluate(model: Path, heldout_dir: Path, languages: tuple[str, ...]) -> int:
    logging.disable(logging.WARNING)
    from rasa.core.agent import Agent
    from rasa.core.channels.channel import UserMessage
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    examples = heldout_examples(heldout_dir, languages)
    total = sum(len(rows) for rows in examples.values())
    _emit({"done": 0, "total": total})
    agent = Agent.load(str(model))
    assert agent.processor is not None
    loop = asyncio.new_event_loop()
    predictions: list[Prediction] = []
    for language, rows in examples.items():
        for gold, text in rows:
            parsed = loop.run_until_complete(
                agent.processor.parse_message(UserMessage(text))
            )
            predictions.append(
                Prediction(
                    language=language,
                    gold=gold,
                    predicted=(parsed.get("intent") or {}).get("name")
                    or "nlu_fallback",
                    detected=detected_language(parsed),
                )
            )
            if len(predictions) % PROGRESS_EVERY == 0:
                _emit({"done": len(predictions), "total": total})
    if total % PROGRESS_EVERY:
        _emit({"done": total, "total": total})
    splits = {language: split_fingerprint(rows) for language, rows in examples.items()}
    _emit({"figures": language_figures(predictions, splits)})
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("model", type=Path)
    parser.add_argument("--heldout", type=Path, required=True)
    parser.add_argument("--languages", required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    languages = tuple(code for code in args.languages.split(",") if code)
    return evaluate(args.model, args.heldout, languages)


if __name__ == "__main__":
    sys.exit(main())
