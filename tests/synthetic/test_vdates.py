"""The vectorised date helpers agree with the scalar domain rules they replay."""

import datetime as dt

import numpy as np

from kohtaanto.domain.nordic import add_months
from kohtaanto.domain.segmentation import age_on
from kohtaanto.domain.workdays import add_working_days, next_working_day
from kohtaanto.synthetic.vdates import WorkCalendar, age_years, to_date, to_day
from kohtaanto.synthetic.vdates import add_months as v_add_months


def _days(rng, n, first=dt.date(2023, 1, 1), last=dt.date(2026, 12, 31)):
    return rng.integers(to_day(first), to_day(last), n).astype(np.int32)


def test_add_months_matches_scalar():
    rng = np.random.default_rng(0)
    days = np.concatenate([_days(rng, 300), [to_day(dt.date(2024, 1, 31)), to_day(dt.date(2023, 8, 31))]])
    for k in (-24, -1, 1, 3, 6, 7, 13):
        got = v_add_months(days, k)
        assert [to_date(g) for g in got] == [add_months(to_date(d), k) for d in days]


def test_working_days_match_scalar():
    cal = WorkCalendar(dt.date(2022, 6, 1), dt.date(2027, 12, 31))
    rng = np.random.default_rng(1)
    days = _days(rng, 300)
    for n in (1, 5, 9):
        assert [to_date(g) for g in cal.add(days, n)] == [add_working_days(to_date(d), n) for d in days]
    assert [to_date(g) for g in cal.on_or_after(days)] == [next_working_day(to_date(d)) for d in days]


def test_age_matches_calendar_age():
    rng = np.random.default_rng(2)
    birth = _days(rng, 400, dt.date(1950, 1, 1), dt.date(2008, 12, 31))
    birth = np.concatenate([birth, [to_day(dt.date(2000, 2, 29))]])
    on = np.concatenate([_days(rng, 400), [to_day(dt.date(2025, 2, 28))]])
    assert age_years(birth, on).tolist() == [
        age_on(to_date(b), to_date(o)) for b, o in zip(birth, on, strict=True)
    ]
