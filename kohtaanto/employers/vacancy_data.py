"""A vacancy as entered by an employer or a coordinator, validated once with pydantic; the
form, the API and the demo all go through `VacancyData`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator


class LanguageNeed(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    code: str = Field(..., pattern=r"^[a-z]{2}$", description="ISO 639-1, e.g. fi, sv, en")
    level: Literal["basic", "good", "excellent", "native"] = "good"


class VacancyData(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    occupation_uri: str = Field("", max_length=200)
    skills: list[str] = Field(default_factory=list, max_length=60)
    municipality: str = Field("", pattern=r"^(\d{3})?$", description="municipality code, e.g. 091")
    postal_code: str = Field("", pattern=r"^(\d{5})?$")
    weekly_hours: Decimal | None = Field(None, gt=0, le=80)
    working_time: Literal["full_time", "part_time", "shift"] = "full_time"
    contract: Literal["permanent", "fixed_term"] = "permanent"
    languages: list[LanguageNeed] = Field(default_factory=list, max_length=10)
    start_date: date | None = None
    apply_by: date | None = None
    subsidy_interest: bool = False
    positions: int = Field(1, ge=1, le=500)

    @field_validator("skills")
    @classmethod
    def _skills(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(s.strip() for s in value if s.strip()))

    @model_validator(mode="after")
    def _dates(self) -> VacancyData:
        if self.apply_by and self.start_date and self.apply_by > self.start_date:
            raise ValueError("the application period ends after the job starts")
        return self


def field_errors(exc: ValidationError) -> dict[str, str]:
    """pydantic's errors as {field: message}, the form's and the API's shape."""
    return {".".join(str(p) for p in e["loc"]) or "vacancy": e["msg"] for e in exc.errors()}
