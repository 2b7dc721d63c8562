"""Held-out figures, the comparison gate and the training progress: pure rules."""

from __future__ import annotations

import pytest

from bot.training.comparison import compare
from bot.training.metrics import (
    Prediction,
    detected_language,
    heldout_examples,
    language_figures,
    macro_f1,
    split_fingerprints,
)
from bot.training.progress import TRAINED_STEPS, TrainingProgress, overall_fraction


def test_macro_f1_averages_over_gold_labels():
    pairs = [("a", "a"), ("a", "b"), ("b", "b"), ("b", "b")]
    # a: p=1 r=.5 f=.667; b: p=.667 r=1 f=.8
    assert macro_f1(pairs) == pytest.approx((2 / 3 + 0.8) / 2)
    assert macro_f1([]) == 0.0


def test_language_figures_count_accuracy_langid_and_confusions():
    predictions = [
        Prediction("es", "track_order", "track_order", "es"),
        Prediction("es", "track_order", "delivery_delay", "es"),
        Prediction("es", "greet", "greet", "pt"),
        Prediction("es", "inform", "inform", None),  # a bare order number: no words
        Prediction("en", "greet", "greet", "en"),
    ]
    figures = language_figures(predictions)
    assert figures["es"] == {
        "n": 4,
        "accuracy": 0.75,
        "macro_f1": round(macro_f1([("track_order", "track_order"),
                                    ("track_order", "delivery_delay"),
                                    ("greet", "greet"), ("inform", "inform")]), 4),
        "langid": round(2 / 3, 4),
        "confusions": {"track_order→delivery_delay": 1},
        "split": None,
    }  # fmt: skip
    assert figures["en"]["accuracy"] == 1.0 and figures["en"]["confusions"] == {}


def test_detected_language_only_from_words():
    assert detected_language({"language": {"code": "es", "source": "text"}}) == "es"
    assert detected_language({"language": {"code": "es", "source": "locale"}}) is None
    assert detected_language({}) is None


def test_heldout_split_and_its_fingerprint(tmp_path):
    (tmp_path / "es.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: track_order\n  examples: |\n'
        "    - ¿dónde está mi pedido [CB-1234](order_number)?\n    - y mi paquete\n",
        encoding="utf-8",
    )
    assert heldout_examples(tmp_path, ("es", "en")) == {
        "es": [
            ("track_order", "¿dónde está mi pedido CB-1234?"),
            ("track_order", "y mi paquete"),
        ]
    }
    before = split_fingerprints(tmp_path, ("es", "en"))
    assert list(before) == ["es"]
    (tmp_path / "es.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hola\n',
        encoding="utf-8",
    )
    assert split_fingerprints(tmp_path, ("es",))["es"] != before["es"]


def figures(accuracy, f1, langid=0.99, confusions=None, split="s1"):
    return {"n": 100, "accuracy": accuracy, "macro_f1": f1, "langid": langid,
            "confusions": confusions or {}, "split": split}  # fmt: skip


def test_comparison_allows_changes_within_the_tolerance():
    live = {"es": figures(0.90, 0.90), "en": figures(0.92, 0.91)}
    candidate = {"es": figures(0.93, 0.94), "en": figures(0.911, 0.90)}
    result = compare(live, candidate, tolerance=0.01)
    assert result.allowed and result.worse_languages == ()
    es = result.languages[1]
    assert es.language == "es" and es.delta("macro_f1") == pytest.approx(0.04)


def test_comparison_blocks_a_language_worse_beyond_the_tolerance():
    live = {"es": figures(0.90, 0.90), "ja": figures(0.92, 0.91, langid=0.99)}
    candidate = {"es": figures(0.95, 0.95), "ja": figures(0.92, 0.91, langid=0.97)}
    result = compare(live, candidate, tolerance=0.01)
    assert not result.allowed
    assert result.worse_languages == ("ja",)
    assert result.languages[1].worse == ("langid",)
    data = result.as_json()
    assert data["allowed"] is False and data["worse_languages"] == ["ja"]


def test_a_drop_of_exactly_the_tolerance_is_allowed():
    result = compare({"es": figures(0.9, 0.9)}, {"es": figures(0.89, 0.89)}, 0.01)
    assert result.allowed


def test_a_language_the_candidate_lost_blocks():
    result = compare({"es": figures(0.9, 0.9), "de": figures(0.9, 0.9)},
                     {"es": figures(0.9, 0.9)}, 0.01)  # fmt: skip
    assert not result.allowed and result.worse_languages == ("de",)


def test_figures_from_another_split_are_not_compared():
    result = compare({"es": figures(0.9, 0.9, split="old")},
                     {"es": figures(0.99, 0.99, split="new")}, 0.01)  # fmt: skip
    assert not result.allowed and result.unmatched == ("es",)
    assert result.as_json()["unmatched_languages"] == ["es"]


def test_a_new_language_of_the_candidate_is_shown_not_gated():
    result = compare({"es": figures(0.9, 0.9)},
                     {"es": figures(0.9, 0.9), "pt": figures(0.8, 0.8)}, 0.01)  # fmt: skip
    assert result.allowed
    assert [c.language for c in result.languages] == ["es", "pt"]
    assert result.languages[1].live["accuracy"] is None


