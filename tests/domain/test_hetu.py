import datetime as dt

import pytest

from kohtaanto.domain.hetu import (
    CENTURY_SIGNS,
    CHECK_CHARS,
    InvalidHetu,
    gender_of,
    is_valid_hetu,
    make_hetu,
    validate_hetu,
)


def _check(ddmmyy: str, number: str) -> str:
    return CHECK_CHARS[int(ddmmyy + number) % 31]


def test_known_example_from_dvv():
    # The example code published by the Digital and Population Data Services Agency.
    info = validate_hetu("131052-308T")
    assert info.birth_date == dt.date(1952, 10, 13)
    assert info.individual_number == 308
    assert info.gender == "F"
    assert not info.is_temporary


def test_lowercase_and_whitespace_are_normalised():
    assert validate_hetu(" 131052-308t ").hetu == "131052-308T"


@pytest.mark.parametrize("sign", ["-", "Y", "X", "W", "V", "U"])
def test_new_1900s_signs(sign):
    code = f"010594{sign}9{'07'}{_check('010594', '907')}"
    info = validate_hetu(code)
    assert info.birth_date == dt.date(1994, 5, 1)
    assert info.century_sign == sign


@pytest.mark.parametrize("sign", ["A", "B", "C", "D", "E", "F"])
def test_new_2000s_signs(sign):
    code = f"290204{sign}956{_check('290204', '956')}"  # 2004 is a leap year
    info = validate_hetu(code)
    assert info.birth_date == dt.date(2004, 2, 29)
    assert info.gender == "F"
    assert info.is_temporary


def test_1800s_sign():
    assert validate_hetu(f"311299+902{_check('311299', '902')}").birth_date == dt.date(1899, 12, 31)


@pytest.mark.parametrize(
    "code, part",
    [
        ("131052-308", "length"),
        ("131052-308TT", "length"),
        ("13105A-308T", "date"),
        ("131052Z308T", "century sign"),
        ("131052G308T", "century sign"),  # G is not (yet) a century sign
        ("310252-308T", "date"),  # 31 Feb
        ("290201A9567", "date"),  # 2001 is not a leap year
        ("131052-3X8T", "individual number"),
        ("131052-001T", "individual number"),
        ("131052-308U", "check character"),
    ],
)
def test_bad_inputs_say_what_is_wrong(code, part):
    with pytest.raises(InvalidHetu, match=part):
        validate_hetu(code)
    assert not is_valid_hetu(code)


def test_invalid_hetu_is_a_value_error():
    with pytest.raises(ValueError):
        validate_hetu("nonsense")
    with pytest.raises(InvalidHetu):
        validate_hetu(None)  # type: ignore[arg-type]


def test_make_hetu_round_trips_with_default_signs():
    for birth in (dt.date(1899, 1, 2), dt.date(1975, 12, 31), dt.date(2010, 6, 15)):
        for number in (2, 455, 900, 999):
            code = make_hetu(birth, number)
            info = validate_hetu(code)
            assert info.birth_date == birth
            assert info.individual_number == number
            assert info.gender == ("M" if number % 2 else "F")
    assert make_hetu(dt.date(1975, 12, 31), 900)[6] == "-"
    assert make_hetu(dt.date(2010, 6, 15), 900)[6] == "A"


def test_make_hetu_with_new_sign_and_wrong_century():
    code = make_hetu(dt.date(2021, 3, 4), 911, "e")
    assert code[6] == "E" and is_valid_hetu(code)
    with pytest.raises(ValueError, match="century sign"):
        make_hetu(dt.date(1990, 1, 1), 911, "B")
    with pytest.raises(ValueError, match="individual number"):
        make_hetu(dt.date(1990, 1, 1), 1)
    with pytest.raises(ValueError):
        make_hetu(dt.date(1700, 1, 1), 900)


def test_check_character_detects_every_single_digit_change():
    code = make_hetu(dt.date(1988, 8, 8), 933)
    for pos in [0, 1, 2, 3, 4, 5, 7, 8, 9]:
        for digit in "0123456789":
            if digit == code[pos]:
                continue
            mutated = code[:pos] + digit + code[pos + 1 :]
            assert not is_valid_hetu(mutated) or validate_hetu(mutated).hetu != code


def test_gender_from_parity():
    assert gender_of(901) == "M"
    assert gender_of(900) == "F"
    assert set(CENTURY_SIGNS) == set("+-YXWVUABCDEF")


def test_birth_date_in_the_future_is_refused():
    # Issue 18: a code for someone born in 2031 was registered.
    code = make_hetu(dt.date(2031, 5, 1), 902)
    with pytest.raises(InvalidHetu, match="future") as caught:
        validate_hetu(code, today=dt.date(2026, 12, 3))
    assert caught.value.part == "future"
    assert caught.value.params == {"birth_date": dt.date(2031, 5, 1)}
    assert not is_valid_hetu(code, today=dt.date(2026, 12, 3))
    assert validate_hetu(code, today=dt.date(2031, 5, 1)).birth_date == dt.date(2031, 5, 1)


@pytest.mark.parametrize(
    "code, part",
    [
        ("131052-308", "length"),
        ("13105A-308T", "date"),
        ("131052Z308T", "century_sign"),
        ("131052-3X8T", "individual_number"),
        ("131052-308U", "check_character"),
    ],
)
def test_errors_name_the_part_for_translation(code, part):
    with pytest.raises(InvalidHetu) as caught:
        validate_hetu(code)
    assert caught.value.part == part
