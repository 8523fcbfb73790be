"""Finnish personal identity code (henkilötunnus, "hetu"): validation and construction.

Format ``DDMMYYCZZZQ``: birth date, century sign ``C``, individual number ``ZZZ`` (odd for
men, even for women; 900-999 are temporary/test numbers never given to a real person) and a
check character ``Q`` = ``int(DDMMYYZZZ) % 31`` looked up in ``CHECK_CHARS``.

Since 2023 the 1900s may also be marked with ``Y X W V U`` and the 2000s with ``B C D E F``
besides ``-`` and ``A`` (Act 128/2022), so code that only knows ``+ - A`` rejects valid
codes issued today. The code is sensitive personal data: never log it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

CHECK_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"

CENTURY_SIGNS: dict[str, int] = {
    "+": 1800,
    "-": 1900,
    "Y": 1900,
    "X": 1900,
    "W": 1900,
    "V": 1900,
    "U": 1900,
    "A": 2000,
    "B": 2000,
    "C": 2000,
    "D": 2000,
    "E": 2000,
    "F": 2000,
}
# The sign make_hetu uses when none is requested: the traditional one of each century.
DEFAULT_SIGN = {1800: "+", 1900: "-", 2000: "A"}

TEMPORARY_RANGE = range(900, 1000)  # never given to a real person: safe for synthetic data


class InvalidHetu(ValueError):
    """The string is not a valid personal identity code; the message says which part is wrong.

    `part` names that part ("type", "length", "date", "century_sign", "individual_number",
    "check_character", "future") and `params` carries the values the message quotes, so a
    user interface can say the same thing in its user's language without parsing English.
    """

    def __init__(self, message: str, *, part: str = "", params: dict | None = None):
        super().__init__(message)
        self.part = part
        self.params = dict(params or {})


@dataclass(frozen=True)
class HetuInfo:
    hetu: str
    birth_date: dt.date
    century_sign: str
    individual_number: int
    gender: str  # "M" (odd individual number) or "F" (even)

    @property
    def is_temporary(self) -> bool:
        """True for 900-999: test/temporary numbers, never a real person's code."""
        return self.individual_number in TEMPORARY_RANGE


def check_character(birth_date: dt.date, individual_number: int) -> str:
    """The check character for a birth date and individual number."""
    return CHECK_CHARS[int(f"{birth_date:%d%m}{birth_date.year % 100:02d}{individual_number:03d}") % 31]


def gender_of(individual_number: int) -> str:
    """Gender recorded in the code: odd individual numbers are men, even ones women."""
    return "M" if individual_number % 2 else "F"


def validate_hetu(s: str, today: dt.date | None = None) -> HetuInfo:
    """Parse and check a personal identity code; raise InvalidHetu saying what is wrong.

    A birth date after `today` (default: the current date) is refused: nobody is given a
    code before they are born, so such a code is a typing error (2031 for 1931, say).
    """
    if not isinstance(s, str):
        raise InvalidHetu(f"expected a string, got {type(s).__name__}", part="type")
    code = s.strip().upper()
    if len(code) != 11:
        raise InvalidHetu(
            f"length: a personal identity code has 11 characters, got {len(code)}",
            part="length",
            params={"length": len(code)},
        )
    date_part, sign, number_part, check = code[:6], code[6], code[7:10], code[10]
    if not date_part.isdigit():
        raise InvalidHetu(
            f"date: the first six characters must be digits DDMMYY, got {date_part!r}", part="date"
        )
    if sign not in CENTURY_SIGNS:
        raise InvalidHetu(
            f"century sign: {sign!r} is not one of {''.join(CENTURY_SIGNS)} "
            "(+ for the 1800s; - Y X W V U for the 1900s; A B C D E F for the 2000s)",
            part="century_sign",
            params={"sign": sign},
        )
    year = CENTURY_SIGNS[sign] + int(date_part[4:6])
    try:
        birth_date = dt.date(year, int(date_part[2:4]), int(date_part[0:2]))
    except ValueError as exc:
        raise InvalidHetu(
            f"date: {date_part} with sign {sign!r} is not a calendar date ({exc})", part="date"
        ) from None
    if not number_part.isdigit():
        raise InvalidHetu(
            f"individual number: characters 8-10 must be digits, got {number_part!r}",
            part="individual_number",
        )
    number = int(number_part)
    if number < 2:
        raise InvalidHetu(
            f"individual number: {number_part} is not in use (valid range 002-999)",
            part="individual_number",
        )
    expected = check_character(birth_date, number)
    if check != expected:
        raise InvalidHetu(
            f"check character: expected {expected!r}, got {check!r}",
            part="check_character",
            params={"expected": expected, "got": check},
        )
    today = today or dt.date.today()
    if birth_date > today:
        raise InvalidHetu(
            f"future: the birth date {birth_date.isoformat()} is after {today.isoformat()}",
            part="future",
            params={"birth_date": birth_date},
        )
    return HetuInfo(code, birth_date, sign, number, gender_of(number))


def is_valid_hetu(s: str, today: dt.date | None = None) -> bool:
    """True if `s` is a valid personal identity code (see validate_hetu for the reasons)."""
    try:
        validate_hetu(s, today)
    except InvalidHetu:
        return False
    return True


def make_hetu(birth_date: dt.date, individual_number: int, century_sign: str | None = None) -> str:
    """Build a code; the sign defaults to the traditional one of the century (+, -, A)."""
    century = birth_date.year // 100 * 100
    if century not in DEFAULT_SIGN:
        raise ValueError(f"birth year {birth_date.year} cannot be expressed in a personal identity code")
    if not 2 <= individual_number <= 999:
        raise ValueError(f"individual number must be 2-999, got {individual_number}")
    sign = DEFAULT_SIGN[century] if century_sign is None else century_sign.upper()
    if CENTURY_SIGNS.get(sign) != century:
        raise ValueError(f"century sign {sign!r} does not mark the {century}s")
    check = check_character(birth_date, individual_number)
    return f"{birth_date:%d%m}{birth_date.year % 100:02d}{sign}{individual_number:03d}{check}"
