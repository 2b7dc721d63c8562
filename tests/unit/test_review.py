"""Which messages go to the review inbox, and how reviewed examples are written."""

import datetime as dt

import pytest
import yaml

from bot.services.review import ConversationTrail, Said, review_items
from bot.training.examples import ExampleRefused, TrainingExamples, examples_in

T = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.timezone.utc)


def at(seconds):
    return T + dt.timedelta(seconds=seconds)


def test_each_reason_once_newest_first_and_reviewed_ones_left_out():
    trail = ConversationTrail(
        "c1", "de",
        (
            Said(1, "shopper", "paket weg??", at(0), "track_order", 0.31),
            Said(2, "bot", "Wie lautet Ihre Bestellnummer?", at(1)),
            Said(3, "shopper", "asdf qwer", at(5), "nlu_fallback", 0.2),
            Said(4, "bot", "Das habe ich nicht verstanden.", at(6)),
            Said(5, "shopper", "mensch bitte", at(9), "request_human", 0.95),
            Said(6, "shopper", "danke", at(20), "thank", 0.9, flagged=True),
            Said(7, "shopper", "schon erledigt", at(30), "nlu_fallback", reviewed=True),
        ),
        handoff_at=at(10),
        lowest_rating=2,
    )  # fmt: skip
    items = review_items([trail], min_confidence=0.5)
    found = {item.message.seq: item.reasons for item in items}
    assert found == {
        1: ("low_confidence",),
        3: ("fallback", "handoff_after_bot_reply", "low_rating"),
        6: ("flagged",),
    }
    assert [i.message.seq for i in items] == [6, 3, 1]
    middle = next(i for i in items if i.message.seq == 3)
    assert [m.seq for m in middle.context] == [1, 2, 3, 4, 5]


def test_a_calm_conversation_has_nothing_to_review():
    trail = ConversationTrail(
        "c2", "en",
        (Said(1, "shopper", "where is my order", at(0), "track_order", 0.93),
         Said(2, "bot", "On its way.", at(1))),
        lowest_rating=6,
    )  # fmt: skip
    assert review_items([trail], 0.5) == []


@pytest.fixture
def examples(tmp_path):
    (tmp_path / "data" / "nlu").mkdir(parents=True)
    (tmp_path / "data" / "nlu" / "de.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hallo\n',
        encoding="utf-8",
    )
    (tmp_path / "heldout").mkdir()
    (tmp_path / "heldout" / "de.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - moinsen\n',
        encoding="utf-8",
    )
    return TrainingExamples(
        tmp_path / "data", tmp_path / "heldout", ("greet", "track_order")
    )


def test_examples_go_to_the_review_file_once_in_rasa_format(examples):
    path, added = examples.add("de", "track_order", ["wo bleibt  mein paket", "Hallo"])
    assert added == 1  # "Hallo" is already trained as greet
    again_path, again = examples.add("de", "track_order", ["wo bleibt mein paket"])
    assert again == 0 and again_path == path
    assert path.name == "de.yml" and path.parent.name == "review"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["version"] == "3.1"
    assert examples_in(path) == {"track_order": ["wo bleibt mein paket"]}


@pytest.mark.parametrize(
    "intent,text,why",
    [
        ("greet", "moinsen", "held-out"),
        ("greet", "ich bin max@example.com", "personal data"),
        ("greet", "bestellung 418203957", "personal data"),
        ("greet", "bestellung #########", "masked"),
        ("nope", "hallo zusammen", "unknown intent"),
        ("greet", "- hallo", "YAML"),
    ],
)
def test_refused_examples_say_why(examples, intent, text, why):
    with pytest.raises(ExampleRefused, match=why):
        examples.add("de", intent, [text])
    assert not examples.review_file("de").exists()
