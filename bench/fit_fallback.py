"""Fits the FallbackClassifier threshold for the chosen pipeline on a split of the
TRAINING data (80 % train, 20 % validation, by a stable hash), never on eval/.

Run in Rasa's environment: .venv/rasa/bin/python bench/fit_fallback.py [config]"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

import yaml  # noqa: E402

ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def split(workdir: Path) -> list[tuple[str, str]]:
    """Writes the 80 % part as Rasa NLU files; returns the 20 % as (intent, text)."""
    validation = []
    (workdir / "data").mkdir()
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        blocks = []
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            keep = []
            for line in block["examples"].splitlines():
                example = line.strip().removeprefix("- ").strip()
                if not example:
                    continue
                if int(hashlib.sha256(example.encode()).hexdigest(), 16) % 5 == 0:
                    validation.append((block["intent"], ANNOTATION.sub(r"\1", example)))
                else:
                    keep.append(f"- {example}")
            blocks.append(
                {"intent": block["intent"], "examples": "\n".join(keep) + "\n"}
            )
        (workdir / "data" / path.name).write_text(
            yaml.safe_dump({"version": "3.1", "nlu": blocks}, allow_unicode=True),
            encoding="utf-8",
        )
    return validation


def main() -> int:
    config = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "config.yml"
    logging.disable(logging.WARNING)
    from rasa.core.agent import Agent
    from rasa.core.channels.channel import UserMessage
    from rasa.model_training import train_nlu
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        validation = split(workdir)
        model = train_nlu(
            str(config), str(workdir / "data"), str(workdir), fixed_model_name="fit"
        )
        agent = Agent.load(str(model))
        loop = asyncio.new_event_loop()
        scored = []
        for gold, text in validation:
            parsed = loop.run_until_complete(
                agent.processor.parse_message(UserMessage(text))
            )
            ranking = [
                r
                for r in parsed.get("intent_ranking", [])
                if r["name"] != "nlu_fallback"
            ]
            top = ranking[0] if ranking else {"name": None, "confidence": 0.0}
            scored.append(
                (gold, top["name"], top["confidence"], parsed.get("input_issue"))
            )
    print(f"validation messages: {len(scored)}")
    best = None
    for step in range(5, 60, 5):
        threshold = step / 100
        correct = rejected_in = in_scope = 0
        for gold, name, confidence, issue in scored:
            predicted = "nlu_fallback" if issue or confidence < threshold else name
            if gold == "out_of_scope":
                correct += predicted in ("out_of_scope", "nlu_fallback")
            else:
                in_scope += 1
                correct += predicted == gold
                rejected_in += predicted in ("out_of_scope", "nlu_fallback")
        accuracy = correct / len(scored)
        print(
            f"threshold {threshold:.2f}: accuracy {accuracy:.3f}, in-scope rejected {rejected_in / in_scope:.3f}"
        )
        if best is None or accuracy > best[0]:
            best = (accuracy, threshold)
    assert best is not None
    print(f"best threshold: {best[1]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
