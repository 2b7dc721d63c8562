"""Which language a message is in, robust on short chat text.

Evidence, strongest first: an explicit request ("English please", "中文"); the script
(kana → ja, Han → zh, Cyrillic → ru, Arabic → ar, Hangul → unsupported); a small
lexicon of chat words; langdetect (seeded, restricted to our Latin-script languages).
Identifiers, digits and emoji carry no language.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.text.identifiers import strip_identifiers
from bot.text.scripts import script_counts

ALL_LANGUAGES = ("en", "es", "pt", "fr", "de", "it", "ru", "ar", "ja", "zh")
LATIN_LANGUAGES = ("en", "es", "pt", "fr", "de", "it")
LEXICON_PATH = Path(__file__).resolve().parent / "chat_lexicon.yml"
# Confidence from which a detected language replaces the conversation's.
SWITCH_CONFIDENCE = 0.8

_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


@dataclass(frozen=True)
class LanguageGuess:
    code: str
    confidence: float
    source: str  # "text" | "explicit" | "conversation" | "locale"
    supported: bool

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, dict[str, list[str]]]:
    with LEXICON_PATH.open(encoding="utf-8") as handle:
        data: dict[str, dict[str, list[str]]] = yaml.safe_load(handle)
    return data


@lru_cache(maxsize=1)
def _chat_words() -> dict[str, frozenset[str]]:
    return {
        code: frozenset(w.lower() for w in words)
        for code, words in _lexicon()["chat_words"].items()
    }


@lru_cache(maxsize=1)
def _language_names() -> list[tuple[str, str]]:
    names = [
        (name.lower(), code)
        for code, items in _lexicon()["language_names"].items()
        for name in items
    ]
    return sorted(names, key=lambda pair: -len(pair[0]))


@lru_cache(maxsize=1)
def _neutral_words() -> frozenset[str]:
    return frozenset(w.lower() for w in _lexicon()["neutral_words"])


@lru_cache(maxsize=1)
def _latin_factory() -> Any:
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    profiles = [
        Path(PROFILES_DIRECTORY, code).read_text(encoding="utf-8")
        for code in LATIN_LANGUAGES
    ]
    factory.load_json_profile(profiles)
    factory.set_seed(0)
    return factory


def locale_language(locale: str | None) -> str | None:
    """'de-DE' → 'de'; 'zh_Hans_CN' → 'zh'; unknown → None."""
    if not locale:
        return None
    code = re.split(r"[-_]", locale.strip())[0].lower()
    return code if code in ALL_LANGUAGES else None


def explicit_request(text: str) -> str | None:
    """The language asked for in a short message such as "English please" or "中文"."""
    lowered = text.lower().strip()
    if len(lowered) > 60:
        return None
    for name, code in _language_names():
        if name in lowered:
            rest = lowered.replace(name, " ")
            words = _WORDS.findall(rest)
            cjk_left = sum(1 for c in rest if "\u3040" <= c <= "\u9fff")
            if len(words) <= 5 and cjk_left <= 8:
                return code
    return None


def _latin_guess(words: list[str]) -> tuple[str, float]:
    lowered = [w.lower() for w in words if w.lower() not in _neutral_words()]
    if not lowered:
        return "", 0.0
    hits = {
        code: sum(1 for w in lowered if w in vocab)
        for code, vocab in _chat_words().items()
    }
    best = max(hits, key=lambda code: hits[code])
    if (
        hits[best]
        and hits[best] == len(lowered)
        and list(hits.values()).count(hits[best]) == 1
    ):
        return best, 0.95
    from langdetect.lang_detect_exception import LangDetectException

    detector = _latin_factory().create()
    detector.append(" ".join(lowered)[:500])
    try:
        ranked = detector.get_probabilities()
    except LangDetectException:
        return "", 0.0
    top = ranked[0]
    letters = sum(len(w) for w in lowered)
    return top.lang, float(top.prob) * min(1.0, 0.45 + letters / 25)


def _text_guess(text: str, conversation: str | None) -> tuple[str, float]:
    residual = strip_identifiers(text)[:2000]
    counts = script_counts(residual)
    letters = sum(counts.values())
    if letters == 0:
        return "", 0.0
    weighted = {
        "ja": counts["kana"] * 3 + (counts["han"] * 3 if counts["kana"] else 0),
        "zh": counts["han"] * 3 if not counts["kana"] else 0,
        "ko": counts["hangul"] * 3,
        "ru": counts["cyrillic"],
        "ar": counts["arabic"],
        "latin": counts["latin"],
        "other": counts["other"]
        + counts["greek"]
        + counts["hebrew"]
        + counts["indic"]
        + counts["thai"],
    }
    script = max(weighted, key=lambda key: weighted[key])
    share = weighted[script] / max(1, sum(weighted.values()))
    if script == "zh" and conversation == "ja":
        script = "ja"
    if script in ("ja", "zh", "ru", "ar"):
        return script, round(min(0.99, 0.7 + 0.3 * share) if letters > 1 else 0.85, 3)
    if script in ("ko", "other"):
        return "und", round(0.9 * share, 3)
    code, confidence = _latin_guess(_WORDS.findall(residual))
    return code, round(confidence * share, 3)


def identify(
    text: str,
    supported: tuple[str, ...],
    locale: str | None = None,
    conversation: str | None = None,
    default: str = "en",
) -> LanguageGuess:
    """The message's language; falls back to the conversation, then the locale."""
    asked = explicit_request(text)
    if asked is not None:
        return LanguageGuess(asked, 1.0, "explicit", asked in supported)
    code, confidence = _text_guess(text, conversation)
    if code and code != "und":
        return LanguageGuess(code, confidence, "text", code in supported)
    if code == "und" and confidence >= SWITCH_CONFIDENCE:
        return LanguageGuess("und", confidence, "text", False)
    if conversation in supported:
        return LanguageGuess(str(conversation), 0.0, "conversation", True)
    from_locale = locale_language(locale)
    if from_locale in supported:
        return LanguageGuess(str(from_locale), 0.0, "locale", True)
    return LanguageGuess(default, 0.0, "locale", default in supported)
