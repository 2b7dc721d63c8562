"""The web app's own words to shoppers (widget, queue, survey) and agents' canned
replies, one text per supported language (widget_texts.yml)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from bot.services.satisfaction import SCALE

TEXTS_PATH = Path(__file__).resolve().parent / "widget_texts.yml"

# The storefront locale offered for each language, and the language's own name.
LOCALES: dict[str, tuple[str, str]] = {
    "en": ("en-US", "English"),
    "es": ("es-ES", "Español"),
    "pt": ("pt-BR", "Português"),
    "fr": ("fr-FR", "Français"),
    "de": ("de-DE", "Deutsch"),
    "it": ("it-IT", "Italiano"),
    "ru": ("ru-RU", "Русский"),
    "ar": ("ar-AE", "العربية"),
    "ja": ("ja-JP", "日本語"),
    "zh": ("zh-CN", "中文"),
}
RIGHT_TO_LEFT = frozenset({"ar"})


@lru_cache(maxsize=1)
def load_texts() -> dict[str, dict[str, dict[str, str]]]:
    with TEXTS_PATH.open(encoding="utf-8") as handle:
        data: dict[str, dict[str, dict[str, str]]] = yaml.safe_load(handle)
    return data


def text(group: str, key: str, language: str, **values: object) -> str:
    entries = load_texts()[group][key]
    template = entries.get(language) or entries["en"]
    for name, value in values.items():
        template = template.replace("{" + name + "}", str(value))
    return template


def widget_texts(language: str) -> dict[str, str]:
    return {key: text("widget", key, language) for key in load_texts()["widget"]}


def survey_options(language: str) -> list[dict[str, object]]:
    return [
        {"rating": rating, "label": text("satisfaction", level, language)}
        for rating, level in enumerate(SCALE, start=1)
    ]


def canned_replies(language: str) -> list[dict[str, str]]:
    return [
        {
            "key": key,
            "title": text("canned", key, "en"),
            "text": text("canned", key, language),
        }
        for key in load_texts()["canned"]
    ]


def language_of_locale(
    locale: str | None, supported: tuple[str, ...], default: str
) -> str:
    code = (locale or "").replace("_", "-").split("-")[0].lower()
    return code if code in supported else default


def direction(language: str) -> str:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"
