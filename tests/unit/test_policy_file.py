from pathlib import Path

import pytest

from bot.policy.loader import PolicyError, load_policy, parse_policy
from bot.store.demo_catalog import MARKETS
from tests.policy_fixture import policy_dict

ROOT = Path(__file__).resolve().parents[2]


def test_the_shops_policy_file_covers_every_market_with_its_own_currency():
    policy = load_policy(ROOT / "policies.yml")
    assert set(policy.markets) == {market.code for market in MARKETS}
    for market in MARKETS:
        rules = policy.for_market(market.code)
        assert rules.currency == market.currency
        assert rules.return_centre.street
        assert set(rules.payments.methods) == set(market.payment_methods)


def test_defaults_are_merged_and_a_market_overrides_them():
    policy = load_policy(ROOT / "policies.yml")
    assert policy.for_market("DE").returns.window_days == 30
    assert policy.for_market("JP").returns.window_days == 14
    assert policy.for_market("JP").returns.non_returnable_categories == (
        "underwear",
        "personalised",
        "perishables",
    )


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda m: m["limits"].pop("bot_refund_per_order"), "DE.limits.bot_refund_per_order"),
        (lambda m: m["returns"].update(window_days=-1), "DE.returns.window_days"),
        (lambda m: m["coupons"]["tier_coupon"].update(gold="lots"), "tier_coupon.gold"),
        (lambda m: m["returns"].update(windows_days=3), "DE.returns.windows_days"),
        (lambda m: m["returns"].update(return_shipping_paid_by="nobody"), "return_shipping_paid_by"),
        (lambda m: m["delivery_delay"].reverse(), "ascending days_late"),
        (lambda m: m.update(currency="EURO"), "DE.currency"),
    ],
)  # fmt: skip
def test_a_bad_policy_fails_with_one_line_naming_the_key(change, named):
    raw = policy_dict()
    change(raw["markets"]["DE"])
    with pytest.raises(PolicyError) as failure:
        parse_policy(raw)
    message = str(failure.value)
    assert named in message
    assert "\n" not in message


def test_unreadable_or_malformed_files_fail_with_one_line(tmp_path):
    with pytest.raises(PolicyError, match="cannot be read"):
        load_policy(tmp_path / "missing.yml")
    broken = tmp_path / "policies.yml"
    broken.write_text("version: 1\nmarkets: [\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="not valid YAML at line"):
        load_policy(broken)
    broken.write_text("version: 1\nmarkets: {}\nextra: 1\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="extra: unknown top-level key"):
        load_policy(broken)


def test_a_changed_file_is_picked_up_on_the_next_load(tmp_path):
    import yaml

    path = tmp_path / "policies.yml"
    raw = policy_dict()
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    assert load_policy(path).for_market("DE").returns.window_days == 30
    raw["markets"]["DE"]["returns"]["window_days"] = 60
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    assert load_policy(path).for_market("DE").returns.window_days == 60


def test_an_unknown_market_is_an_error_not_a_silent_default():
    policy = parse_policy(policy_dict())
    assert policy.has_market("DE") and not policy.has_market("XX")
    with pytest.raises(PolicyError, match="no policy for market 'XX'"):
        policy.for_market("XX")


def test_a_bad_policy_file_stops_the_launcher_with_one_line(
    tmp_path, monkeypatch, capsys
):
    from bot import launcher

    bad = tmp_path / "policies.yml"
    bad.write_text("version: 1\nmarkets:\n  DE: {currency: EUR}\n", encoding="utf-8")
    monkeypatch.setenv("POLICY_FILE", str(bad))
    monkeypatch.setenv("VAR_DIR", str(tmp_path / "var"))
    assert launcher.main(["--prepare-only"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "Cannot start: policies.yml: markets.DE.returns: Field required"
    assert "\n" not in err
