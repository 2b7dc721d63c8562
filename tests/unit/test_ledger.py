import datetime as dt
from decimal import Decimal as D

import pytest

from bot.services import ledger as lg
from bot.services.ledger_json import ledger_entry_json

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)


def record(
    key="k1", kind=lg.REFUND, amount="10.00", status=lg.DONE, order="100000001", line=7
):
    return lg.LedgerRecord(
        1, key, kind, lg.PRICE_DROP, status, 3, D(amount), "EUR", order, line,
        None, None, None, None, None, {}, NOW, None, None,
    )  # fmt: skip


def test_the_key_says_what_the_entry_is_for_and_is_stable():
    key = lg.idempotency_key(
        lg.REFUND, lg.PRICE_DROP, order_number="482913075", line_id=7
    )
    assert key == "refund:price_drop:order=482913075:line=7"
    assert key == lg.idempotency_key(
        lg.REFUND, lg.PRICE_DROP, order_number="482913075", line_id=7
    )
    assert key != lg.idempotency_key(
        lg.COUPON, lg.PRICE_DROP, order_number="482913075", line_id=7
    )
    birthday = lg.idempotency_key(lg.COUPON, lg.BIRTHDAY, shopper_id=3, scope="2026")
    assert birthday == "coupon:birthday:shopper=3:scope=2026"


def test_a_key_needs_a_subject_and_a_known_kind():
    with pytest.raises(ValueError):
        lg.idempotency_key(lg.REFUND, lg.PRICE_DROP)
    with pytest.raises(ValueError):
        lg.idempotency_key("gift", lg.PRICE_DROP, order_number="1")


def test_coupon_codes_are_unambiguous_and_not_repeated():
    codes = {lg.new_coupon_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in list(codes)[:50]:
        body = code.removeprefix("CB-").replace("-", "")
        assert len(body) == 12 and set(body) <= set(lg.CODE_ALPHABET)
        assert not set(body) & set("01OIL")
    assert lg.new_rma_number("JP").startswith("RMA-JP-")


def test_drafts_refuse_negative_amounts_and_unknown_kinds():
    base = dict(idempotency_key="k", reason="r", shopper_id=1, currency="EUR")
    with pytest.raises(ValueError):
        lg.EntryDraft(kind=lg.REFUND, status=lg.DONE, amount=D("-1"), **base)
    with pytest.raises(ValueError):
        lg.EntryDraft(kind="gift", status=lg.DONE, amount=D("1"), **base)
    with pytest.raises(ValueError):
        lg.EntryDraft(kind=lg.REFUND, status="maybe", amount=D("1"), **base)


def test_only_done_refunds_count_as_money_paid_back():
    records = [
        record("a", amount="10"),
        record("b", amount="5", status=lg.PENDING_APPROVAL),
        record("c", kind=lg.COUPON, amount="7"),
    ]
    assert lg.refunded(records) == D("10")


def test_balance_errors_name_what_is_wrong():
    paid = {("100000001", 7): D("20")}
    captured = {"100000001": D("25")}
    assert lg.balance_errors([record("a", amount="20")], paid, captured) == []
    too_much = lg.balance_errors(
        [record("a", amount="15"), record("b", amount="6")], paid, captured
    )
    assert too_much == ["order 100000001 line 7: refunded 21 > paid"]
    twice = lg.balance_errors(
        [record("a", amount="1"), record("a", amount="1")], paid, captured
    )
    assert twice == ["a: recorded twice"]
    whole_order = lg.balance_errors(
        [record("a", amount="20"), record("b", amount="10", line=None)], paid, captured
    )
    assert whole_order == ["order 100000001: refunded 30 > captured"]
    pending = [record("a", amount="500", status=lg.PENDING_APPROVAL)]
    assert lg.balance_errors(pending, paid, captured) == []


def test_ledger_json_is_plain_json_types():
    data = ledger_entry_json(record())
    assert data["amount"] == "10.00" and data["created_at"] == NOW.isoformat()
    assert data["kind"] == "refund" and data["decided_at"] is None
