"""Countries the shop sells to, spotted by name in any supported language ("envío a
México", "寄到美国", "доставка в Германию"): the value is the market code."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from bot.text.scripts import script_of

MARKET_NAMES_PATH = Path(__file__).resolve().parent / "market_names.yml"
_UNSPACED = ("han", "kana")  # names matched inside words: no spaces in these scripts


@lru_cache(maxsize=1)
def _market_names() -> tuple[tuple[str, str, bool], ...]:
    """(name, market, needs word boundaries), longest names first."""
    with MARKET_NAMES_PATH.open(encoding="utf-8") as handle:
        table: dict[str, dict[str, list[str]]] = yaml.safe_load(handle)
    names = {
        str(name).lower(): market
        for market, by_language in table.items()
        for spellings in by_language.values()
        for name in spellings
    }
    return tuple(
        sorted(
            (
                (name, market, not any(script_of(ch) in _UNSPACED for ch in name))
                for name, market in names.items()
            ),
            key=lambda entry: -len(entry[0]),
        )
    )


def find_market_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, market) of each country name in the text, longest names first."""
    lowered = text.lower()
    found: list[tuple[int, int, str]] = []
    for name, market, bounded in _market_names():
        start = lowered.find(name)
        while start != -1:
            end = start + len(name)
            before = lowered[start - 1] if start else " "
            after = lowered[end] if end < len(lowered) else " "
            whole = not bounded or not (before.isalnum() or after.isalnum())
            if whole and not any(s < end and start < e for s, e, _ in found):
                found.append((start, end, market))
            start = lowered.find(name, end)
    return sorted(found)
