"""Looks up the label catalog (labels.yml) for a language."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

LABELS_PATH = Path(__file__).resolve().parent / "labels.yml"


@lru_cache(maxsize=1)
def load_labels() -> dict[str, dict[str, dict[str, str]]]:
    with LABELS_PATH.open(encoding="utf-8") as handle:
        data: dict[str, dict[str, dict[str, str]]] = yaml.safe_load(handle)
    return data


def label(group: str, key: str, language: str, fallback_language: str = "en") -> str:
    entries = load_labels()[group][key]
    return entries.get(language) or entries[fallback_language]
