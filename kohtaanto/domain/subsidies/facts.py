"""Date arithmetic the rules need, one definition each: unemployment within a window, months
of earlier grants, weekdays per calendar month, the payment-application deadline and the de
minimis window.

Unemployment "N months within the last M months" is counted in days: N months = ceil(N x
days_per_month) days (the rule data's average month, 30.4375 days), looked for among the
ceil(M x days_per_month) days before the start date. So 6 months = 183 days, 12 = 366,
24 = 731, and the windows of 15 and 28 months are 457 and 853 days.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Iterable
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from kohtaanto.domain.nordic import add_months

from .case import DeMinimisAid, Period, PreviousGrant
from .rules import DeMinimisVersion, Unemployment

ONE_DAY = dt.timedelta(days=1)


def months_in_days(months: Decimal, days_per_month: Decimal) -> int:
    return math.ceil(months * days_per_month)


def unemployed_days(periods: Iterable[Period], start: dt.date, window_days: int) -> int:
    """Days of registered unemployment among the `window_days` days before `start`.

    Overlapping periods count once; an open period runs up to the day before `start`.
    """
    first, last = start - dt.timedelta(days=window_days), start - ONE_DAY
    days: set[dt.date] = set()
    for p in periods:
        lo, hi = max(p.start, first), min(p.end or last, last)
        days.update(lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1))
    return len(days)


def unemployment_check(
    periods: Iterable[Period], start: dt.date, need: Unemployment, days_per_month: Decimal
) -> tuple[bool, int, int, int]:
    """(met, unemployed days found, days needed, window days) for an Unemployment rule."""
    window = months_in_days(need.within_months, days_per_month)
    needed = months_in_days(need.min_months, days_per_month)
    found = unemployed_days(periods, start, window)
    return found >= needed, found, needed, window


def unemployed_on(periods: Iterable[Period], day: dt.date) -> bool:
    return any(p.start <= day and (p.end is None or day <= p.end) for p in periods)


def grant_months(start: dt.date, end: dt.date) -> int:
    """Months from `start` to `end` inclusive, a started month counted whole (limits are maxima)."""
    span = relativedelta(end + ONE_DAY, start)
    return span.years * 12 + span.months + (1 if span.days else 0)


def months_used(grants: Iterable[PreviousGrant], benefit: str, *, same_employer: bool = False) -> int:
    return sum(
        grant_months(g.start, g.end)
        for g in grants
        if g.benefit == benefit and (g.same_employer or not same_employer)
    )


def period_end(start: dt.date, months: int) -> dt.date:
    """The last day of a period of `months` calendar months from `start`."""
    return add_months(start, months) - ONE_DAY


def weekdays_by_month(first: dt.date, last: dt.date, days_per_week: int = 5) -> list[tuple[str, int]]:
    """("YYYY-MM", payable days) for each calendar month from `first` to `last` inclusive.

    Payable days are the first `days_per_week` days of each week (Monday-Friday for 5).
    """
    out: dict[str, int] = {}
    day = first
    while day <= last:
        key = f"{day.year:04d}-{day.month:02d}"
        out[key] = out.get(key, 0) + (1 if day.weekday() < days_per_week else 0)
        day += ONE_DAY
    return list(out.items())


def payment_deadline(period_last_day: dt.date, months_after: int) -> dt.date:
    """The last day for a payment application: the end of the month `months_after` months
    after the month in which the payment period ends (31 March + 2 -> 31 May)."""
    month_start = add_months(period_last_day.replace(day=1), months_after)
    return month_start.replace(day=calendar.monthrange(month_start.year, month_start.month)[1])


def de_minimis_window_start(version: DeMinimisVersion, on: dt.date) -> dt.date:
    """First day whose aid counts: 3 rolling years back from `on` (2023/2831), or the start of
    the fiscal year two years before (1407/2013; the fiscal year taken as the calendar year)."""
    if version.window == "rolling":
        return add_months(on, -12 * version.years) + ONE_DAY
    return dt.date(on.year - (version.years - 1), 1, 1)


def de_minimis_received(aids: Iterable[DeMinimisAid], version: DeMinimisVersion, on: dt.date) -> Decimal:
    since = de_minimis_window_start(version, on)
    return sum((a.amount for a in aids if a.granted_on >= since), Decimal(0))
