"""New training examples from the admin's review, written in Rasa's usual format to one
file per language (data/nlu/review/<lang>.yml), which training reads with the rest.

An example never carries personal data (no e-mail, no long number), never repeats the
held-out test set (evaluation must stay honest) and is added once."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.text.identifiers import mask_personal

REVIEW_FOLDER = Path("nlu") / "review"
MAX_EXAMPLE_CHARS = 500
_ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]+\)")


class ExampleRefused(ValueError):
    """Why an example can't be added, in a sentence for the admin."""


def _plain(text: str) -> str:
    return _ANNOTATION.sub(r"\1", text).strip().casefold()


def examples_in(path: Path) -> dict[str, list[str]]:
    """intent → examples of one Rasa NLU file (empty when it does not exist)."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found: dict[str, list[str]] = {}
    for block in data.get("nlu") or []:
        if "intent" in block and "examples" in block:
            lines = [line.strip() for line in str(block["examples"]).splitlines()]
            found.setdefault(block["intent"], []).extend(
                line[2:].strip() for line in lines if line.startswith("- ")
            )
    return found


def _render(by_intent: dict[str, list[str]]) -> str:
    lines = [
        "# Examples added from the admin's review of what the assistant misunderstood.",
        'version: "3.1"',
        "nlu:",
    ]
    for intent in sorted(by_intent):
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {example}" for example in by_intent[intent]]
    return "\n".join(lines) + "\n"


class TrainingExamples:
    def __init__(
        self, data_dir: Path, heldout_dir: Path, intents: tuple[str, ...]
    ) -> None:
        self.data_dir = data_dir
        self.heldout_dir = heldout_dir
        self.intents = intents

    def review_file(self, language: str) -> Path:
        return self.data_dir / REVIEW_FOLDER / f"{language}.yml"

    def _known(self, folder: Path, language: str) -> set[str]:
        return {
            _plain(example)
            for examples in examples_in(folder / f"{language}.yml").values()
            for example in examples
        }

    def add(self, language: str, intent: str, examples: list[str]) -> tuple[Path, int]:
        """Adds the new ones; returns the file and how many were new."""
        if intent not in self.intents:
            raise ExampleRefused(f"unknown intent {intent!r}")
        cleaned = [" ".join(e.split()) for e in examples if e and e.strip()]
        if not cleaned:
            raise ExampleRefused("no example given")
        for example in cleaned:
            if len(example) > MAX_EXAMPLE_CHARS:
                raise ExampleRefused("an example is too long (500 characters at most)")
            if "<e-mail>" in example or "####" in example:
                raise ExampleRefused(
                    "rewrite the masked parts (<e-mail>, ####) in your own words"
                )
            if mask_personal(example) != example:
                raise ExampleRefused(
                    "remove personal data (e-mails, order or phone numbers) first"
                )
            if example.startswith(("-", "#", "{", "[")) or ":" == example[-1:]:
                raise ExampleRefused(f"rephrase {example!r}: it reads as YAML syntax")
        heldout = self._known(self.heldout_dir, language)
        if any(_plain(e) in heldout for e in cleaned):
            raise ExampleRefused(
                "this message is in the held-out test set, which training never sees"
            )
        known = self._known(self.data_dir / "nlu", language) | self._known(
            self.data_dir / REVIEW_FOLDER, language
        )
        path = self.review_file(language)
        by_intent = examples_in(path)
        added = 0
        for example in cleaned:
            if _plain(example) in known:
                continue
            by_intent.setdefault(intent, []).append(example)
            known.add(_plain(example))
            added += 1
        if added:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_render(by_intent), encoding="utf-8")
        return path, added
