"""Subsidy rules as versioned data: read kohtaanto/data/subsidies/*.json once, check them, and
pick the version in force on a date.

Every percentage, cap, duration and condition lives in those files with its validity period
and legal source, so a change in the law is a new version there, never an edit here. A file
that does not validate stops the load with an error naming the file, the version and the
field, because a silently wrong rule would pay out wrong money.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "subsidies"

EmployerKind = Literal["business", "association", "public", "private_person"]
StateAidBasis = Literal["block_exemption", "de_minimis"]
Ground = Literal["lack_of_skills", "reduced_work_capacity", "association_100", "age_55_plus"]
Share = Annotated[Decimal, Field(gt=0, le=1)]
Money = Annotated[Decimal, Field(gt=0)]


class RuleDataError(ValueError):
    """A rule file is missing or wrong; `file`, `version` and `field` say where."""

    def __init__(self, message: str, *, file: str = "", version: str = "", field: str = ""):
        super().__init__(message)
        self.file, self.version, self.field = file, version, field


class NoRulesInForce(LookupError):
    """No version of a benefit's rules covers the date: the case cannot be decided here."""

    def __init__(self, benefit: str, on: dt.date, covered: str):
        super().__init__(
            f"{benefit}: no rule version in force on {on.isoformat()} (versions cover {covered})"
        )
        self.benefit, self.on = benefit, on


class _Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Rule):
    act: str = Field(min_length=1)  # act or regulation, or the city decision
    section: str = Field(min_length=1)
    url: str = Field(min_length=1)
    guidance: tuple[str, ...] = ()
    unverified: tuple[str, ...] = ()  # parameters not yet checked against the statute text


class Unemployment(_Rule):
    """At least `min_months` of registered unemployment within the last `within_months`."""

    min_months: Annotated[Decimal, Field(gt=0)]
    within_months: Annotated[Decimal, Field(gt=0)]

    @model_validator(mode="after")
    def _fits(self) -> Unemployment:
        if self.min_months > self.within_months:
            raise ValueError("min_months is longer than within_months")
        return self


class Range(_Rule):
    min: Annotated[Decimal, Field(gt=0)]
    max: Annotated[Decimal, Field(gt=0)]


class Duration(_Rule):
    months: Annotated[int, Field(ge=1)]
    long_unemployment_months: Annotated[int, Field(ge=1)] | None = None
    long_unemployment: Unemployment | None = None

    @model_validator(mode="after")
    def _both_or_neither(self) -> Duration:
        if (self.long_unemployment_months is None) != (self.long_unemployment is None):
            raise ValueError("long_unemployment_months and long_unemployment go together")
        return self


class PayGround(_Rule):
    source: str = Field(min_length=1)
    rate: Share
    monthly_cap: Money
    duration: Duration
    employer_kinds: tuple[EmployerKind, ...] = Field(min_length=1)
    business_aid_bases: tuple[StateAidBasis, ...] = ()
    full_rate_max_working_time: Share | None = None  # costs counted up to this share of full time
    side_cost_coefficient: Annotated[Decimal, Field(ge=1)] = Decimal(1)
    requires_target_group: bool = False
    requires_reduced_work_capacity: bool = False
    min_age: Annotated[int, Field(ge=15)] | None = None
    min_unemployment: Unemployment | None = None
    min_weekly_hours: Annotated[Decimal, Field(gt=0)] | None = None
    three_year_rule: bool = True
    discretionary: bool = True

    @model_validator(mode="after")
    def _business_basis(self) -> PayGround:
        if ("business" in self.employer_kinds) != bool(self.business_aid_bases):
            raise ValueError("a ground open to businesses needs business_aid_bases, and only such a ground")
        return self


class TargetGroups(_Rule):
    """Who the lack-of-skills pay subsidy may help (GBER's disadvantaged or disabled workers)."""

    young_from: int
    young_until: int
    older_from: int
    basic_education_only: bool
    immigrant: bool
    reduced_work_capacity: bool
    unemployment: Unemployment


class ThreeYearRule(_Rule):
    years: Annotated[int, Field(ge=1)]
    counts_benefits: tuple[str, ...] = Field(min_length=1)


class PaymentRules(_Rule):
    periods_months: tuple[int, ...] = Field(min_length=1)
    deadline_months_after_period_month: Annotated[int, Field(ge=0)]


class Version(_Rule):
    id: str = Field(min_length=1)
    valid_from: dt.date
    valid_until: dt.date | None
    source: Source

    @model_validator(mode="after")
    def _period(self) -> Version:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        return self

    def covers(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)


class PalkkatukiVersion(Version):
    decided_by: str
    days_per_month: Money
    unemployed_on_start_required: bool
    target_groups: TargetGroups
    grounds: dict[Ground, PayGround] = Field(min_length=1)
    three_year_rule: ThreeYearRule
    payment: PaymentRules
    rounding: Money


class HelsinkiVersion(Version):
    mode: Literal["top_up", "stand_alone"]
    days_per_month: Money
    rate: Share  # top_up: the share of pay costs all aid together may cover; stand_alone: the grant's share
    monthly_cap: Money
    max_months: Annotated[int, Field(ge=1)]
    pay_costs_include_side_costs: bool
    pay_costs_include_holiday_pay: bool
    employer_kinds: tuple[EmployerKind, ...] = Field(min_length=1)
    business_aid_basis: StateAidBasis
    requires_resident: bool
    requires_pay_subsidy_or_card: bool
    combinable_with_pay_subsidy: bool
    min_unemployment: Unemployment | None = None
    requires_need_assessment: bool = False
    apply_within_months: Annotated[int, Field(ge=1)] | None = None
    rounding: Money


