"""Fits the weights of the Latin-script signals in bot.text.language_id on the TRAINING
data (data/nlu/<lang>.yml), never on an evaluation set, and prints how precise the
detector is above the conversation-switch confidence.

Run: .venv/app/bin/python bench/fit_langid.py (then copy the weights it prints)."""

from __future__ import annotations

import itertools
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.text import language_id as lid  # noqa: E402
from bot.text.identifiers import strip_identifiers  # noqa: E402

ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def training_messages() -> list[tuple[str, str]]:
    messages = []
    for language in lid.LATIN_LANGUAGES:
        path = ROOT / "data" / "nlu" / f"{language}.yml"
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            for line in block.get("examples", "").splitlines():
                text = ANNOTATION.sub(r"\1", line.strip().removeprefix("- ").strip())
                if text:
                    messages.append((language, text))
    return messages


def main() -> int:
    rows = []
    for language, text in training_messages():
        words = [
            w.lower()
            for w in lid._WORDS.findall(strip_identifiers(text))
            if w.lower() not in lid._neutral_words()
        ]
        if not words:
            continue
        joined = " ".join(words)
        rows.append(
            (
                language,
                lid._lexicon_share(words),
                lid._lingua_confidences(joined),
                lid._langdetect_probabilities(joined),
            )
        )
    print(f"{len(rows)} training messages with Latin words")
    best = None
    steps = [i / 20 for i in range(21)]
    for w_lex, w_lin in itertools.product(steps, steps):
        w_ld = round(1 - w_lex - w_lin, 2)
        if w_ld < 0:
            continue
        correct = 0
        for language, lex, lin, ld in rows:
            scores = {
                c: w_lex * lex[c] + w_lin * lin.get(c, 0) + w_ld * ld.get(c, 0)
                for c in lid.LATIN_LANGUAGES
            }
            correct += max(scores, key=scores.__getitem__) == language
        if best is None or correct > best[0]:
            best = (correct, w_lex, w_lin, w_ld)
    assert best is not None
    correct, w_lex, w_lin, w_ld = best
    print(f"best weights: lexicon {w_lex}, lingua {w_lin}, langdetect {w_ld}")
    print(f"training accuracy {100 * correct / len(rows):.2f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
