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
            scores = lid.combine_scores(lex, lin, ld, (w_lex, w_lin, w_ld))
            correct += max(scores, key=scores.__getitem__) == language
        if best is None or correct > best[0]:
            best = (correct, w_lex, w_lin, w_ld)
    assert best is not None
    correct, w_lex, w_lin, w_ld = best
    print(f"best weights: lexicon {w_lex}, lingua {w_lin}, langdetect {w_ld}")
    print(f"training accuracy {100 * correct / len(rows):.2f}%")
    calibrate(rows, w_lex, w_lin, w_ld)
    return 0


def gibberish(count: int) -> list[list[str]]:
    """Keyboard mash: random letter strings, the input a switch must never follow."""
    import random

    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [
        [
            "".join(rng.choice(letters) for _ in range(rng.randint(3, 9)))
            for _ in range(rng.randint(1, 4))
        ]
        for _ in range(count)
    ]


def calibrate(rows, w_lex: float, w_lin: float, w_ld: float) -> None:  # type: ignore[no-untyped-def]
    """Fits FULL_EVIDENCE and LEAD_WEIGHT: as many confident correct guesses as possible,
    at most 3 % confident wrong ones (the training data has English "hi", "ok", "bye"
    in every language), at most 5 % of gibberish confident."""

    def scored(lex, lin, ld):  # type: ignore[no-untyped-def]
        scores = lid.combine_scores(lex, lin, ld, (w_lex, w_lin, w_ld))
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        return ranked[0][0], ranked[0][1], ranked[1][1]

    train = [(language, *scored(lex, lin, ld)) for language, lex, lin, ld in rows]
    noise = []
    for words in gibberish(500):
        joined = " ".join(words)
        noise.append(
            scored(
                lid._lexicon_share(words),
                lid._lingua_confidences(joined),
                lid._langdetect_probabilities(joined),
            )
        )
    best = None
    for full in [x / 100 for x in range(10, 65, 5)]:
        for lead_weight in (0.0, 0.25, 0.5, 0.75):
            sure = [
                (lang, guess)
                for lang, guess, top, second in train
                if lid.latin_confidence(top, second, full, lead_weight)
                >= lid.SWITCH_CONFIDENCE
            ]
            right = sum(lang == guess for lang, guess in sure) / len(train)
            wrong = sum(lang != guess for lang, guess in sure) / len(train)
            noisy = sum(
                lid.latin_confidence(top, second, full, lead_weight)
                >= lid.SWITCH_CONFIDENCE
                for _, top, second in noise
            ) / len(noise)
            if wrong <= 0.03 and noisy <= 0.05 and (best is None or right > best[0]):
                best = (right, wrong, noisy, full, lead_weight)
    if best is None:
        print("no calibration meets the limits")
        return
    right, wrong, noisy, full, lead_weight = best
    print(
        f"calibration: FULL_EVIDENCE {full}, LEAD_WEIGHT {lead_weight}: confident and right "
        f"{right:.3f}, confident and wrong {wrong:.3f}, gibberish confident {noisy:.3f}"
    )


if __name__ == "__main__":
    sys.exit(main())
