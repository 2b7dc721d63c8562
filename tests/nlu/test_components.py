"""Our Rasa components, each on its own and through Rasa's model storage."""

from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.identifier_extractor import IdentifierEntityExtractor
from bot.nlu.input_guard import InputGuard
from bot.nlu.language_detector import LanguageDetector
from bot.nlu.tokenizer import MultiScriptTokenizer

SAMPLES = [
    "我想退货，订单号482913075",
    "where is my order #482913075?",
    "邮箱 wang@qq.com",
    "注文した商品はどこ",
]


def tokens(tokenizer, text, language=None):
    message = Message(data={TEXT: text})
    if language:
        message.set("language", {"code": language})
    return [t.text for t in tokenizer.tokenize(message, TEXT)]


def test_tokenizer_train_persist_load_round_trip(tmp_path, model_storage, context):
    words = tmp_path / "words.txt"
    words.write_text("# shop words\n退货\n订单号\n", encoding="utf-8")
    config = {
        **MultiScriptTokenizer.get_default_config(),
        "domain_words_path": str(words),
    }
    resource = Resource("tokenizer")
    trained = MultiScriptTokenizer.create(config, model_storage, resource, context)
    trained.train(TrainingData([Message(data={TEXT: s}) for s in SAMPLES]))
    before = {s: tokens(trained, s) for s in SAMPLES}
    assert "退货" in before[SAMPLES[0]] and "订单号" in before[SAMPLES[0]]

    words.write_text("", encoding="utf-8")  # the model must not depend on the file now
    loaded = MultiScriptTokenizer.load(config, model_storage, resource, context)
    assert {s: tokens(loaded, s) for s in SAMPLES} == before
    assert loaded.words == ["退货", "订单号"]


def test_tokenizer_processes_training_data_with_offsets(model_storage, context):
    tokenizer = MultiScriptTokenizer.create(
        MultiScriptTokenizer.get_default_config(), model_storage, Resource("t"), context
    )
    message = Message(data={TEXT: "我的订单482913075在哪里"})
    tokenizer.process([message])
    found = message.get("text_tokens")
    assert [t.text for t in found] == [
        "我",
        "的",
        "订单",
        "__order_number__",
        "在",
        "哪里",
    ]
    assert (found[3].start, found[3].end) == (4, 13)
    assert all(
        message.get(TEXT)[t.start : t.end] == t.text
        for t in found
        if not t.text.startswith("__")
    )


def test_identifiers_reach_featurizers_as_their_kind(model_storage, context):
    tokenizer = MultiScriptTokenizer.create(
        MultiScriptTokenizer.get_default_config(), model_storage, Resource("t"), context
    )
    one = tokens(tokenizer, "order 482913075 mail anna@example.com zip 10115")
    two = tokens(tokenizer, "order 731004582 mail j.smith@mail.co.uk zip SW1A 1AA")
    assert (
        one
        == two
        == ["order", "__order_number__", "mail", "__email__", "zip", "__postcode__"]
    )


def test_blank_message_gets_one_marker_token(model_storage, context):
    tokenizer = MultiScriptTokenizer.create(
        MultiScriptTokenizer.get_default_config(), model_storage, Resource("t"), context
    )
    for text in ("", "   ", "?!"):
        assert [
            t.text for t in tokenizer.tokenize(Message(data={TEXT: text}), TEXT)
        ] == ["__empty__"]


def test_language_detector_reads_the_locale_and_writes_an_output_property():
    detector = LanguageDetector({"languages": ["en", "zh"], "default_language": "en"})
    chinese = Message(data={TEXT: "我的快递呢", "metadata": {"locale": "en-US"}})
    neutral = Message(data={TEXT: "482913075", "metadata": {"locale": "zh-CN"}})
    bare = Message(data={TEXT: "482913075", "metadata": None})
    detector.process([chinese, neutral, bare])
    assert chinese.as_dict(only_output_properties=True)["language"]["code"] == "zh"
    assert neutral.get("language") == {
        "code": "zh",
        "confidence": 0.0,
        "source": "locale",
        "supported": True,
        "prior": "zh",
    }
    assert bare.get("language")["code"] == "en"


def test_identifier_extractor_adds_normalised_entities():
    message = Message(
        data={TEXT: "order #482-913-075, mail Anna@Example.com, zip 10115"}
    )
    IdentifierEntityExtractor().process([message])
    assert [(e["entity"], e["value"]) for e in message.get(ENTITIES)] == [
        ("order_number", "482913075"),
        ("email", "anna@example.com"),
        ("postcode", "10115"),
    ]
    assert all(
        e["extractor"] == "IdentifierEntityExtractor" for e in message.get(ENTITIES)
    )


def test_input_guard_turns_unreadable_input_into_fallback():
    guard = InputGuard({"max_chars": 50})
    long = Message(
        data={TEXT: "where is 482913075 " * 10, INTENT: {"name": "track_order"}}
    )
    long.set(ENTITIES, [{"entity": "order_number", "value": "482913075"}])
    fine = Message(
        data={
            TEXT: "where is my order",
            INTENT: {"name": "track_order", "confidence": 0.9},
        }
    )
    guard.process([long, fine])
    assert long.get(INTENT) == {"name": "nlu_fallback", "confidence": 1.0}
    assert long.get("input_issue") == "too_long"
    assert long.get(ENTITIES) == []
    assert fine.get(INTENT)["name"] == "track_order"
    assert fine.get("input_issue") is None
