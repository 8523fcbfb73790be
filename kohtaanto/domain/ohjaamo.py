"""Ohjaamo (guidance centres for under-30s): age groups and the annual client survey's
questions, read from versioned data (kohtaanto/data/ohjaamo/survey.json). Pure: no Django."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "ohjaamo" / "survey.json"

# Ohjaamo serves people under 30; the national visit template counts these groups.
AGE_GROUPS = ("under_18", "18_24", "25_29", "30_plus", "unknown")


def age_group(age: int | None) -> str:
    if age is None:
        return "unknown"
    if age < 18:
        return "under_18"
    if age < 25:
        return "18_24"
    if age < 30:
        return "25_29"
    return "30_plus"


class SurveyError(ValueError):
    """The survey file is wrong, or answers do not fit its questions."""


class _Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Question(_Rule):
    id: str = Field(min_length=1, pattern=r"^[a-z_]+$")
    kind: Literal["grade", "scale"]
    min: int
    max: int
    text: dict[str, str]

    def label(self, language: str) -> str:
        return self.text.get(language) or self.text.get("fi") or self.id


class SurveySource(_Rule):
    name: str
    url: str
    unverified: tuple[str, ...] = ()


class SurveyVersion(_Rule):
    id: str
    valid_from: dt.date
    valid_until: dt.date | None
    source: SurveySource
    questions: tuple[Question, ...] = Field(min_length=1)

    def covers(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)

    def validate_answers(self, answers: dict[str, int]) -> dict[str, int]:
        """Every question answered within its range; unknown keys refused. Errors by question."""
        errors = {}
        known = {q.id: q for q in self.questions}
        for key in answers:
            if key not in known:
                errors[key] = "unknown question"
        for q in self.questions:
            value = answers.get(q.id)
            if value is None:
                errors[q.id] = "missing"
            elif not q.min <= value <= q.max:
                errors[q.id] = f"must be {q.min}-{q.max}"
        if errors:
            raise SurveyError("; ".join(f"{k}: {v}" for k, v in sorted(errors.items())))
        return {q.id: answers[q.id] for q in self.questions}


class _File(_Rule):
    survey: Literal["ohjaamo_client_survey"]
    versions: tuple[SurveyVersion, ...] = Field(min_length=1)


@cache
def load_versions(path: Path = DATA_FILE) -> tuple[SurveyVersion, ...]:
    try:
        return _File.model_validate(json.loads(path.read_text(encoding="utf-8"))).versions
    except (OSError, json.JSONDecodeError, ValidationError) as exc:
        raise SurveyError(f"{path.name}: {exc}") from exc


def survey_in_force(on: dt.date, path: Path = DATA_FILE) -> SurveyVersion:
    for version in load_versions(path):
        if version.covers(on):
            return version
    raise SurveyError(f"no Ohjaamo survey version in force on {on.isoformat()}")