def test_changed_confusions_are_listed_biggest_change_first():
    live = {"es": figures(0.9, 0.9, confusions={"a→b": 3, "c→d": 1, "e→f": 2})}
    candidate = {"es": figures(0.9, 0.9, confusions={"a→b": 1, "c→d": 1, "g→h": 1})}
    (change,) = compare(live, candidate, 0.01).languages
    assert change.confusions == (("a→b", 3, 1), ("e→f", 2, 0), ("g→h", 0, 1))


RASA_LINES = [
    "2026-12-07 INFO rasa.engine.training.hooks - Starting to train component 'MultiScriptTokenizer'.",
    "2026-12-07 INFO rasa.engine.training.hooks - Finished training component 'MultiScriptTokenizer'.",
    "2026-12-07 INFO rasa.engine.training.hooks - Starting to train component 'CountVectorsFeaturizer'.",
    "Epochs:  40%|████      | 40/100 [00:10<00:15, 4.0it/s, t_loss=1.2]",
    "2026-12-07 INFO rasa.engine.training.hooks - Restored component 'RulePolicy' from cache.",
]


def progress(history=None):
    plan = ["validating", "loading", "training", "evaluating_candidate"]
    return TrainingProgress(components=4, plan=plan, history=history or {})


def test_progress_reads_components_and_epochs_from_rasa():
    state = progress()
    state.enter("validating", 0.0)
    state.enter("loading", 10.0)
    assert state.read_training_line(RASA_LINES[0], 20.0)
    assert state.stage == "training" and state.step == 1
    assert state.timings == {"validating": 10.0, "loading": 10.0}
    assert not state.read_training_line(RASA_LINES[1], 21.0)
    state.read_training_line(RASA_LINES[2], 22.0)
    assert state.read_training_line(RASA_LINES[3], 23.0)
    snapshot = state.snapshot(23.0)
    assert (snapshot["step"], snapshot["steps"]) == (2, 4)
    assert (snapshot["epoch"], snapshot["epochs"]) == (40, 100)
    assert snapshot["stage_fraction"] == pytest.approx((1 + 0.4) / 4, abs=1e-3)
    state.read_training_line(RASA_LINES[4], 30.0)
    assert state.detail == "RulePolicy" and state.epoch is None
    state.enter("evaluating_candidate", 40.0)
    assert state.timings[TRAINED_STEPS] == 3  # the next run's step count


def test_time_left_follows_the_last_run():
    state = progress({"validating": 10, "loading": 20, "training": 60,
                      "evaluating_candidate": 30})  # fmt: skip
    state.enter("validating", 0.0)
    assert state.seconds_left(0.0) == 120
    state.enter("loading", 10.0)
    assert state.seconds_left(25.0) == pytest.approx(5 + 60 + 30)
    state.enter("evaluating_candidate", 100.0)
    state.count(50, 100)
    assert state.seconds_left(110.0) == pytest.approx(10)  # half done in 10 s
    state.enter("done", 120.0)
    assert state.seconds_left(120.0) == 0


def test_overall_fraction_weights_stages_by_their_time():
    plan = ["validating", "training"]
    expected = {"validating": 10, "training": 30}
    assert overall_fraction("validating", 0.0, plan, expected) == 0
    assert overall_fraction("training", 0.5, plan, expected) == pytest.approx(0.625)
    assert overall_fraction("done", 0.0, plan, expected) == 1


def test_the_terminal_bar_shows_stage_step_and_time_left():
    import io

    from bot.training.cli import ProgressBar, format_seconds

    stream = io.StringIO()
    bar = ProgressBar(stream, width=10)
    bar.progress({"stage": "training", "stage_label": "Training", "fraction": 0.5,
                  "step": 2, "steps": 5, "detail": "CountVectorsFeaturizer",
                  "seconds_left": 75})  # fmt: skip
    bar.progress({"stage": "done", "stage_label": "Done", "fraction": 1.0})
    first, second = stream.getvalue().split("\n")[:2]
    assert first.startswith("\r[#####.....]  50% Training: 2/5 CountVectorsFeaturizer")
    assert "about 1m15s left" in first
    assert second.startswith("\r[##########] 100% Done")
    assert format_seconds(42) == "42s"


def test_rasa_output_is_read_line_by_line_progress_bars_included():
    import subprocess
    import sys

    from bot.training.children import failure_reason, output_lines

    script = (
        "import sys; sys.stdout.write('Epochs: 10%|#| 1/10\\rEpochs: 20%|#| 2/10\\n'"
        "'\\x1b[93mUserWarning: unused\\x1b[0m\\nERROR Could not read data/nlu/x.yml\\n')"
    )
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    lines = list(output_lines(process))
    process.wait()
    assert lines == [
        "Epochs: 10%|#| 1/10",
        "Epochs: 20%|#| 2/10",
        "UserWarning: unused",
        "ERROR Could not read data/nlu/x.yml",
    ]
    from collections import deque

    assert (
        failure_reason(deque(lines), "exit 1") == "ERROR Could not read data/nlu/x.yml"
    )
    assert failure_reason(deque(["UserWarning: x"]), "exit 1") == "exit 1"
