import pytest

from bot.text.identifiers import find_identifiers, strip_identifiers
from bot.text.input_guard import CODE, EMPTY, NO_WORDS, TOO_LONG, input_issue
from bot.text.language_id import explicit_request, identify, locale_language
from bot.text.segmentation import ChineseSegmenter, segment, token_texts


def kinds(text):
    return [(i.kind, i.value) for i in find_identifiers(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("where is 482913075", [("order_number", "482913075")]),
        ("#482-913-075", [("order_number", "482913075")]),
        ("我的订单482913075在哪里", [("order_number", "482913075")]),
        ("Anna@Example.com", [("email", "anna@example.com")]),
        ("邮箱wang@qq.com谢谢", [("email", "wang@qq.com")]),
        ("postcode SW1A 1AA", [("postcode", "SW1A 1AA")]),
        ("邮编100000", [("postcode", "100000")]),
        ("〒100-0001", [("postcode", "100-0001")]),
        ("CEP 01310-100", [("postcode", "01310-100")]),
        ("bought in 2024", []),
        ("call 12345678", []),
        (
            "order 482913075 zip 94103 mail a.b@c.de",
            [
                ("order_number", "482913075"),
                ("postcode", "94103"),
                ("email", "a.b@c.de"),
            ],
        ),
    ],
)
def test_identifiers(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("#265518930", (1, 10)),
        ("order no 604417328", (9, 18)),
        ("注文番号: #561208934", (7, 16)),
    ],
)
def test_order_number_span_starts_at_the_first_digit(text, span):
    (ident,) = find_identifiers(text)
    assert (ident.start, ident.end) == span
    assert ident.text == text[span[0] : span[1]]


def test_strip_identifiers_leaves_the_words():
    assert strip_identifiers("order 482913075 please").split() == ["order", "please"]


@pytest.fixture(scope="module")
def chinese():
    return ChineseSegmenter(["退货"])


def test_segmentation_keeps_identifiers_whole_and_cuts_chinese(chinese):
    tokens = segment("我的订单482913075在哪里？邮箱wang@qq.com", None, chinese)
    assert token_texts(tokens) == [
        "我",
        "的",
        "订单",
        "482913075",
        "在",
        "哪里",
        "邮箱",
        "wang@qq.com",
    ]
    for text, start in tokens:
        assert (
            "我的订单482913075在哪里？邮箱wang@qq.com"[start : start + len(text)]
            == text
        )


def test_segmentation_latin_japanese_and_emoji(chinese):
    assert token_texts(segment("Where's my order #482913075?!", "en", chinese)) == [
        "Where's",
        "my",
        "order",
        "482913075",
    ]
    assert token_texts(segment("注文した商品はどこ", "ja", chinese)) == [
        "注文",
        "した",
        "商品",
        "はどこ",
    ]
    assert token_texts(segment("late 😡😡", "en", chinese)) == ["late", "😡😡"]


def test_domain_words_stay_whole(chinese):
    assert "退货" in token_texts(segment("我想退货", "zh", chinese))


@pytest.mark.parametrize(
    ("text", "code", "source"),
    [
        ("hi", "en", "text"),
        ("where is my parcel?", "en", "text"),
        ("你好", "zh", "text"),
        ("快递到哪了", "zh", "text"),
        ("English please", "en", "explicit"),
        ("中文", "zh", "explicit"),
        ("can you speak chinese?", "zh", "explicit"),
        ("Wo ist meine Bestellung?", "de", "text"),
        ("注文はどこ", "ja", "text"),
        ("где посылка", "ru", "text"),
    ],
)
def test_language_of_short_messages(text, code, source):
    guess = identify(text, ("en", "zh"), locale="en-US")
    assert (guess.code, guess.source) == (code, source)
    assert guess.supported == (code in ("en", "zh"))


@pytest.mark.parametrize(
    "text", ["482913075", "anna@example.com", "😀👍", "ok", "https://x.example/a"]
)
def test_neutral_messages_carry_no_language(text):
    assert identify(text, ("en", "zh"), locale="zh-CN").source == "locale"
    assert (
        identify(text, ("en", "zh"), conversation="en", locale="zh-CN").source
        == "conversation"
    )


def test_han_only_text_stays_japanese_in_a_japanese_conversation():
    assert identify("注文", ("ja", "zh"), conversation="ja").code == "ja"
    assert identify("注文", ("ja", "zh"), conversation="zh").code == "zh"


def test_hangul_is_recognised_as_unsupported():
    guess = identify("주문이 어디에 있나요", ("en", "zh"))
    assert guess.code == "und" and not guess.supported


def test_detection_is_deterministic():
    texts = ["bonjour", "ciao bella", "hola amigo", "obrigado"]
    first = [identify(t, ("en", "zh")) for t in texts]
    assert first == [identify(t, ("en", "zh")) for t in texts]


def test_locale_language_and_explicit_request():
    assert locale_language("de-DE") == "de"
    assert locale_language("zh_Hans_CN") == "zh"
    assert locale_language("xx-YY") is None
    assert (
        explicit_request(
            "I bought an English grammar book for my daughter last week and it is late"
        )
        is None
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("English please", "en"),
        ("¿puedes hablar español?", "es"),
        ("parlez-vous anglais ?", "en"),
        ("auf Deutsch bitte", "de"),
        ("на русском можно?", "ru"),
        ("em português por favor", "pt"),
        ("ممكن تتكلم عربي؟", "ar"),
        ("中文", "zh"),
        ("请用中文", "zh"),
        ("日本語でお願いします", "ja"),
        ("in english pls 🙏", "en"),
        # A language named in passing is not a request to switch.
        ("I ordered a german shepherd toy", None),
        ("can you help me with the french fries", None),
        ("dein Deutsch ist gut", None),
        ("我买了一本中文书", None),
        ("日本語の本を買った", None),
        # Two languages: ambiguous, left to the classifier and detection.
        ("Can you speak English or Spanish?", None),
    ],
)
def test_explicit_request_needs_only_words_of_asking_around_one_name(text, expected):
    assert explicit_request(text) == expected


@pytest.mark.parametrize(
    ("text", "issue"),
    [
        ("", EMPTY),
        ("   \n", EMPTY),
        (None, EMPTY),
        ("a" * 1001, TOO_LONG),
        ("😀😀😀", NO_WORDS),
        ("?!... 123", NO_WORDS),
        ("<script>alert(1)</script>", CODE),
        ("'; DROP TABLE orders; --", CODE),
        ("' or 1=1", CODE),
        ("where is my order", None),
        ("482913075", None),
        ("我的订单", None),
    ],
)
def test_input_guard(text, issue):
    assert input_issue(text, 1000) == issue
