"""Working days in Finland: Monday-Friday except public holidays.

Service promises are counted in working days (the initial interview within 5 working days
of registration), so the calendar must know Finnish holidays, including the de facto
non-working Midsummer Eve and Christmas Eve that `holidays.Finland` lists.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=256)
def holidays_in(year: int) -> frozenset[dt.date]:
    """Finnish public holidays of one year (cached: the lookup is on every hot path)."""
    return frozenset(holidays.Finland(years=year).keys())


def is_holiday(d: dt.date) -> bool:
    return d in holidays_in(d.year)


def is_working_day(d: dt.date) -> bool:
    """Monday-Friday and not a Finnish public holiday."""
    return d.weekday() < 5 and not is_holiday(d)


def add_working_days(d: dt.date, n: int) -> dt.date:
    """The n-th working day after `d` (before it for negative n); `d` itself never counts.

    ``add_working_days(registration, 5)`` is the deadline of the initial interview. With
    n == 0 the result is `d` if it is a working day, otherwise the next working day.
    """
    if n == 0:
        return d if is_working_day(d) else add_working_days(d, 1)
    step = dt.timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    current = d
    while remaining:
        current += step
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Working days in the half-open interval (a, b]; negative if b is before a.

    Consistent with add_working_days: ``working_days_between(d, add_working_days(d, n)) == n``.
    """
    if b < a:
        return -working_days_between(b, a)
    days = (b - a).days
    full_weeks, rest = divmod(days, 7)
    count = full_weeks * 5
    for i in range(1, rest + 1):
        if (a + dt.timedelta(days=i)).weekday() < 5:
            count += 1
    for year in range(a.year, b.year + 1):
        count -= sum(1 for h in holidays_in(year) if a < h <= b and h.weekday() < 5)
    return count


def next_working_day(d: dt.date) -> dt.date:
    """`d` if it is a working day, else the first working day after it."""
    return add_working_days(d, 0)
