"""`make eval`: intent and language quality per language, measured on data training never
sees, for the candidate NLU pipelines side by side (runs in Rasa's environment).

Held-out split: eval/heldout/<lang>.yml (written separately from data/nlu).
Public sets (evaluation only): ../shared/evaldata (xSID out-of-scope, Bitext English
intents, Bot Framework affirm/deny/escalate).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


from bot.services.conversation_language import next_language  # noqa: E402
from bot.settings import SUPPORTED_LANGUAGES  # noqa: E402
from bot.training.metrics import heldout_examples, macro_f1  # noqa: E402

EVALDATA = ROOT.parent / "shared" / "evaldata"
REJECTED = {"out_of_scope", "nlu_fallback"}
PIPELINES = {
    "logreg (live)": ROOT / "config.yml",
    "diet-light": ROOT / "config.diet.yml",
}
BITEXT_MAP = {
    "track_order": {"track_order"},
    "cancel_order": {"cancel_order"},
    "request_refund": {"refund_status", "return_item"},
    "refund_status": {"refund_status"},
    "return_policy": {"return_policy"},
    "request_human": {"request_human"},
    "payment_problem": {"payment_problem"},
    "delivery_time": {"shipping_info", "track_order"},
}
BOTFRAMEWORK_MAP = {
    "affirm": {"affirm"},
    "deny": {"deny"},
    "request_human": {"request_human"},
}
FOREIGN_LOCALE = {
    code: "de-DE" if code == "en" else "en-US" for code in SUPPORTED_LANGUAGES
}


def heldout() -> dict[str, list[tuple[str, str]]]:
    return heldout_examples(ROOT / "eval" / "heldout", SUPPORTED_LANGUAGES)


def tsv(name: str) -> list[list[str]]:
    path = EVALDATA / name
    if not path.exists():
        return []
    return [
        line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]
    ]


def train(config: Path, out: Path) -> tuple[Path, float]:
    from rasa.model_training import train_nlu

    started = time.monotonic()
    model = train_nlu(
        str(config), str(ROOT / "data"), str(out), fixed_model_name=config.stem
    )
    return Path(str(model)), time.monotonic() - started


class Parser:
    def __init__(self, model: Path) -> None:
        from rasa.core.agent import Agent

        self.agent = Agent.load(str(model))
        self.loop = asyncio.new_event_loop()

    def parse(self, text: str, locale: str | None = None) -> dict:
        from rasa.core.channels.channel import UserMessage

        message = UserMessage(text, metadata={"locale": locale} if locale else None)
        return self.loop.run_until_complete(self.agent.processor.parse_message(message))


def evaluate(name: str, parser: Parser, data: dict[str, list[tuple[str, str]]]) -> None:
    print(f"\n=== {name}: held-out split (eval/heldout), per language")
    print(
        "(lang-ID over messages with words; neutral ones such as a bare order number follow the chat)"
    )
    print(
        f"{'lang':<6}{'n':>5}{'intent acc':>12}{'macro-F1':>10}{'lang-ID':>9}"
        f"{'reply lang (1st msg, foreign shop)':>36}{'(mid-chat)':>12}   most confused"
    )
    totals = Counter()
    for language, rows in data.items():
        pairs, lang_ok, first_ok, mid_ok, with_words = [], 0, 0, 0, 0
        for gold, text in rows:
            parsed = parser.parse(text, FOREIGN_LOCALE[language])
            predicted = parsed["intent"]["name"] or "nlu_fallback"
            pairs.append((gold, predicted))
            detected = parsed.get("language") or {}
            if detected.get("source") in ("text", "explicit"):
                lang_ok += detected.get("code") == language
                with_words += 1
            first_ok += next_language(None, detected, SUPPORTED_LANGUAGES) == language
            mid_ok += next_language(language, detected, SUPPORTED_LANGUAGES) == language
        accuracy = sum(g == p for g, p in pairs) / len(pairs)
        confused = Counter((g, p) for g, p in pairs if g != p).most_common(3)
        confused_text = ", ".join(f"{g}→{p} ({n})" for (g, p), n in confused)
        n = len(rows)
        print(
            f"{language:<6}{n:>5}{accuracy:>12.3f}{macro_f1(pairs):>10.3f}{lang_ok / max(1, with_words):>9.3f}"
            f"{first_ok / n:>36.3f}{mid_ok / n:>12.3f}   {confused_text}"
        )
        in_scope = [(g, p) for g, p in pairs if g != "out_of_scope"]
        oos = [(g, p) for g, p in pairs if g == "out_of_scope"]
        totals["oos"] += len(oos)
        totals["oos_ok"] += sum(p in REJECTED for _, p in oos)
        totals["in"] += len(in_scope)
        totals["in_rejected"] += sum(p in REJECTED for _, p in in_scope)
    print(
        f"held-out out_of_scope recognised: {totals['oos_ok'] / totals['oos']:.3f}; "
        f"in-scope rejected: {totals['in_rejected'] / totals['in']:.3f}"
    )

    xsid = tsv("intents_xsid_oos.tsv")
    if xsid:
        by_language = defaultdict(lambda: [0, 0])
        for language, _, text in xsid:
            by_language[language][0] += parser.parse(text)["intent"]["name"] in REJECTED
            by_language[language][1] += 1
        cells = "  ".join(
            f"{lang} {ok / n:.3f}" for lang, (ok, n) in sorted(by_language.items())
        )
        total = sum(ok for ok, _ in by_language.values()) / sum(
            n for _, n in by_language.values()
        )
        print(f"public xSID out_of_scope recognised: {total:.3f}  ({cells})")
    bitext = [row for row in tsv("intents_bitext.tsv") if row[1] in BITEXT_MAP]
    if bitext:
        hits = Counter()
        for _, intent, text in bitext:
            hits[
                intent, parser.parse(text)["intent"]["name"] in BITEXT_MAP[intent]
            ] += 1
        ok = sum(n for (_, good), n in hits.items() if good)
        per = "  ".join(
            f"{i} {hits[i, True] / (hits[i, True] + hits[i, False]):.2f}"
            for i in BITEXT_MAP
            if hits[i, True] + hits[i, False]
        )
        print(
            f"public Bitext English intents (mapped): {ok / len(bitext):.3f}  ({per})"
        )
    botframework = [
        row for row in tsv("intents_msbotframework.tsv") if row[1] in BOTFRAMEWORK_MAP
    ]
    if botframework:
        by_language = defaultdict(lambda: [0, 0])
        for language, intent, text in botframework:
            by_language[language][0] += (
                parser.parse(text)["intent"]["name"] in BOTFRAMEWORK_MAP[intent]
            )
            by_language[language][1] += 1
        cells = "  ".join(
            f"{lang} {ok / n:.3f}" for lang, (ok, n) in sorted(by_language.items())
        )
        print(f"public Bot Framework affirm/deny/escalate (noisy MT): {cells}")
    langid_rows = []
    for language in SUPPORTED_LANGUAGES:
        path = ROOT / "eval" / "langid" / f"{language}.txt"
        if path.exists():
            langid_rows += [
                (language, t)
                for t in path.read_text(encoding="utf-8").splitlines()
                if t
            ]
    if langid_rows:
        ok = sum(parser.parse(t)["language"]["code"] == lang for lang, t in langid_rows)
        print(
            f"language ID through the pipeline, eval/langid: {ok / len(langid_rows):.3f} (n={len(langid_rows)})"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pipelines", nargs="*", default=list(PIPELINES))
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    data = heldout()
    print(
        f"held-out messages: {sum(len(v) for v in data.values())} in {len(data)} languages"
    )
    with tempfile.TemporaryDirectory(prefix="eval-") as out:
        for name in args.pipelines:
            model, seconds = train(PIPELINES[name], Path(out))
            print(
                f"\n### pipeline {name} ({PIPELINES[name].name}): trained in {seconds:.0f} s"
            )
            evaluate(name, Parser(model), data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
