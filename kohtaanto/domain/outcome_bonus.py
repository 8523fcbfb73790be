"""Outcome bonuses of procured services (issue 17): the rules as versioned, validated data
and the pure computation of outcome events and bonuses due from register outcomes.

A contract's bonus rules are data with versions, like the subsidy rules: each version has
a validity period and a source (the contract clause or the decision), and a cohort member
is paid by the version in force on the day they started. Two outcomes are known:

- ``employed``: employment of at least ``min_weekly_hours`` a week starting within
  ``within_months`` of the member's start, and still employed (at least those hours)
  ``still_employed_after_months`` after that job began. The event falls on the day the
  second condition is met, so it appears only once it has happened.
- ``earnings_share``: a social-impact-bond style share of the participant's earnings over
  ``within_months`` from the start. The register holds hours, not pay, so earnings are
  hours times the rule's ``reference_hourly_wage`` (stated in the contract); the event falls
  when the window closes.

Any other outcome is refused with an error naming it, before anything is stored. Comparison
group members get the same events with a zero amount, which is what an impact estimate
compares against. No Django here: the app's selector feeds plain tuples.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

OUTCOMES = ("employed", "earnings_share")
Money = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)]
CENT = Decimal("0.01")


class RuleError(ValueError):
    """A bonus rule is wrong; the message says which rule and field."""


class _Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EmployedRule(_Rule):
    outcome: Literal["employed"]
    min_weekly_hours: Decimal = Field(gt=0, le=80)
    within_months: int = Field(ge=1, le=60)
    still_employed_after_months: int = Field(0, ge=0, le=60)
    amount: Money


class EarningsShareRule(_Rule):
    outcome: Literal["earnings_share"]
    share: Decimal = Field(gt=0, le=1)
    reference_hourly_wage: Money
    within_months: int = Field(ge=1, le=60)
    cap: Money | None = None


Rule = Annotated[EmployedRule | EarningsShareRule, Field(discriminator="outcome")]


class RuleVersion(_Rule):
    valid_from: dt.date
    valid_to: dt.date | None = None
    source: str = Field("", max_length=300)
    rules: tuple[Rule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _period(self) -> RuleVersion:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


_RULES = TypeAdapter(tuple[Rule, ...])


def parse_rules(raw: object) -> tuple[EmployedRule | EarningsShareRule, ...]:
    """Validate a list of rule dicts; raises RuleError with the rule's index and the field."""
    if not isinstance(raw, list | tuple) or not raw:
        raise RuleError("rules must be a non-empty list")
    for i, item in enumerate(raw):
        outcome = item.get("outcome") if isinstance(item, Mapping) else None
        if outcome not in OUTCOMES:
            raise RuleError(
                f"rule {i + 1}: unknown outcome {outcome!r}; known outcomes: {', '.join(OUTCOMES)}"
            )
    try:
        return _RULES.validate_python(list(raw))
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"][1:] if p not in OUTCOMES)
        index = err["loc"][0] if err["loc"] else 0
        raise RuleError(f"rule {int(index) + 1}: {where or 'rule'}: {err['msg']}") from exc


def parse_version(raw: Mapping) -> RuleVersion:
    """Validate one rule version (validity, source, rules)."""
    rules = parse_rules(raw.get("rules"))
    try:
        return RuleVersion.model_validate({**raw, "rules": rules})
    except ValidationError as exc:
        err = exc.errors()[0]
        raise RuleError(f"{'.'.join(str(p) for p in err['loc']) or 'version'}: {err['msg']}") from exc


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class Member:
    client_id: int
    start: dt.date
    comparison: bool = False


@dataclass(frozen=True, slots=True)
class Job:
    start: dt.date
    end: dt.date | None
    weekly_hours: Decimal


@dataclass(frozen=True, slots=True)
class Version:
    id: int
    version: RuleVersion


@dataclass(frozen=True, slots=True)
class Event:
    client_id: int
    version_id: int
    rule_index: int
    outcome: str
    event_date: dt.date
    amount: Decimal


def _covers(job: Job, day: dt.date, hours: Decimal) -> bool:
    return job.weekly_hours >= hours and job.start <= day and (job.end is None or day <= job.end)


def _employed(rule: EmployedRule, member: Member, jobs: Sequence[Job], as_of: dt.date) -> dt.date | None:
    deadline = add_months(member.start, rule.within_months)
    for job in sorted(jobs, key=lambda j: j.start):
        if job.start < member.start or job.start > deadline or job.weekly_hours < rule.min_weekly_hours:
            continue
        check = add_months(job.start, rule.still_employed_after_months)
        if check > as_of:
            continue
        if any(_covers(other, check, rule.min_weekly_hours) for other in jobs):
            return check
    return None


def _earnings(
    rule: EarningsShareRule, member: Member, jobs: Sequence[Job], as_of: dt.date
) -> tuple[dt.date, Decimal] | None:
    window_end = add_months(member.start, rule.within_months)
    if window_end > as_of:
        return None
    hours = Decimal(0)
    for job in jobs:
        first = max(job.start, member.start)
        last = min(job.end or window_end, window_end)
        if last >= first:
            hours += job.weekly_hours * Decimal((last - first).days + 1) / 7
    if not hours:
        return None
    amount = hours * rule.reference_hourly_wage * rule.share
    if rule.cap is not None:
        amount = min(amount, rule.cap)
    return window_end, amount


def compute_events(
    *,
    members: Iterable[Member],
    jobs: Mapping[int, Sequence[Job]],
    versions: Sequence[Version],
    as_of: dt.date,
) -> list[Event]:
    """Every outcome event and the bonus due, up to `as_of`, for the members' starts under
    the rule version in force on each start."""
    events: list[Event] = []
    for member in members:
        version = next((v for v in versions if v.version.in_force(member.start)), None)
        if version is None:
            continue
        client_jobs = jobs.get(member.client_id, ())
        for index, rule in enumerate(version.version.rules):
            if isinstance(rule, EmployedRule):
                day = _employed(rule, member, client_jobs, as_of)
                if day is None:
                    continue
                amount = rule.amount
            else:
                found = _earnings(rule, member, client_jobs, as_of)
                if found is None:
                    continue
                day, amount = found
            amount = Decimal(0) if member.comparison else amount.quantize(CENT, ROUND_HALF_UP)
            events.append(Event(member.client_id, version.id, index, rule.outcome, day, amount))
    return events


def total_due(events: Iterable[Event]) -> Decimal:
    return sum((e.amount for e in events), Decimal(0))
