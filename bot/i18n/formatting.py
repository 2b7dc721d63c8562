"""Dates, money and numbers formatted for the shopper's locale, by Babel (CLDR)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_timezone
from babel.numbers import format_currency

# The region used when a language is spoken with no market of its own in Babel.
_DEFAULT_REGION = {
    "en": "US", "es": "ES", "pt": "BR", "fr": "FR", "de": "DE", "it": "IT",
    "ru": "RU", "ar": "AE", "ja": "JP", "zh": "CN",
}  # fmt: skip

# Where a market's shoppers read the clock (one zone per market is enough for replies).
MARKET_TIMEZONES = {
    "US": "America/New_York", "UK": "Europe/London", "DE": "Europe/Berlin",
    "FR": "Europe/Paris", "ES": "Europe/Madrid", "IT": "Europe/Rome",
    "BR": "America/Sao_Paulo", "MX": "America/Mexico_City", "JP": "Asia/Tokyo",
    "CN": "Asia/Shanghai", "AE": "Asia/Dubai", "RU": "Europe/Moscow",
}  # fmt: skip


@lru_cache(maxsize=256)
def locale_for(language: str, market: str | None = None) -> Locale:
    """The CLDR locale for a language as spoken in a market (en + DE → en_DE)."""
    candidates = []
    if market:
        candidates.append(f"{language}_{market.upper()}")
    candidates.append(f"{language}_{_DEFAULT_REGION.get(language, 'US')}")
    candidates.append(language)
    for candidate in candidates:
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en_US")


def long_date(value: dt.date, language: str, market: str | None = None) -> str:
    return format_date(value, format="long", locale=locale_for(language, market))


def date_time(value: dt.datetime, language: str, market: str | None = None) -> str:
    """Medium date and short time in the market's zone, joined by the locale's pattern."""
    locale = locale_for(language, market)
    zone = get_timezone(MARKET_TIMEZONES.get(market or "", "UTC"))
    local = value.astimezone(zone)
    glue = str(locale.datetime_formats["medium"]).replace("'", "")
    return (
        glue.replace("{1}", format_date(local.date(), "medium", locale=locale))
        .replace("{0}", format_time(local, "short", tzinfo=zone, locale=locale))
        .strip()
    )


def money(
    amount: Decimal, currency: str, language: str, market: str | None = None
) -> str:
    return format_currency(amount, currency, locale=locale_for(language, market))
