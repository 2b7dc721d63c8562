"""A candidate model against the live one, language by language, on the same held-out
split; promotion is allowed only when no language gets worse beyond the tolerance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

GATED_FIGURES = ("accuracy", "macro_f1", "langid")


@dataclass(frozen=True)
class LanguageChange:
    language: str
    n: int  # held-out messages of the language
    live: dict[str, float | None]
    candidate: dict[str, float | None]
    worse: tuple[str, ...]  # figures that dropped beyond the tolerance
    confusions: tuple[tuple[str, int, int], ...]  # (gold→predicted, live, candidate)

    def delta(self, figure: str) -> float | None:
        before, after = self.live.get(figure), self.candidate.get(figure)
        if before is None or after is None:
            return None
        return round(after - before, 4)


@dataclass(frozen=True)
class Comparison:
    tolerance: float
    languages: tuple[LanguageChange, ...]
    missing: tuple[str, ...] = field(default=())  # evaluated live, not on the candidate
    unmatched: tuple[str, ...] = field(default=())  # measured on different splits

    @property
    def worse_languages(self) -> tuple[str, ...]:
        worse = tuple(c.language for c in self.languages if c.worse)
        return worse + self.missing + self.unmatched

    @property
    def allowed(self) -> bool:
        return not self.worse_languages

    def as_json(self) -> dict[str, Any]:
        return {
            "tolerance": self.tolerance,
            "allowed": self.allowed,
            "worse_languages": list(self.worse_languages),
            "missing_languages": list(self.missing),
            "unmatched_languages": list(self.unmatched),
            "languages": [
                {
                    "language": c.language,
                    "n": c.n,
                    "live": c.live,
                    "candidate": c.candidate,
                    "delta": {f: c.delta(f) for f in GATED_FIGURES},
                    "worse": list(c.worse),
                    "confusions": [
                        {"pair": pair, "live": before, "candidate": after}
                        for pair, before, after in c.confusions
                    ],
                }
                for c in self.languages
            ],
        }


def _changed_confusions(
    live: dict[str, int], candidate: dict[str, int]
) -> tuple[tuple[str, int, int], ...]:
    pairs = sorted(set(live) | set(candidate))
    changed = [
        (pair, live.get(pair, 0), candidate.get(pair, 0))
        for pair in pairs
        if live.get(pair, 0) != candidate.get(pair, 0)
    ]
    return tuple(sorted(changed, key=lambda c: (-abs(c[2] - c[1]), c[0])))


def compare(
    live: dict[str, dict[str, Any]],
    candidate: dict[str, dict[str, Any]],
    tolerance: float,
) -> Comparison:
    """Per-language figures of both models (``metrics.language_figures``). A language
    the live model was measured on and the candidate was not, or measured on another
    split, counts as worse: nothing shows it did not get worse."""
    changes, unmatched = [], []
    for language in sorted(candidate):
        after = candidate[language]
        before = live.get(language)
        if before is not None and before.get("split") != after.get("split"):
            unmatched.append(language)
            continue
        before = before or {}
        worse = tuple(
            figure
            for figure in GATED_FIGURES
            if before.get(figure) is not None
            and (
                after.get(figure) is None
                or round(after[figure] - before[figure], 6) < -tolerance
            )
        )
        changes.append(
            LanguageChange(
                language=language,
                n=int(after.get("n") or 0),
                live={f: before.get(f) for f in GATED_FIGURES},
                candidate={f: after.get(f) for f in GATED_FIGURES},
                worse=worse,
                confusions=_changed_confusions(
                    before.get("confusions") or {}, after.get("confusions") or {}
                ),
            )
        )
    return Comparison(
        tolerance=tolerance,
        languages=tuple(changes),
        missing=tuple(sorted(set(live) - set(candidate))),
        unmatched=tuple(unmatched),
    )
