"""TYP, the multi-professional joint service (Act 1369/2014): who qualifies and how long the
mapping period may last, from versioned rule data (kohtaanto/data/typ/typ.json).

The thresholds live in the data with their validity and source, so an amendment of the Act is
a new version there; this module only reads the version in force and applies it. Pure: no
Django, so the indicator export and notebooks use the same rule.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "typ" / "typ.json"

Party = Literal["employment", "social", "kela"]
Basis = Literal["labour_market_support", "unemployment_duration", ""]


class TypRuleError(ValueError):
    """The rule file is missing or wrong."""


class _Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Rule):
    act: str = Field(min_length=1)
    section: str = Field(min_length=1)
    url: str = Field(min_length=1)
    guidance: tuple[str, ...] = ()
    unverified: tuple[str, ...] = ()


class AgeThreshold(_Rule):
    below_age: int | None  # None: everyone older than the earlier rows
    months: int = Field(gt=0)


class TypVersion(_Rule):
    id: str = Field(min_length=1)
    valid_from: dt.date
    valid_until: dt.date | None
    source: Source
    labour_market_support_days: int = Field(gt=0)
    continuous_unemployment_months: tuple[AgeThreshold, ...] = Field(min_length=1)
    mapping_period_max_months: int = Field(gt=0, le=12)
    parties: tuple[Party, ...] = Field(min_length=1)

    def covers(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)

    def months_required(self, age: int) -> int:
        for row in self.continuous_unemployment_months:
            if row.below_age is None or age < row.below_age:
                return row.months
        return self.continuous_unemployment_months[-1].months


class _File(_Rule):
    service: Literal["typ"]
    name: dict[str, str]
    versions: tuple[TypVersion, ...] = Field(min_length=1)


@cache
def load_versions(path: Path = DATA_FILE) -> tuple[TypVersion, ...]:
    try:
        return _File.model_validate(json.loads(path.read_text(encoding="utf-8"))).versions
    except (OSError, json.JSONDecodeError, ValidationError) as exc:
        raise TypRuleError(f"{path.name}: {exc}") from exc


def rules_in_force(on: dt.date, path: Path = DATA_FILE) -> TypVersion:
    for version in load_versions(path):
        if version.covers(on):
            return version
    raise TypRuleError(f"typ: no rule version in force on {on.isoformat()}")


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def full_months(start: dt.date, end: dt.date) -> int:
    """Whole months from start to end (0 when end is before start)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


class Eligibility(BaseModel):
    """The result of the check, with the figures it used, so the page shows why."""

    model_config = ConfigDict(frozen=True)

    eligible: bool
    basis: Basis
    age: int
    unemployed_months: int
    months_required: int
    support_days: int | None
    support_days_required: int
    rule_version: str


def check_eligibility(
    *, birth_date: dt.date, unemployed_since: dt.date | None, support_days: int | None, on: dt.date
) -> Eligibility:
    """Eligible with 300 days of labour-market support (the figure Kela reports; None when
    not known), or with continuous unemployment of the months the client's age requires."""
    rules = rules_in_force(on)
    age = age_on(birth_date, on)
    months = full_months(unemployed_since, on) if unemployed_since else 0
    required = rules.months_required(age)
    basis: Basis = ""
    if support_days is not None and support_days >= rules.labour_market_support_days:
        basis = "labour_market_support"
    elif unemployed_since is not None and months >= required:
        basis = "unemployment_duration"
    return Eligibility(
        eligible=bool(basis),
        basis=basis,
        age=age,
        unemployed_months=months,
        months_required=required,
        support_days=support_days,
        support_days_required=rules.labour_market_support_days,
        rule_version=rules.id,
    )


def mapping_period_latest_end(start: dt.date) -> dt.date:
    """The last day the mapping period may run (at most the months the rules allow)."""
    return add_months(start, rules_in_force(start).mapping_period_max_months)
