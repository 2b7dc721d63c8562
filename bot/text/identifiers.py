"""Order numbers, e-mails, postcodes and URLs: tokens that belong to no language."""

from __future__ import annotations

import re
from dataclasses import dataclass

EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'，。]+", re.IGNORECASE)
# Nine digits, first not zero; '#' in front and 3-3-3 grouping by space or dash allowed.
ORDER_NUMBER = re.compile(
    r"(?<![\d\-])#?\s?([1-9]\d{2})[ \-]?(\d{3})[ \-]?(\d{3})(?![\d\-])"
)
POSTCODES = (
    re.compile(
        r"(?<![A-Za-z0-9])[A-Za-z]{1,2}\d[A-Za-z\d]?\s?\d[A-Za-z]{2}(?![A-Za-z0-9])"
    ),  # UK
    re.compile(r"(?<![\d\-])\d{3}-\d{4}(?![\d\-])"),  # JP
    re.compile(r"(?<![\d\-])\d{5}-\d{3}(?![\d\-])"),  # BR
    re.compile(r"(?<![\d\-])\d{5}-\d{4}(?![\d\-])"),  # US ZIP+4
    re.compile(
        r"(?<![\d\-])\d{4,6}(?![\d\-])"
    ),  # US, EU, MX (5), CN, RU (6), others (4)
)
# For masking, anything around an "@" counts: an e-mail typed loosely is still one.
_LOOSE_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
_LONG_NUMBER = re.compile(r"\d{4,}")


def mask_personal(text: str) -> str:
    """E-mails and long numbers (orders, phones, postcodes) hidden, for logs, the
    review inbox and reports: they never leave the store."""
    masked = _LOOSE_EMAIL.sub("<e-mail>", text)
    return _LONG_NUMBER.sub(lambda m: "#" * len(m.group()), masked)


@dataclass(frozen=True)
class Identifier:
    kind: str  # "order_number" | "email" | "postcode" | "url"
    start: int
    end: int
    text: str
    value: str


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def find_identifiers(text: str) -> list[Identifier]:
    """Every identifier in ``text``, left to right, longest kinds first, no overlaps."""
    found: list[Identifier] = []
    taken: list[tuple[int, int]] = []

    def claim(
        kind: str, match: re.Match[str], value: str, start: int | None = None
    ) -> None:
        span = (match.start() if start is None else start, match.end())
        if not _overlaps(span, taken):
            taken.append(span)
            found.append(
                Identifier(kind, span[0], span[1], text[span[0] : span[1]], value)
            )

    for match in URL.finditer(text):
        claim("url", match, match.group(0))
    for match in EMAIL.finditer(text):
        claim("email", match, match.group(0).lower())
    for match in ORDER_NUMBER.finditer(text):
        # The span starts at the first digit: '#' and a space before it are not the number.
        claim("order_number", match, "".join(match.groups()), start=match.start(1))
    for pattern in POSTCODES:
        for match in pattern.finditer(text):
            value = re.sub(r"\s", "", match.group(0)).upper()
            if value.isdigit() and len(value) == 4 and 1900 <= int(value) <= 2100:
                continue  # a year, not a postcode
            claim("postcode", match, match.group(0).upper())
    return sorted(found, key=lambda ident: ident.start)


def strip_identifiers(text: str) -> str:
    """The text with identifiers blanked out (for language detection)."""
    pieces, cursor = [], 0
    for ident in find_identifiers(text):
        pieces.append(text[cursor : ident.start])
        pieces.append(" ")
        cursor = ident.end
    pieces.append(text[cursor:])
    return "".join(pieces)
