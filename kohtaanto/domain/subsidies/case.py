"""A subsidy case: what the calculator is told about the job, the employer and the client.

The same model validates a line of `kohtaanto subsidy calculate --input` and, later, the
decision pages' input, so a bad field is refused with its name before anything is counted.
Amounts are euros; `monthly_pay` is gross wages without the employer's side costs and
holiday pay (those are separate fields, because only some benefits count them).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .rules import EmployerKind, Ground, StateAidBasis

Benefit = Literal["palkkatuki", "helsinki_lisa", "tyokokeilu", "starttiraha"]
Euros = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]


class _Input(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Period(_Input):
    """A registered unemployment period; `end` None = still unemployed."""

    start: dt.date
    end: dt.date | None = None

    @model_validator(mode="after")
    def _order(self) -> Period:
        if self.end is not None and self.end < self.start:
            raise ValueError("end is before start")
        return self


class PreviousGrant(_Input):
    """An earlier grant for the same person (for the 3-year rule and the month limits)."""

    benefit: Benefit
    start: dt.date
    end: dt.date
    same_employer: bool = True  # the same employer or work-trial organiser as this case

    @model_validator(mode="after")
    def _order(self) -> PreviousGrant:
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


class DeMinimisAid(_Input):
    """De minimis aid the undertaking has received (declared or granted by Kohtaanto)."""

    granted_on: dt.date
    amount: Euros
    grantor: str = ""


class Client(_Input):
    age: Annotated[int, Field(ge=0, le=120)]  # on the start date
    unemployment_periods: tuple[Period, ...] = ()
    reduced_work_capacity: bool = False
    basic_education_only: bool = False
    immigrant: bool = False
    helsinki_resident: bool = False
    helsinki_need_assessed: bool = False
    helsinki_card: bool = False


class StartUp(_Input):
    full_time: bool
    skills: bool
    tax_arrears: bool = False
    started_before_decision: bool = False


class SubsidyCase(_Input):
    id: str = Field(min_length=1, max_length=100)
    benefit: Benefit
    start_date: dt.date
    planned_months: Annotated[int, Field(ge=1, le=36)]
    ground: Ground | None = None
    employer_kind: EmployerKind | None = None
    aid_basis: StateAidBasis | None = None  # a business's choice where the rules allow two
    monthly_pay: Euros = Decimal(0)
    side_costs_monthly: Euros = Decimal(0)
    holiday_pay_monthly: Euros = Decimal(0)
    working_time_percent: Annotated[Decimal, Field(gt=0, le=100)] = Decimal(100)
    weekly_hours: Annotated[Decimal, Field(gt=0, le=80)] | None = None
    hours_per_day: Annotated[Decimal, Field(gt=0, le=24)] | None = None
    days_per_week: Annotated[int, Field(ge=1, le=7)] | None = None
    pay_subsidy_monthly: Euros = Decimal(0)  # granted palkkatuki or 55+ subsidy (Helsinki-lisä)
    pay_subsidy_months: Annotated[int, Field(ge=0, le=36)] = 0
    training_compensation_monthly: Euros = Decimal(0)
    state_aid_max_percent: Annotated[Decimal, Field(gt=0, le=100)] | None = None
    applied_on: dt.date | None = None
    client: Client | None = None
    startup: StartUp | None = None
    previous_grants: tuple[PreviousGrant, ...] = ()
    de_minimis_received: tuple[DeMinimisAid, ...] = ()

    @model_validator(mode="after")
    def _what_each_benefit_needs(self) -> SubsidyCase:
        missing = [name for name in _REQUIRED[self.benefit] if getattr(self, name) is None]
        if self.benefit in ("palkkatuki", "helsinki_lisa") and self.monthly_pay == 0:
            missing.append("monthly_pay")
        if self.ground == "age_55_plus" and self.weekly_hours is None:
            missing.append("weekly_hours")
        if missing:
            raise ValueError(f"{', '.join(missing)}: required for benefit {self.benefit}")
        if self.ground is not None and self.benefit != "palkkatuki":
            raise ValueError(f"ground: only palkkatuki has grounds, not {self.benefit}")
        if self.aid_basis is not None and self.employer_kind != "business":
            raise ValueError("aid_basis: only a business's aid has a state-aid basis to choose")
        if self.pay_subsidy_monthly > 0 and self.pay_subsidy_months == 0:
            raise ValueError("pay_subsidy_months: required when pay_subsidy_monthly is given")
        return self


_REQUIRED: dict[str, tuple[str, ...]] = {
    "palkkatuki": ("ground", "employer_kind", "client"),
    "helsinki_lisa": ("employer_kind", "client"),
    "tyokokeilu": ("employer_kind", "hours_per_day", "days_per_week"),
    "starttiraha": ("startup",),
}


def describe_errors(exc: ValidationError) -> str:
    """One line per wrong field ("field 'client.age': ..."), as the command line shows it."""
    parts = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        parts.append(f"field {field!r}: {message}" if field else message)
    return "; ".join(parts)
