import datetime as dt

import pytest

from kohtaanto.domain.workdays import (
    add_working_days,
    holidays_in,
    is_working_day,
    next_working_day,
    working_days_between,
)

D = dt.date


@pytest.mark.parametrize(
    "day, why",
    [
        (D(2025, 6, 20), "Midsummer Eve (Friday)"),
        (D(2024, 12, 24), "Christmas Eve (Tuesday)"),
        (D(2025, 12, 25), "Christmas Day"),
        (D(2025, 12, 26), "Boxing Day"),
        (D(2025, 4, 18), "Good Friday"),
        (D(2025, 4, 21), "Easter Monday"),
        (D(2026, 4, 6), "Easter Monday 2026"),
        (D(2024, 12, 6), "Independence Day (Friday)"),
        (D(2025, 5, 1), "May Day"),
        (D(2025, 5, 29), "Ascension Day"),
        (D(2026, 1, 6), "Epiphany"),
        (D(2025, 6, 21), "Saturday"),
        (D(2025, 6, 22), "Sunday"),
    ],
)
def test_not_working_days(day, why):
    assert not is_working_day(day), why


def test_ordinary_days_are_working_days():
    assert is_working_day(D(2025, 6, 19))  # Thursday before Midsummer
    assert is_working_day(D(2025, 12, 23))
    assert is_working_day(D(2025, 12, 8))


def test_holiday_sets_are_cached():
    assert holidays_in(2025) is holidays_in(2025)


def test_add_working_days_skips_weekend_and_midsummer():
    # Thursday 19 June 2025 + 1 working day: Fri is Midsummer Eve, so Monday 23 June.
    assert add_working_days(D(2025, 6, 19), 1) == D(2025, 6, 23)


def test_initial_interview_deadline_over_christmas():
    # Registered Monday 22 Dec 2025: 23 Dec, 29, 30, 31 Dec, 2 Jan (1 Jan is a holiday).
    assert add_working_days(D(2025, 12, 22), 5) == D(2026, 1, 2)


def test_add_working_days_over_easter_and_backwards():
    assert add_working_days(D(2025, 4, 17), 1) == D(2025, 4, 22)  # Fri and Mon are holidays
    assert add_working_days(D(2025, 4, 22), -1) == D(2025, 4, 17)
    assert add_working_days(D(2025, 12, 5), 1) == D(2025, 12, 8)  # 6 Dec is a Saturday in 2025


def test_add_zero_working_days():
    assert add_working_days(D(2025, 6, 20), 0) == D(2025, 6, 23)
    assert add_working_days(D(2025, 6, 19), 0) == D(2025, 6, 19)
    assert next_working_day(D(2024, 12, 24)) == D(2024, 12, 27)


def test_working_days_between_is_the_inverse_of_add():
    start = D(2024, 11, 28)
    for n in [0, 1, 5, 17, 40, 260, -3, -30]:
        end = add_working_days(start, n) if n else start
        assert working_days_between(start, end) == n


def test_working_days_between_counts_a_known_month():
    # December 2025: 23 weekdays, minus 24, 25, 26 Dec (6 Dec is Saturday) = 20.
    assert working_days_between(D(2025, 11, 30), D(2025, 12, 31)) == 20
    assert working_days_between(D(2025, 12, 31), D(2025, 11, 30)) == -20
    assert working_days_between(D(2025, 1, 1), D(2025, 1, 1)) == 0
