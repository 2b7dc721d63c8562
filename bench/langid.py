"""Language identification, side by side in one run: raw langdetect, lingua restricted to
our ten languages, and our detector (bot.text.language_id) on

- the project's own test set (eval/langid/<lang>.txt, written for the test), and
- the public sets in ../shared/evaldata (lingua's test data per kind, Tatoeba).

Prints accuracy per language and per length band, and the time per message.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.text.language_id import ALL_LANGUAGES, identify, warm_up  # noqa: E402
from bot.text.segmentation import ChineseSegmenter, segment  # noqa: E402

EVALDATA = ROOT.parent / "shared" / "evaldata"
Sample = tuple[str, str, str]  # language, band, text


def raw_langdetect() -> Callable[[str], str]:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def run(text: str) -> str:
        try:
            code = detect(text)
        except LangDetectException:
            return "?"
        return "zh" if code.startswith("zh") else code

    return run


def lingua_ten() -> Callable[[str], str]:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in ALL_LANGUAGES]
    detector = (
        LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
        .with_preloaded_language_models()
        .build()
    )

    def run(text: str) -> str:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else "?"

    return run


def ours() -> Callable[[str], str]:
    warm_up()  # as the Rasa component does at start-up
    return lambda text: identify(text, ALL_LANGUAGES).code


def band(text: str, chinese: ChineseSegmenter) -> str:
    words = len(segment(text, None, chinese))
    return "1-3 words" if words <= 3 else "4-9 words" if words <= 9 else "10+ words"


def own_set(chinese: ChineseSegmenter) -> list[Sample]:
    samples = []
    for language in ALL_LANGUAGES:
        path = ROOT / "eval" / "langid" / f"{language}.txt"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    samples.append((language, band(line, chinese), line.strip()))
    return samples


def public_sets() -> dict[str, list[Sample]]:
    sets: dict[str, list[Sample]] = {}
    lingua_file = EVALDATA / "langid_lingua.tsv"
    if lingua_file.exists():
        rows = [
            line.split("\t")
            for line in lingua_file.read_text(encoding="utf-8").splitlines()[1:]
        ]
        samples = []
        for language, kind, text in rows:
            label = (
                f"{kind} (ja/zh)"
                if kind == "single_word" and language in ("ja", "zh")
                else kind
            )
            samples.append((language, label, text))
        sets["public: lingua test data (Leipzig)"] = samples
    tatoeba = EVALDATA / "langid_tatoeba.tsv"
    if tatoeba.exists():
        rows = [
            line.split("\t")
            for line in tatoeba.read_text(encoding="utf-8").splitlines()[1:]
        ]
        sets["public: Tatoeba ≤40 chars"] = [
            (lang, "sentence", text) for lang, text in rows
        ]
    return sets


def evaluate(
    name: str, samples: list[Sample], detectors: dict[str, Callable[[str], str]]
) -> None:
    print(f"\n== {name}: {len(samples)} messages")
    results: dict[str, dict[str, list[int]]] = {}
    timing: dict[str, float] = {}
    for detector_name, detect in detectors.items():
        hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        started = time.perf_counter()
        for language, length_band, text in samples:
            correct = int(detect(text) == language)
            for key in ("all", f"lang:{language}", f"band:{length_band}"):
                hits[key][0] += correct
                hits[key][1] += 1
        timing[detector_name] = (
            (time.perf_counter() - started) / max(1, len(samples)) * 1000
        )
        results[detector_name] = hits
    keys = ["all"] + sorted(k for k in results[next(iter(results))] if k != "all")
    header = f"{'':<26}" + "".join(f"{n:>16}" for n in detectors)
    print(header)
    for key in keys:
        cells = []
        for detector_name in detectors:
            correct, total = results[detector_name].get(key, [0, 0])
            cells.append(f"{100 * correct / total:>15.1f}%" if total else f"{'-':>16}")
        label = key.replace("lang:", "  ").replace("band:", "  ")
        count = results[next(iter(results))][key][1]
        print(f"{label + f' (n={count})':<26}" + "".join(cells))
    print(f"{'ms per message':<26}" + "".join(f"{timing[n]:>16.3f}" for n in detectors))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--no-public", action="store_true", help="only the project's own set"
    )
    args = parser.parse_args()
    chinese = ChineseSegmenter()
    detectors = {
        "raw langdetect": raw_langdetect(),
        "lingua (10)": lingua_ten(),
        "ours": ours(),
    }
    for detect in detectors.values():  # warm up model loading outside the timings
        detect("warm up")
    evaluate("project set (eval/langid)", own_set(chinese), detectors)
    if not args.no_public:
        for name, samples in public_sets().items():
            evaluate(name, samples, detectors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
