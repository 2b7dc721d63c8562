"""Values put into a reply, worded for one language as read in one market: money, dates,
counts, labels and lists (CLDR via Babel)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from babel.lists import format_list
from babel.numbers import format_decimal

from bot.i18n.formatting import locale_for, long_date, money
from bot.i18n.labels import label


@dataclass(frozen=True)
class Wording:
    language: str
    market: str | None = None

    def money(self, amount: Decimal, currency: str) -> str:
        return money(amount, currency, self.language, self.market)

    def date(self, value: dt.date | dt.datetime) -> str:
        day = value.date() if isinstance(value, dt.datetime) else value
        return long_date(day, self.language, self.market)

    def count(self, value: int) -> str:
        return format_decimal(value, locale=locale_for(self.language, self.market))

    def label(self, group: str, key: str) -> str:
        return label(group, key, self.language)

    def labels(self, group: str, keys: Iterable[str]) -> str:
        """Labels joined the way the language lists things ("A, B and C", "A、B、C")."""
        names = [self.label(group, key) for key in keys]
        if not names:
            return ""
        return format_list(names, locale=locale_for(self.language, self.market))

    def sentences(self, group: str, keys: Iterable[str]) -> str:
        joiner = "" if self.language in ("ja", "zh") else " "
        return joiner.join(self.label(group, key) for key in keys)
