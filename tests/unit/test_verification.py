import pytest

from bot.services.errors import VerificationFailed
from bot.services.verification import (
    contact_matches,
    normalize_email,
    normalize_order_number,
    normalize_postcode,
    verify,
)
from tests.fakes import order_view


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("482913075", "482913075"),
        ("#482913075", "482913075"),
        ("482-913-075", "482913075"),
        (" 482 913 075 ", "482913075"),
        ("082913075", None),
        ("48291307", None),
        ("4829130751", None),
        ("abc", None),
        ("", None),
        (None, None),
        ("' OR 1=1 --", None),
    ],
)
def test_order_numbers_are_nine_digits_not_starting_with_zero(raw, expected):
    assert normalize_order_number(raw) == expected


def test_email_and_postcode_are_compared_without_case_spaces_or_dashes():
    assert normalize_email("  Anna.Becker@Example.COM ") == "anna.becker@example.com"
    assert normalize_email("not-an-email") is None
    assert normalize_postcode("sw1a 1aa") == "SW1A1AA"
    assert normalize_postcode("100-0001") == "1000001"
    assert normalize_postcode("<script>") is None


def test_matching_email_or_postcode_verifies():
    order = order_view()
    assert contact_matches(order, "anna.becker@example.com", None)
    assert contact_matches(order, None, "10115")
    assert contact_matches(order, "wrong@example.com", "10115")
    assert verify(order, "ANNA.BECKER@EXAMPLE.COM", None) is order


@pytest.mark.parametrize(
    ("email", "postcode"),
    [("other@example.com", None), (None, "99999"), (None, None), ("", "")],
)
def test_wrong_contact_fails(email, postcode):
    with pytest.raises(VerificationFailed):
        verify(order_view(), email, postcode)


def test_unknown_order_fails_with_the_same_exception_as_a_wrong_contact():
    with pytest.raises(VerificationFailed) as unknown:
        verify(None, "anna.becker@example.com", "10115")
    with pytest.raises(VerificationFailed) as wrong:
        verify(order_view(), "nobody@example.com", None)
    assert type(unknown.value) is type(wrong.value)
    assert str(unknown.value) == str(wrong.value)


def test_a_shopper_without_postcode_can_only_use_email():
    order = order_view(shopper_postcode=None)
    assert not contact_matches(order, None, "10115")
    assert contact_matches(order, "anna.becker@example.com", None)
