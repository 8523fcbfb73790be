"""Parsing a batch of transferred clients from CSV or JSON (array or JSON Lines).

Parsing only turns text into `Registration`s and names the row and field of anything it
cannot read; validation and writing happen in `intake.clients_register`, all or nothing.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from kohtaanto.domain import documents

from .intake import ImportRejected, Registration

FIELDS = [
    "hetu", "first_name", "last_name", "mother_tongue", "education_level", "finnish_level", "swedish_level",
    "needs_multiprofessional", "arrival_date", "postal_code", "municipality", "preferred_office", "registration_date",
]  # fmt: skip
REQUIRED = ["hetu", "first_name", "last_name", "mother_tongue", "education_level"]
MAX_ROWS = 200_000


def _date(value, row: int, name: str, errors: list) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors.append({"row": row, "field": name, "message": f"not a date (YYYY-MM-DD): {str(value)[:40]!r}"})
        return None


def _bool(value, row: int, name: str, errors: list) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in ("", "0", "false", "no", "ei"):
        return False
    if text in ("1", "true", "yes", "kyllä"):
        return True
    errors.append({"row": row, "field": name, "message": f"not true/false: {text[:20]!r}"})
    return False


def _to_registration(record: dict, row: int, errors: list) -> Registration | None:
    if not isinstance(record, dict):
        errors.append({"row": row, "field": "", "message": "not an object"})
        return None
    unknown = set(record) - set(FIELDS)
    for name in sorted(unknown):
        errors.append({"row": row, "field": name, "message": "unknown field"})
    for name in REQUIRED:
        if not str(record.get(name) or "").strip():
            errors.append({"row": row, "field": name, "message": "missing"})
    text = {k: str(record.get(k) or "").strip() for k in FIELDS}
    return Registration(
        hetu=text["hetu"],
        first_name=text["first_name"],
        last_name=text["last_name"],
        mother_tongue=text["mother_tongue"].lower(),
        education_level=text["education_level"],
        finnish_level=text["finnish_level"]
        or ("native" if text["mother_tongue"].lower() == "fi" else "none"),
        swedish_level=text["swedish_level"]
        or ("native" if text["mother_tongue"].lower() == "sv" else "none"),
        needs_multiprofessional=_bool(
            record.get("needs_multiprofessional"), row, "needs_multiprofessional", errors
        ),
        arrival_date=_date(record.get("arrival_date"), row, "arrival_date", errors),
        postal_code=text["postal_code"],
        municipality=text["municipality"] or "091",
        preferred_office=text["preferred_office"],
        registration_date=_date(record.get("registration_date"), row, "registration_date", errors),
    )


def parse_batch(data: bytes, filename: str, *, max_bytes: int = documents.MAX_BYTES) -> list[Registration]:
    """CSV (header row, comma or semicolon) or JSON; raises ImportRejected with every problem,
    or documents.DocumentRejected (size, nesting) before parsing anything."""
    documents.check_size(len(data), max_bytes=max_bytes)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            [{"row": 0, "field": "", "message": f"not UTF-8 text (byte {exc.start})"}]
        ) from exc
    errors: list[dict] = []
    records: list[dict] = []
    name = filename.lower()
    if name.endswith((".json", ".jsonl", ".ndjson")):
        stripped = text.lstrip()
        if stripped.startswith("["):
            try:
                loaded = documents.loads(text, max_bytes=max_bytes)
            except json.JSONDecodeError as exc:
                raise ImportRejected(
                    [{"row": 0, "field": "", "message": f"invalid JSON at line {exc.lineno}: {exc.msg}"}]
                ) from exc
            records = loaded if isinstance(loaded, list) else []
        else:
            for lineno, line in enumerate(text.splitlines(), 1):
                if line.strip():
                    try:
                        records.append(documents.loads(line, max_bytes=max_bytes))
                    except json.JSONDecodeError as exc:
                        errors.append({"row": lineno, "field": "", "message": f"invalid JSON: {exc.msg}"})
    elif name.endswith((".csv", ".txt")):
        dialect = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        reader = csv.DictReader(io.StringIO(text), delimiter=dialect)
        if not reader.fieldnames or "hetu" not in reader.fieldnames:
            raise ImportRejected(
                [
                    {
                        "row": 1,
                        "field": "hetu",
                        "message": "the header row must name the columns, including hetu",
                    }
                ]
            )
        for rec in reader:
            if None in rec:
                errors.append(
                    {"row": reader.line_num, "field": "", "message": "more values than header columns"}
                )
                rec.pop(None)
            records.append(rec)
    else:
        raise ImportRejected(
            [{"row": 0, "field": "", "message": "unknown file type: use .csv, .json or .jsonl"}]
        )
    if len(records) > MAX_ROWS:
        raise ImportRejected([{"row": 0, "field": "", "message": f"more than {MAX_ROWS:,} rows"}])
    if not records and not errors:
        raise ImportRejected([{"row": 0, "field": "", "message": "the file has no rows"}])
    regs = [_to_registration(r, i, errors) for i, r in enumerate(records, 1)]
    if errors:
        raise ImportRejected(errors)
    return [r for r in regs if r is not None]
