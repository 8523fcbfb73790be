"""The pure outcome-bonus computation and the rule validation (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kohtaanto.domain import outcome_bonus as ob

D = dt.date
VERSION = ob.parse_version(
    {
        "valid_from": "2025-01-01",
        "rules": [
            {
                "outcome": "employed",
                "min_weekly_hours": 20,
                "within_months": 6,
                "still_employed_after_months": 3,
                "amount": "1500",
            },
            {
                "outcome": "earnings_share",
                "share": "0.1",
                "reference_hourly_wage": "15",
                "within_months": 12,
                "cap": "800",
            },
        ],
    }
)


FIRST_DAY = D(2025, 1, 10)
AS_OF = D(2026, 6, 1)


def _events(jobs, *, start=FIRST_DAY, as_of=AS_OF, comparison=False):
    return ob.compute_events(
        members=[ob.Member(1, start, comparison)],
        jobs={1: jobs},
        versions=[ob.Version(9, VERSION)],
        as_of=as_of,
    )


def test_unknown_outcome_is_refused_by_name():
    with pytest.raises(ob.RuleError, match="unknown outcome 'happiness'"):
        ob.parse_rules([{"outcome": "happiness", "amount": 10}])


def test_wrong_field_names_the_rule_and_field():
    with pytest.raises(ob.RuleError, match="rule 1: amount"):
        ob.parse_rules([{"outcome": "employed", "min_weekly_hours": 20, "within_months": 6, "amount": -5}])
    with pytest.raises(ob.RuleError, match="valid_to"):
        ob.parse_version(
            {"valid_from": "2025-02-01", "valid_to": "2025-01-01", "rules": VERSION.model_dump()["rules"]}
        )


def test_employed_bonus_needs_the_hours_the_window_and_still_employed():
    events = _events([ob.Job(D(2025, 3, 1), None, Decimal(30))])
    employed = [e for e in events if e.outcome == "employed"]
    assert [(e.event_date, e.amount) for e in employed] == [(D(2025, 6, 1), Decimal("1500.00"))]
    assert not [e for e in _events([ob.Job(D(2025, 3, 1), None, Decimal(10))]) if e.outcome == "employed"]
    late = [ob.Job(D(2025, 8, 1), None, Decimal(30))]  # after the 6-month window
    assert not [e for e in _events(late) if e.outcome == "employed"]
    ended = [ob.Job(D(2025, 3, 1), D(2025, 4, 30), Decimal(30))]  # not employed 3 months later
    assert not [e for e in _events(ended) if e.outcome == "employed"]
    not_yet = _events([ob.Job(D(2025, 3, 1), None, Decimal(30))], as_of=D(2025, 5, 1))
    assert not not_yet


def test_earnings_share_is_capped_and_paid_when_the_window_closes():
    events = [
        e for e in _events([ob.Job(D(2025, 1, 10), None, Decimal(37.5))]) if e.outcome == "earnings_share"
    ]
    assert [(e.event_date, e.amount) for e in events] == [(D(2026, 1, 10), Decimal("800.00"))]


def test_comparison_members_get_events_without_money():
    events = _events([ob.Job(D(2025, 3, 1), None, Decimal(30))], comparison=True)
    assert events and all(e.amount == 0 for e in events)


def test_the_version_in_force_on_the_start_day_applies():
    assert not _events([ob.Job(D(2024, 12, 1), None, Decimal(30))], start=D(2024, 11, 1))


def test_add_months_clamps_to_the_month_end():
    assert ob.add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert ob.add_months(D(2025, 11, 15), 3) == D(2026, 2, 15)