class TyokokeiluVersion(Version):
    organiser_kinds: tuple[EmployerKind, ...] = Field(min_length=1)
    hours_per_day: Range
    days_per_week: Range
    min_months: Annotated[int, Field(ge=1)]
    max_months_per_organiser: Annotated[int, Field(ge=1)]
    max_months_total: Annotated[int, Field(ge=1)]
    expense_allowance_per_day: Money


class StarttirahaVersion(Version):
    daily_amount: Money
    days_per_week: Annotated[int, Field(ge=1, le=7)]
    period_max_months: Annotated[int, Field(ge=1)]
    total_max_months: Annotated[int, Field(ge=1)]
    requires_full_time: bool
    requires_skills: bool
    refuses_tax_arrears: bool
    may_start_before_decision: bool
    aid_basis: StateAidBasis
    rounding: Money


class DeMinimisVersion(Version):
    ceiling: Money
    years: Annotated[int, Field(ge=1)]
    window: Literal["rolling", "fiscal_years"]


VERSION_TYPES: dict[str, type[Version]] = {
    "palkkatuki": PalkkatukiVersion,
    "helsinki_lisa": HelsinkiVersion,
    "tyokokeilu": TyokokeiluVersion,
    "starttiraha": StarttirahaVersion,
    "de_minimis": DeMinimisVersion,
}
BENEFITS = tuple(VERSION_TYPES)


@dataclass(frozen=True)
class RuleBook:
    """Every benefit's versions, oldest first, checked not to overlap."""

    versions: Mapping[str, tuple[Version, ...]]
    names: Mapping[str, Mapping[str, str]]

    def in_force(self, benefit: str, on: dt.date) -> Version:
        """The version of `benefit` in force on `on`; NoRulesInForce when none is."""
        if benefit not in self.versions:
            raise KeyError(f"unknown benefit {benefit!r}; known: {', '.join(self.versions)}")
        for version in self.versions[benefit]:
            if version.covers(on):
                return version
        covered = ", ".join(
            f"{v.valid_from.isoformat()}–{v.valid_until.isoformat() if v.valid_until else 'open'}"
            for v in self.versions[benefit]
        )
        raise NoRulesInForce(benefit, on, covered or "nothing")


def _describe(exc: ValidationError) -> tuple[str, str]:
    """The first error's field path and message, plus how many more there were."""
    errors = exc.errors()
    first = errors[0]
    field = ".".join(str(p) for p in first["loc"]) or "(version)"
    message = str(first["msg"]).removeprefix("Value error, ")
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return field, message + more


def _load_file(path: Path, benefit: str) -> tuple[tuple[Version, ...], dict[str, str]]:
    name = path.name
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except FileNotFoundError:
        raise RuleDataError(f"{name}: missing (every benefit needs its rule file)", file=name) from None
    except json.JSONDecodeError as exc:
        raise RuleDataError(f"{name}: not valid JSON ({exc})", file=name) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("versions"), list) or not raw["versions"]:
        raise RuleDataError(f"{name}: expected an object with a non-empty 'versions' list", file=name)
    if raw.get("benefit") != benefit:
        raise RuleDataError(
            f"{name}: field 'benefit' is {raw.get('benefit')!r}, expected {benefit!r}",
            file=name,
            field="benefit",
        )
    versions: list[Version] = []
    for i, item in enumerate(raw["versions"], 1):
        label = str(item.get("id")) if isinstance(item, dict) and item.get("id") else f"#{i}"
        try:
            versions.append(VERSION_TYPES[benefit].model_validate(item))
        except ValidationError as exc:
            field, message = _describe(exc)
            raise RuleDataError(
                f"{name}: version {label!r}: field {field!r}: {message}",
                file=name,
                version=label,
                field=field,
            ) from None
    versions.sort(key=lambda v: v.valid_from)
    seen: set[str] = set()
    for v in versions:
        if v.id in seen:
            raise RuleDataError(
                f"{name}: version id {v.id!r} is used twice", file=name, version=v.id, field="id"
            )
        seen.add(v.id)
    for a, b in zip(versions, versions[1:], strict=False):
        if a.valid_until is None or a.valid_until >= b.valid_from:
            raise RuleDataError(
                f"{name}: versions {a.id!r} and {b.id!r} overlap (a decision must have one version)",
                file=name,
                version=b.id,
                field="valid_from",
            )
    names = raw.get("name") or {}
    return tuple(versions), {str(k): str(v) for k, v in names.items()}


def load_rules(directory: Path = DATA_DIR) -> RuleBook:
    """Read and check every benefit's file in `directory` (uncached: tests point it elsewhere)."""
    versions: dict[str, tuple[Version, ...]] = {}
    names: dict[str, dict[str, str]] = {}
    for benefit in BENEFITS:
        versions[benefit], names[benefit] = _load_file(Path(directory) / f"{benefit}.json", benefit)
    return RuleBook(versions=versions, names=names)


@cache
def rulebook() -> RuleBook:
    """The shipped rules, loaded and validated once per process."""
    return load_rules()


def rules_in_force(benefit: str, on: dt.date) -> Version:
    """The shipped rules' version of `benefit` in force on `on` (a decision's start date)."""
    return rulebook().in_force(benefit, on)
