"""Intent and language quality of a model on the held-out split, per language.

Pure: the predictions come from whoever ran the model (Rasa's environment); this module
only reads the split and turns predictions into figures. Used by the model registry,
the CLI and `make eval`."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)")
WORD_SOURCES = ("text", "explicit")  # lang-ID is judged only where the text had words


@dataclass(frozen=True)
class Prediction:
    language: str  # the split's language
    gold: str
    predicted: str
    detected: str | None  # language detected from the words; None for neutral text


def heldout_examples(
    heldout_dir: Path, languages: tuple[str, ...]
) -> dict[str, list[tuple[str, str]]]:
    """language → (intent, text) of the held-out split, for the languages that have one."""
    found: dict[str, list[tuple[str, str]]] = {}
    for language in languages:
        path = heldout_dir / f"{language}.yml"
        if not path.exists():
            continue
        rows = []
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            for line in str(block["examples"]).splitlines():
                text = ANNOTATION.sub(r"\1", line.strip().removeprefix("- ").strip())
                if text:
                    rows.append((str(block["intent"]), text))
        found[language] = rows
    return found


def split_fingerprint(rows: list[tuple[str, str]]) -> str:
    """Of one language's held-out examples: figures are compared only on equal splits."""
    digest = hashlib.sha256()
    for intent, text in rows:
        digest.update(f"{intent}\0{text}\0".encode())
    return digest.hexdigest()[:16]


def split_fingerprints(heldout_dir: Path, languages: tuple[str, ...]) -> dict[str, str]:
    return {
        language: split_fingerprint(rows)
        for language, rows in heldout_examples(heldout_dir, languages).items()
    }


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    """Mean F1 over the gold labels present (a label never predicted right scores 0)."""
    labels = sorted({gold for gold, _ in pairs})
    scores = []
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(
            2 * precision * recall / (precision + recall) if precision + recall else 0.0
        )
    return sum(scores) / len(scores) if scores else 0.0


def confusion_key(gold: str, predicted: str) -> str:
    return f"{gold}→{predicted}"


def language_figures(
    predictions: list[Prediction], splits: dict[str, str] | None = None
) -> dict[str, dict[str, Any]]:
    """language → n, accuracy, macro_f1, langid (None without worded messages),
    confusions ("gold→predicted": count, mistakes only) and the split's fingerprint."""
    by_language: dict[str, list[Prediction]] = {}
    for prediction in predictions:
        by_language.setdefault(prediction.language, []).append(prediction)
    figures: dict[str, dict[str, Any]] = {}
    for language, rows in sorted(by_language.items()):
        pairs = [(p.gold, p.predicted) for p in rows]
        worded = [p for p in rows if p.detected is not None]
        confusions = Counter(confusion_key(g, p) for g, p in pairs if g != p)
        figures[language] = {
            "n": len(rows),
            "accuracy": round(sum(g == p for g, p in pairs) / len(rows), 4),
            "macro_f1": round(macro_f1(pairs), 4),
            "langid": (
                round(sum(p.detected == language for p in worded) / len(worded), 4)
                if worded
                else None
            ),
            "confusions": dict(sorted(confusions.items())),
            "split": (splits or {}).get(language),
        }
    return figures


def detected_language(parsed: dict[str, Any]) -> str | None:
    """The language our detector read from the words of a parse result, if it did."""
    detected = parsed.get("language") or {}
    if detected.get("source") in WORD_SOURCES:
        code = detected.get("code")
        return str(code) if code else None
    return None
