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
from bot.text.scripts import script_counts, script_of

ALL_LANGUAGES = ("en", "es", "pt", "fr", "de", "it", "ru", "ar", "ja", "zh")
LATIN_LANGUAGES = ("en", "es", "pt", "fr", "de", "it")
LEXICON_PATH = Path(__file__).resolve().parent / "chat_lexicon.yml"
# Confidence from which a detection counts: it replaces the conversation's language, or
# (for a language we do not speak) gets the "unsupported language" reply.
SWITCH_CONFIDENCE = 0.8

_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


@dataclass(frozen=True)
class LanguageGuess:
    code: str
    confidence: float
    source: str  # "text" | "explicit" | "conversation" | "locale"
    supported: bool
    # What to answer in when the message itself does not decide: the conversation's
    # language, else the storefront locale's, else the default.
    prior: str = "en"

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


# Confidence from which a Latin-script message of 3+ words counts as another language.
FOREIGN_CONFIDENCE = 0.7


@lru_cache(maxsize=1)
def _lingua_all_latin() -> Any:
    """lingua over every Latin-script language it knows: only to notice messages in a
    language we do not speak (Dutch, Polish, Turkish, ...)."""
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages_with_latin_script().build()


def warm_up() -> None:
    """Load every model now (at start-up), not on the first shopper's message."""
    _lingua_latin().compute_language_confidence_values("warm up")
    _lingua_all_latin().compute_language_confidence_values("warm up the models")
    _latin_factory()


def _foreign_latin(words: list[str]) -> float:
    """Confidence that a Latin-script message of 3+ words is in none of our languages."""
    if len(words) < 3:
        return 0.0
    values = _lingua_all_latin().compute_language_confidence_values(
        " ".join(words)[:500]
    )
    top = values[0]
    code = top.language.iso_code_639_1.name.lower()
    return 0.0 if code in ALL_LANGUAGES else float(top.value)


def locale_language(locale: str | None) -> str | None:
    """'de-DE' → 'de'; 'zh_Hans_CN' → 'zh'; unknown → None."""
    if not locale:
        return None
    code = re.split(r"[-_]", locale.strip())[0].lower()
    return code if code in ALL_LANGUAGES else None


