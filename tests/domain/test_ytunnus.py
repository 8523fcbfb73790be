import pytest

from kohtaanto.domain.ytunnus import InvalidBusinessId, check_digit, is_valid_business_id, parse_business_id


@pytest.mark.parametrize("value", ["0112038-9", "0201256-6", "2331972-7", " 0112038-9 "])
def test_known_valid_ids(value):
    assert parse_business_id(value).value == value.strip()


def test_six_digit_ids_get_their_leading_zero():
    assert parse_business_id("112038-9").value == "0112038-9"


@pytest.mark.parametrize(
    ("value", "part"),
    [
        ("0112038-8", "check_digit"),
        ("0112038", "format"),
        ("01120389", "format"),
        ("abc", "format"),
        (None, "type"),
    ],
)
def test_invalid_ids_say_what_is_wrong(value, part):
    with pytest.raises(InvalidBusinessId) as exc:
        parse_business_id(value)
    assert exc.value.part == part
    assert not is_valid_business_id(value)


def test_remainder_one_has_no_valid_check_digit():
    digits = next(f"{n:07d}" for n in range(1000000, 2000000) if check_digit(f"{n:07d}") is None)
    assert all(not is_valid_business_id(f"{digits}-{d}") for d in range(10))
