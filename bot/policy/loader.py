"""Load policies.yml: defaults deep-merged into every market, validated by the schema.

A bad file raises PolicyError with one line naming the file and the key."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.policy.schema import MarketPolicy, PolicyFile


class PolicyError(Exception):
    """policies.yml is missing, unreadable or breaks the schema."""


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _first_error(error: ValidationError) -> str:
    detail = error.errors()[0]
    where = ".".join(str(part) for part in detail["loc"])
    return f"{where}: {detail['msg']}"


class Policy:
    """The validated policy, one MarketPolicy per market."""

    def __init__(self, markets: Mapping[str, MarketPolicy]) -> None:
        self._markets = dict(markets)

    @property
    def markets(self) -> tuple[str, ...]:
        return tuple(self._markets)

    def for_market(self, market: str) -> MarketPolicy:
        try:
            return self._markets[market]
        except KeyError:
            raise PolicyError(f"no policy for market {market!r}") from None

    def has_market(self, market: str) -> bool:
        return market in self._markets


def parse_policy(raw: object, source: str = "policies.yml") -> Policy:
    if not isinstance(raw, Mapping):
        raise PolicyError(f"{source}: expected a mapping at the top level")
    unknown = set(raw) - {"version", "defaults", "markets"}
    if unknown:
        raise PolicyError(f"{source}: {sorted(unknown)[0]}: unknown top-level key")
    defaults = raw.get("defaults") or {}
    markets = raw.get("markets") or {}
    if not isinstance(defaults, Mapping) or not isinstance(markets, Mapping):
        raise PolicyError(f"{source}: defaults and markets must be mappings")
    merged = {
        str(code): _merge(defaults, {"market": str(code), **(block or {})})
        for code, block in markets.items()
    }
    try:
        parsed = PolicyFile.model_validate(
            {"version": raw.get("version"), "markets": merged}
        )
    except ValidationError as error:
        raise PolicyError(f"{source}: {_first_error(error)}") from None
    return Policy(parsed.markets)


def load_policy(path: Path) -> Policy:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise PolicyError(f"{path}: not valid YAML{line}") from None
    return parse_policy(raw, str(path.name))
