"""Configurable segmentation: which kind of team serves a newly registered client.

Rules are data (JSON), evaluated in order; the first rule whose conditions all hold gives
the client's segment, which matches `Team.segment` in the organisation configuration.
Administrators edit them and preview how many clients a change would move.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

INTEGRATION_PERIOD_YEARS = 3

# Helsinki's rules (seed, Dec 2020): youth first, then integration, then multi-professional
# support, otherwise an adult team by education level.
DEFAULT_RULES: list[dict[str, Any]] = [
    {"name": "youth_multiprofessional", "if": {"age_lt": 30, "needs_multiprofessional": True}, "segment": "multiprofessional_youth"},
    {"name": "youth", "if": {"age_lt": 30}, "segment": "youth"},
    {"name": "integration_rehab", "if": {"foreign_in_integration": True, "needs_multiprofessional": True}, "segment": "integration_rehab"},
    {"name": "integration_career", "if": {"foreign_in_integration": True}, "segment": "integration_career"},
    {"name": "multiprofessional", "if": {"needs_multiprofessional": True}, "segment": "multiprofessional"},
    {"name": "adult_tertiary", "if": {"education_in": ["tertiary"]}, "segment": "adult_tertiary"},
    {"name": "adult_upper_secondary", "if": {"education_in": ["upper_secondary"]}, "segment": "adult_upper_secondary"},
    {"name": "adult_basic", "if": {}, "segment": "adult_basic"},
]  # fmt: skip

CONDITIONS = {
    "age_lt": int,
    "age_gte": int,
    "needs_multiprofessional": bool,
    "foreign_in_integration": bool,
    "language_group_in": list,
    "education_in": list,
    "municipality_in": list,
}


@dataclass(frozen=True)
class Facts:
    """What the rules may look at; computed from a client at a reference date."""

    age: int
    language_group: str  # fi, sv, foreign
    education_level: str
    needs_multiprofessional: bool
    foreign_in_integration: bool
    municipality: str = ""


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def facts_for(
    *,
    birth_date: dt.date,
    mother_tongue: str,
    education_level: str,
    needs_multiprofessional: bool,
    arrival_date: dt.date | None,
    registration_date: dt.date,
    municipality: str = "",
) -> Facts:
    group = mother_tongue if mother_tongue in ("fi", "sv") else "foreign"
    in_period = (
        group == "foreign"
        and arrival_date is not None
        and (registration_date - arrival_date).days <= INTEGRATION_PERIOD_YEARS * 365
    )
    return Facts(
        age=age_on(birth_date, registration_date),
        language_group=group,
        education_level=education_level,
        needs_multiprofessional=needs_multiprofessional,
        foreign_in_integration=in_period,
        municipality=municipality,
    )


class RuleError(ValueError):
    pass


class Conditions(BaseModel):
    """The conditions a rule may have (all must hold); anything else is an unknown one."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    age_lt: int | None = None
    age_gte: int | None = None
    needs_multiprofessional: bool | None = None
    foreign_in_integration: bool | None = None
    language_group_in: list[str] | None = None
    education_in: list[str] | None = None
    municipality_in: list[str] | None = None


class Rule(BaseModel):
    """One rule as administrators write it: {"name", "if": {condition: value}, "segment"}."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)
    name: str = ""
    conditions: Conditions = Field(default_factory=Conditions, alias="if")
    segment: str = Field(min_length=1)


_RULES = TypeAdapter(list[Rule])


def _place(error: ErrorDetails) -> str:
    """'rule 2, field if.age_lt: must be a whole number' from a pydantic error."""
    loc = list(error["loc"])
    where = f"rule {loc[0] + 1}" if loc and isinstance(loc[0], int) else "rules"
    field = ".".join(str(part) for part in loc[1:])
    kind = error["type"]
    if kind == "extra_forbidden" and field.startswith("if."):
        message = f"unknown condition (known: {', '.join(CONDITIONS)})"
    elif kind == "missing":
        message = "missing"
    elif kind in ("int_type", "int_parsing"):
        message = "must be a whole number"
    elif kind == "bool_type":
        message = "must be true or false"
    elif kind in ("list_type", "string_type") and field.startswith("if."):
        message = "must be a list of strings"
    elif kind in ("model_type", "dict_type"):
        message = "must be an object"
    else:
        message = error["msg"]
    if field.startswith("if.") and field.count(".") > 1:  # if.education_in.0 -> the list
        field = ".".join(field.split(".")[:2])
    return f"{where}, field {field}: {message}" if field else f"{where}: {message}"


def validate_rules(rules: Any, segments: set[str] | None = None) -> list[dict[str, Any]]:
    """Check the shape (pydantic); raises RuleError naming the rule and field. The last rule
    must match all. Returns the rules as given."""
    if not isinstance(rules, list) or not rules:
        raise RuleError("rules must be a non-empty list")
    try:
        parsed = _RULES.validate_python(rules)
    except ValidationError as exc:
        raise RuleError(_place(exc.errors()[0])) from None
    for i, rule in enumerate(parsed, 1):
        if segments is not None and rule.segment not in segments:
            raise RuleError(f"rule {i}, field segment: no team serves segment {rule.segment!r}")
    if parsed[-1].conditions.model_dump(exclude_none=True):
        raise RuleError(
            f"rule {len(rules)}: the last rule must have no conditions, so every client gets a segment"
        )
    return rules


def _holds(key: str, value: Any, f: Facts) -> bool:
    match key:
        case "age_lt":
            return f.age < value
        case "age_gte":
            return f.age >= value
        case "needs_multiprofessional":
            return f.needs_multiprofessional is value
        case "foreign_in_integration":
            return f.foreign_in_integration is value
        case "language_group_in":
            return f.language_group in value
        case "education_in":
            return f.education_level in value
        case "municipality_in":
            return f.municipality in value
    raise RuleError(f"unknown condition {key!r}")


def segment(facts: Facts, rules: list[dict[str, Any]] = DEFAULT_RULES) -> tuple[str, str]:
    """(segment, rule name) of the first rule that holds."""
    for rule in rules:
        if all(_holds(k, v, facts) for k, v in rule.get("if", {}).items()):
            return rule["segment"], rule.get("name", "")
    raise RuleError("no rule matched: the last rule must have no conditions")
