"""Request-rate strings like "600/m", shared by settings (checked at start-up) and the API
throttle. Imports nothing from Django, so settings can use it."""

from __future__ import annotations

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'600/m' -> (600, 60). Raises ValueError on anything else."""
    count, _, period = rate.partition("/")
    if not count.isdigit() or period[:1] not in _PERIODS:
        raise ValueError(f"invalid API rate {rate!r}: expected like '600/m'")
    return int(count), _PERIODS[period[:1]]
