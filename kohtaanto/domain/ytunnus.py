"""Finnish business ID (Y-tunnus): validation.

Format ``NNNNNNN-C``: seven digits, a hyphen and a check digit. The digits are weighted
7, 9, 10, 5, 8, 4, 2; with ``r = sum % 11`` the check digit is 0 when ``r == 0``, no valid
ID has ``r == 1``, and otherwise it is ``11 - r`` (Finnish Tax Administration / PRH).
Old IDs with six digits are written with a leading zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
_SHAPE = re.compile(r"^(\d{6,7})-(\d)$")


class InvalidBusinessId(ValueError):
    """Not a valid business ID; `part` ("type", "format", "check_digit") says what is wrong
    and `params` carries what the message quotes, for a translated message."""

    def __init__(self, message: str, *, part: str, params: dict | None = None):
        super().__init__(message)
        self.part = part
        self.params = dict(params or {})


@dataclass(frozen=True)
class BusinessId:
    value: str  # normalised: seven digits, hyphen, check digit


def check_digit(digits: str) -> int | None:
    """The check digit of seven digits, or None when no check digit can make them valid."""
    r = sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11
    if r == 1:
        return None
    return 0 if r == 0 else 11 - r


def parse_business_id(value: object) -> BusinessId:
    """Validate and normalise a business ID ("0112038-9"); raises InvalidBusinessId."""
    if not isinstance(value, str):
        raise InvalidBusinessId("a business ID must be text", part="type")
    text = value.strip()
    m = _SHAPE.match(text)
    if not m:
        raise InvalidBusinessId(
            "a business ID is seven digits, a hyphen and a check digit (1234567-8)",
            part="format",
        )
    digits = m.group(1).zfill(7)
    expected = check_digit(digits)
    given = int(m.group(2))
    if expected is None or expected != given:
        raise InvalidBusinessId(
            f"the check digit of business ID {digits}-{given} is wrong",
            part="check_digit",
            params={"value": f"{digits}-{given}"},
        )
    return BusinessId(f"{digits}-{given}")


def is_valid_business_id(value: object) -> bool:
    try:
        parse_business_id(value)
    except InvalidBusinessId:
        return False
    return True