def find_language_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, code) of each language name in the text, longest names first."""
    lowered = text.lower()
    found: list[tuple[int, int, str]] = []
    for name, code in _language_names():
        start = lowered.find(name)
        while start != -1:
            end = start + len(name)
            before = lowered[start - 1] if start else " "
            after = lowered[end] if end < len(lowered) else " "
            whole = not (before.isalpha() and before.isascii()) and not (
                after.isalpha() and after.isascii()
            )
            if whole and not any(s < end and start < e for s, e, _ in found):
                found.append((start, end, code))
            start = lowered.find(name, end)
    return sorted(found)


@lru_cache(maxsize=1)
def _request_words() -> tuple[frozenset[str], frozenset[str]]:
    """(words, CJK characters) that may surround a language name in a switch request."""
    table: dict[str, object] = dict(_lexicon()["language_request_words"])
    words = frozenset(
        str(w).lower()
        for items in table.values()
        if isinstance(items, list)
        for w in items
    )
    characters = frozenset(
        "".join(items for items in table.values() if isinstance(items, str))
    )
    return words, characters


def explicit_request(text: str) -> str | None:
    """The language asked for in a message such as "English please" or "请用中文".

    Explicit only when the message names one language and every other word is a word of
    asking (please, speak, in, 可以吗...): "I ordered a German shepherd toy" is not a
    request, "¿puedes hablar español?" is.
    """
    lowered = text.lower().strip()
    if len(lowered) > 80:
        return None
    found = find_language_names(lowered)
    if len({code for _, _, code in found}) != 1:
        return None
    rest = lowered
    for start, end, _ in reversed(found):
        rest = rest[:start] + " " + rest[end:]
    request_words, request_characters = _request_words()
    neutral = _neutral_words()
    for word in _WORDS.findall(rest):
        if any(script_of(c) in ("kana", "han") for c in word):
            if any(c not in request_characters for c in word):
                return None
        elif word not in request_words and word not in neutral:
            return None
    return found[0][2]


# Weights of the three Latin-script signals, fitted on the training data (data/nlu) by
# bench/fit_langid.py, never on the evaluation sets.
W_LEXICON = 0.5
W_LINGUA = 0.45
W_LANGDETECT = 0.05


@lru_cache(maxsize=1)
def _lingua_latin() -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in LATIN_LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def _lexicon_share(words: list[str]) -> dict[str, float]:
    """Per language, the share of words that are its chat words (shared words split)."""
    vocab = _chat_words()
    share = dict.fromkeys(LATIN_LANGUAGES, 0.0)
    for word in words:
        owners = [code for code in LATIN_LANGUAGES if word in vocab.get(code, ())]
        for code in owners:
            share[code] += 1 / len(owners)
    return {code: value / len(words) for code, value in share.items()}


def _lingua_confidences(text: str) -> dict[str, float]:
    values = _lingua_latin().compute_language_confidence_values(text)
    return {v.language.iso_code_639_1.name.lower(): float(v.value) for v in values}


def _langdetect_probabilities(text: str) -> dict[str, float]:
    from langdetect.lang_detect_exception import LangDetectException

    detector = _latin_factory().create()
    detector.append(text)
    try:
        return {p.lang: float(p.prob) for p in detector.get_probabilities()}
    except LangDetectException:
        return {}


def combine_scores(
    lexicon: dict[str, float],
    lingua: dict[str, float],
    langdetect: dict[str, float],
    weights: tuple[float, float, float] = (W_LEXICON, W_LINGUA, W_LANGDETECT),
) -> dict[str, float]:
    """The weighted evidence per Latin-script language (weights fitted, see above)."""
    w_lexicon, w_lingua, w_langdetect = weights
    return {
        code: w_lexicon * lexicon.get(code, 0.0)
        + w_lingua * lingua.get(code, 0.0)
        + w_langdetect * langdetect.get(code, 0.0)
        for code in LATIN_LANGUAGES
    }


def latin_scores(words: list[str]) -> dict[str, float]:
    """Combined evidence per Latin-script language, summing to at most 1."""
    lowered = [w.lower() for w in words if w.lower() not in _neutral_words()]
    if not lowered:
        return {}
    text = " ".join(lowered)[:500]
    return combine_scores(
        _lexicon_share(lowered),
        _lingua_confidences(text),
        _langdetect_probabilities(text),
    )


# Combined score from which a Latin-script guess is fully trusted (fitted with LEAD_WEIGHT
# by bench/fit_langid.py on the training data and synthetic gibberish): a chat word the
# lexicon knows, or lingua being sure of a whole sentence, reaches it; gibberish does not.
FULL_EVIDENCE = 0.55
# How much the winner's lead over the runner-up counts (fitted with FULL_EVIDENCE).
LEAD_WEIGHT = 0.0


def latin_confidence(
    top: float,
    second: float,
    full_evidence: float = FULL_EVIDENCE,
    lead_weight: float = LEAD_WEIGHT,
) -> float:
    """Absolute evidence for the winner, tempered by its lead over the runner-up."""
    if top <= 0:
        return 0.0
    evidence = min(1.0, top / full_evidence)
    return evidence * (1 - lead_weight + lead_weight * (top - second) / top)


def _latin_guess(words: list[str]) -> tuple[str, float]:
    scores = latin_scores(words)
    if not scores:
        return "", 0.0
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top <= 0:
        return "", 0.0
    return best, latin_confidence(top, second)


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
    words = _WORDS.findall(residual)
    foreign = _foreign_latin(words)
    if foreign >= FOREIGN_CONFIDENCE:
        return "und", round(foreign * share, 3)
    code, confidence = _latin_guess(words)
    return code, round(confidence * share, 3)


def identify(
    text: str,
    supported: tuple[str, ...],
    locale: str | None = None,
    conversation: str | None = None,
    default: str = "en",
) -> LanguageGuess:
    """The message's language; falls back to the conversation, then the locale."""
    from_locale = locale_language(locale)
    if conversation in supported:
        prior, prior_source = str(conversation), "conversation"
    elif from_locale in supported:
        prior, prior_source = str(from_locale), "locale"
    else:
        prior, prior_source = default, "locale"
    asked = explicit_request(text)
    if asked is not None:
        return LanguageGuess(asked, 1.0, "explicit", asked in supported, prior)
    code, confidence = _text_guess(text, conversation)
    if code and code != "und":
        return LanguageGuess(code, confidence, "text", code in supported, prior)
    if code == "und" and confidence >= SWITCH_CONFIDENCE:
        return LanguageGuess("und", confidence, "text", False, prior)
    return LanguageGuess(prior, 0.0, prior_source, prior in supported, prior)
