"""Employer records as imported and exported (CSV and JSON Lines), validated once with
pydantic. Nothing here touches the database: `services.employers_import` writes them."""

from __future__ import annotations

import csv
import io
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kohtaanto.domain import documents
from kohtaanto.domain.ytunnus import InvalidBusinessId, parse_business_id

CSV_FIELDS = (
    "business_id",
    "name",
    "industry",
    "size_class",
    "contact_consent",
    "coordinator",
    "location_address",
    "location_postal_code",
    "location_city",
    "contact_name",
    "contact_title",
    "contact_phone",
    "contact_email",
)


class Location(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    address: str = Field("", max_length=200)
    postal_code: str = Field("", pattern=r"^(\d{5})?$")
    city: str = Field("", max_length=100)


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str = Field(..., min_length=1, max_length=200)
    title: str = Field("", max_length=200)
    phone: str = Field("", max_length=20, pattern=r"^[+\d ()-]*$")
    email: str = Field("", max_length=254, pattern=r"^([^@\s]+@[^@\s]+\.[^@\s]+)?$")


class EmployerRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    business_id: str
    name: str = Field(..., min_length=1, max_length=200)
    industry: str = Field("", pattern=r"^(\d{2,5})?$", description="TOL 2008 code, 2 to 5 digits")
    size_class: Literal["micro", "small", "medium", "large", "unknown"] = "unknown"
    contact_consent: Literal["yes", "no", "unknown"] = "unknown"
    coordinator: str = Field("", max_length=150, description="the coordinator's username")
    locations: list[Location] = Field(default_factory=list, max_length=50)
    contacts: list[Contact] = Field(default_factory=list, max_length=50)

    @field_validator("business_id")
    @classmethod
    def _business_id(cls, value: str) -> str:
        try:
            return parse_business_id(value).value
        except InvalidBusinessId as exc:
            raise ValueError(str(exc)) from exc


class RecordError(BaseModel):
    line: int
    field: str
    message: str


def _errors(line: int, exc: ValidationError) -> list[RecordError]:
    return [
        RecordError(line=line, field=".".join(str(p) for p in e["loc"]) or "record", message=e["msg"])
        for e in exc.errors()
    ]


def _from_csv_row(row: dict[str, str]) -> dict:
    data: dict = {k: (row.get(k) or "") for k in CSV_FIELDS[:6]}
    if any(row.get(f"location_{k}") for k in ("address", "postal_code", "city")):
        data["locations"] = [{k: row.get(f"location_{k}") or "" for k in ("address", "postal_code", "city")}]
    if row.get("contact_name") or row.get("contact_email") or row.get("contact_phone"):
        data["contacts"] = [{k: row.get(f"contact_{k}") or "" for k in ("name", "title", "phone", "email")}]
    return data


def parse(
    content: bytes, fmt: Literal["csv", "jsonl"], *, max_bytes: int = documents.MAX_BYTES
) -> tuple[list[EmployerRecord], list[RecordError]]:
    """Every record, or every error with its line and field (nothing is half-read). A file
    over the size or nesting limits raises DocumentRejected before any parsing."""
    documents.check_size(len(content), max_bytes=max_bytes)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RecordError(line=1, field="file", message="not UTF-8 text")]
    documents.check_depth(text)
    rows: list[tuple[int, object]] = []
    errors: list[RecordError] = []
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(text))
        unknown = set(reader.fieldnames or []) - set(CSV_FIELDS)
        if not reader.fieldnames or "business_id" not in reader.fieldnames or unknown:
            return [], [
                RecordError(line=1, field="header", message=f"columns must be among {', '.join(CSV_FIELDS)}")
            ]
        rows = [(reader.line_num, _from_csv_row(row)) for row in reader]
    else:
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                rows.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                errors.append(RecordError(line=number, field="json", message=exc.msg))
    records: list[EmployerRecord] = []
    seen: dict[str, int] = {}
    for number, data in rows:
        try:
            record = EmployerRecord.model_validate(data)
        except ValidationError as exc:
            errors.extend(_errors(number, exc))
            continue
        if record.business_id in seen:
            errors.append(
                RecordError(
                    line=number,
                    field="business_id",
                    message=f"same business ID as line {seen[record.business_id]}",
                )
            )
        seen.setdefault(record.business_id, number)
        records.append(record)
    return (records, []) if not errors else ([], errors)


def dump(records: list[EmployerRecord], fmt: Literal["csv", "jsonl"]) -> str:
    """CSV (the first location and contact of each) or JSON Lines (all of them)."""
    if fmt == "jsonl":
        return "".join(json.dumps(r.model_dump(), ensure_ascii=False) + "\n" for r in records)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for r in records:
        row = {k: getattr(r, k) for k in CSV_FIELDS[:6]}
        if r.locations:
            row.update({f"location_{k}": v for k, v in r.locations[0].model_dump().items()})
        if r.contacts:
            row.update({f"contact_{k}": v for k, v in r.contacts[0].model_dump().items()})
        writer.writerow(row)
    return out.getvalue()
