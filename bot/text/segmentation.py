"""One segmentation for every script: jieba for Chinese, script runs for Japanese,
words between spaces and punctuation otherwise. Identifiers stay whole."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.text.identifiers import find_identifiers
from bot.text.language_id import find_language_names
from bot.text.scripts import script_of

# Letters and digits with inner apostrophes/hyphens, or a single CJK/kana character.
_WORD = re.compile(r"[^\W_]+(?:['’\-_][^\W_]+)*|_+[^\W_]+\w*", re.UNICODE)
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d]+", re.UNICODE
)


class ChineseSegmenter:
    """A private jieba tokenizer, so added words never leak into another instance."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        import jieba

        jieba.setLogLevel(60)
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        for word in words:
            if word.strip():
                self._jieba.add_word(word.strip())

    def cut(self, text: str) -> list[str]:
        return [piece for piece in self._jieba.cut(text, HMM=True) if piece.strip()]


def _japanese_runs(text: str) -> list[str]:
    """Split at script changes: kanji, hiragana, katakana, latin (a sensible baseline)."""
    runs: list[str] = []
    previous: str | None = None
    for char in text:
        code = ord(char)
        kind = (
            "hiragana"
            if 0x3040 <= code <= 0x309F
            else "katakana"
            if 0x30A0 <= code <= 0x30FF or code == 0x30FC
            else script_of(char) or "other"
        )
        if runs and kind == previous:
            runs[-1] += char
        else:
            runs.append(char)
        previous = kind
    return runs


def _cjk_pieces(
    chunk: str, language: str | None, chinese: ChineseSegmenter | None
) -> list[str]:
    if language == "ja" or any(script_of(c) == "kana" for c in chunk):
        return _japanese_runs(chunk)
    if chinese is None:
        return list(chunk)
    return chinese.cut(chunk)


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """Identifiers and language names: each stays one token whatever the script."""
    spans = [(ident.start, ident.end) for ident in find_identifiers(text)]
    for start, end, _ in find_language_names(text):
        if not any(s < end and start < e for s, e in spans):
            spans.append((start, end))
    return sorted(spans)


def segment(
    text: str, language: str | None = None, chinese: ChineseSegmenter | None = None
) -> list[tuple[str, int]]:
    """Tokens as (text, start offset) pairs, in order."""
    tokens: list[tuple[str, int]] = []
    cursor = 0
    for start, end in _protected_spans(text):
        tokens += _plain(text[cursor:start], cursor, language, chinese)
        tokens.append((text[start:end], start))
        cursor = end
    tokens += _plain(text[cursor:], cursor, language, chinese)
    return tokens


def _plain(
    text: str, offset: int, language: str | None, chinese: ChineseSegmenter | None
) -> list[tuple[str, int]]:
    tokens: list[tuple[str, int]] = []
    for match in re.finditer(_WORD.pattern + "|" + _EMOJI.pattern, text):
        word, start = match.group(0), match.start()
        if not any(script_of(c) in ("han", "kana") for c in word):
            tokens.append((word, offset + start))
            continue
        # Split the word into CJK and non-CJK stretches, then segment the CJK ones.
        for stretch in re.finditer(
            r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+|[^\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+",
            word,
        ):
            piece_start = offset + start + stretch.start()
            chunk = stretch.group(0)
            if not any(script_of(c) in ("han", "kana") for c in chunk):
                tokens.append((chunk, piece_start))
                continue
            position = 0
            for piece in _cjk_pieces(chunk, language, chinese):
                found = chunk.find(piece, position)
                tokens.append((piece, piece_start + found))
                position = found + len(piece)
    return tokens


def token_texts(tokens: list[tuple[str, int]]) -> list[str]:
    return [text for text, _ in tokens]


__all__ = ["ChineseSegmenter", "segment", "token_texts"]
