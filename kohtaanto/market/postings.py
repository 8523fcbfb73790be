"""One job posting of an import file as a pydantic model. Each field's validator says what
is wrong with it in the words the import error shows (file, line, field: message); lists
may come as JSON lists or, from CSV, as ";"-separated text ("fi:B2;en:B1")."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from kohtaanto.matching.market import LANGUAGES, LEVELS, LICENCES, REMOTE, WORKING_TIMES

from .reference import MUNICIPALITIES

MAX_TEXT = {"title": 300, "employer": 200, "description": 20000, "url": 500, "id": 100}
_NAMES = {names[0].lower(): code for code, names in MUNICIPALITIES.items()} | {
    names[1].lower(): code for code, names in MUNICIPALITIES.items()
}


def _list(value: Any, sep: str = ";") -> list:
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [v.strip() for v in value.split(sep) if v.strip()]
    raise ValueError("must be a list")


def _choices(value: Any, allowed) -> list[str]:
    items = _list(value)
    for x in items:
        if x not in allowed:
            raise ValueError(f"{x!r} is not one of {', '.join(allowed)}")
    return items


def _esco(uri: Any, kind: str) -> str:
    if not isinstance(uri, str) or not uri.startswith(f"http://data.europa.eu/esco/{kind}/"):
        raise ValueError(f"{uri!r} is not an ESCO {kind} URI")
    return uri


class Posting(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_default=True)

    id: str = ""
    title: str = ""
    employer: str = ""
    description: str = ""
    url: str = ""
    municipality: str = ""
    postal_code: str = ""
    working_time: list[str] = []
    driving_licences: list[str] = []
    languages: list[dict[str, str]] = []
    published: date | None = None
    expires: date | None = None
    skills: list[str] = []
    remote: str = "onsite"
    occupation_uri: str = ""

    @field_validator("id", "title", "employer", "description", "url", mode="before")
    @classmethod
    def _text(cls, value: Any, info) -> str:
        key = info.field_name
        if isinstance(value, int) and not isinstance(value, bool) and key == "id":
            value = str(value)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ValueError("must be text")
        value = value.strip()
        if key in ("id", "title") and not value:
            raise ValueError("is required")
        if len(value) > MAX_TEXT[key]:
            raise ValueError(f"is longer than {MAX_TEXT[key]} characters")
        if key == "url" and value and not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) address")
        return value

    @field_validator("municipality", mode="before")
    @classmethod
    def _municipality(cls, value: Any) -> str:
        muni = str(value or "").strip()
        muni = _NAMES.get(muni.lower(), muni)
        if muni and not re.fullmatch(r"\d{3}", muni):
            raise ValueError(f"{muni!r} is not a municipality code (e.g. 091) or a Helsinki-region name")
        return muni

    @field_validator("postal_code", mode="before")
    @classmethod
    def _postal(cls, value: Any) -> str:
        postal = str(value or "").strip()
        if postal and not re.fullmatch(r"\d{5}", postal):
            raise ValueError(f"{postal!r} is not a five-digit postal code")
        return postal

    @field_validator("working_time", mode="before")
    @classmethod
    def _working_time(cls, value: Any) -> list[str]:
        return _choices(value, WORKING_TIMES)

    @field_validator("driving_licences", mode="before")
    @classmethod
    def _licences(cls, value: Any) -> list[str]:
        return _choices(value, LICENCES)

    @field_validator("languages", mode="before")
    @classmethod
    def _languages(cls, value: Any) -> list[dict[str, str]]:
        out = []
        for item in _list(value):
            if isinstance(item, str):
                code, _, level = item.partition(":")
                item = {"code": code.strip(), "level": level.strip()}
            if (
                not isinstance(item, dict)
                or item.get("code") not in LANGUAGES
                or item.get("level") not in LEVELS
            ):
                raise ValueError(
                    f"{item!r} is not a language requirement like fi:B2 (languages {', '.join(LANGUAGES)})"
                )
            out.append({"code": item["code"], "level": item["level"]})
        return out

    @field_validator("published", "expires", mode="before")
    @classmethod
    def _date(cls, value: Any) -> date | None:
        if value in (None, ""):
            return None
        if not isinstance(value, str):
            raise ValueError("must be a date YYYY-MM-DD")
        return date.fromisoformat(value)

    @field_validator("skills", mode="before")
    @classmethod
    def _skills(cls, value: Any) -> list[str]:
        return [_esco(s, "skill") for s in _list(value)]

    @field_validator("remote", mode="before")
    @classmethod
    def _remote(cls, value: Any) -> str:
        remote = value or "onsite"
        if remote not in REMOTE:
            raise ValueError(f"must be one of {', '.join(REMOTE)}")
        return remote

    @field_validator("occupation_uri", mode="before")
    @classmethod
    def _occupation(cls, value: Any) -> str:
        if not value:
            return ""
        try:
            return _esco(value, "occupation")
        except ValueError:
            raise ValueError("must be an ESCO occupation URI") from None

    def row(self) -> dict:
        """The model fields of a stored posting (the id is the source's external id)."""
        row = self.model_dump()
        row["external_id"] = row.pop("id")
        return row
