"""Conversation tier, in Rasa's environment: data validation and test stories."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.model_files import ensure_model, rasa_env
from bot.settings import PROJECT_ROOT

RASA = Path(sys.executable).with_name("rasa")
WARNING = re.compile(r"UserWarning: (.*)")
UNUSED = re.compile(r"The utterance '(utter_\w+)' is not used in any story or rule\.")


def rasa(*args, cwd=PROJECT_ROOT):
    return subprocess.run(
        [str(RASA), *args],
        cwd=cwd,
        env=rasa_env(),
        capture_output=True,
        text=True,
        timeout=900,
    )


def responses_named_in_code():
    sources = [
        p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "bot").rglob("*.py")
    ]
    return set(re.findall(r'"(utter_[a-z_]+)"', "".join(sources))) | {
        f"utter_order_status_{s}"
        for s in (
            "processing",
            "in_transit",
            "customs_hold",
            "out_for_delivery",
            "delivered",
            "cancelled",
        )
    }


def test_rasa_data_validate_is_clean():
    result = rasa("data", "validate", "--fail-on-warnings")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    warnings = WARNING.findall(output)
    sent_by_actions = responses_named_in_code()
    unexplained = [
        w
        for w in warnings
        if not (UNUSED.match(w) and UNUSED.match(w).group(1) in sent_by_actions)
    ]
    assert unexplained == [], unexplained


@pytest.fixture(scope="session")
def model():
    return ensure_model(RASA, PROJECT_ROOT / "models")


def test_conversation_stories_pass(model, tmp_path):
    result = rasa(
        "test", "core",
        "--model", str(model),
        "--stories", str(PROJECT_ROOT / "tests" / "conversations"),
        "--out", str(tmp_path),
        "--fail-on-prediction-errors",
        "--no-plot",
    )  # fmt: skip
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    failed = (tmp_path / "failed_test_stories.yml").read_text(encoding="utf-8")
    assert "None of the test stories failed" in failed, failed
    report = json.loads((tmp_path / "story_report.json").read_text(encoding="utf-8"))
    assert report["conversation_accuracy"]["accuracy"] == 1.0
    assert report["conversation_accuracy"]["total"] >= 10
