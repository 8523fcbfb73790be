"""Vectorised date arithmetic on int32 day numbers (days since 1970-01-01).

The generator handles millions of dates; doing them one `datetime.date` at a time would
blow the performance budget. These helpers give the same answers as the scalar rules in
`kohtaanto.domain.workdays` and `kohtaanto.domain.nordic` (the tests check that).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import numpy as np

from kohtaanto.domain.workdays import is_working_day

EPOCH = dt.date(1970, 1, 1)
NEVER = np.int32(2**31 - 1)  # "no date": sorts after every real day


def to_day(d: dt.date) -> int:
    return (d - EPOCH).days


def to_date(day: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(day))


def as_datetime64(days: np.ndarray) -> np.ndarray:
    return np.asarray(days, dtype=np.int64).astype("datetime64[D]")


def add_months(days: np.ndarray, months: int | np.ndarray) -> np.ndarray:
    """Calendar-month addition clipped to month end, like `nordic.add_months`."""
    d = as_datetime64(days)
    month = d.astype("datetime64[M]")
    day_of_month = (d - month.astype("datetime64[D]")).astype(np.int64)
    target = month + np.asarray(months, dtype=np.int64)
    month_len = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(np.int64)
    out = target.astype("datetime64[D]") + np.minimum(day_of_month, month_len - 1)
    return out.astype(np.int64).astype(np.int32)


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month (1-12) and day of month (1-31) of each day number."""
    d = as_datetime64(days)
    month = d.astype("datetime64[M]")
    year = d.astype("datetime64[Y]").astype(np.int64) + 1970
    return year, month.astype(np.int64) % 12 + 1, (d - month.astype("datetime64[D]")).astype(np.int64) + 1


def age_years(birth: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Completed years of age on a day, like `segmentation.age_on`."""
    by, bm, bd = ymd(birth)
    oy, om, od = ymd(on)
    return oy - by - ((om < bm) | ((om == bm) & (od < bd)))


class WorkCalendar:
    """Working days between two dates as a sorted array, for vectorised look-ups."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        start, stop = to_day(first), to_day(last)
        days = np.arange(start, stop + 1, dtype=np.int32)
        mask = np.fromiter((is_working_day(to_date(int(d))) for d in days), dtype=np.bool_, count=len(days))
        self.first, self.last = start, stop
        self.days = days[mask]

    def _index(self, days: np.ndarray, side: Literal["left", "right"]) -> np.ndarray:
        days = np.asarray(days)
        if days.size and (days.min() < self.first or days.max() > self.last - 30):
            raise ValueError("date outside the working-day calendar range")
        return np.searchsorted(self.days, days, side=side)

    def add(self, days: np.ndarray, n: int | np.ndarray) -> np.ndarray:
        """The n-th working day after each day (n >= 1), like `workdays.add_working_days`."""
        return self.days[self._index(days, "right") + np.asarray(n) - 1]

    def on_or_after(self, days: np.ndarray) -> np.ndarray:
        """Each day itself if it is a working day, else the next working day."""
        return self.days[self._index(days, "left")]
