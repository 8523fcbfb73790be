"""Kohtaanto's own format: JSON Lines, one record a line (docs/catalogue-format.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from kohtaanto.domain import documents

from . import FormatError
from .record import compact, parse_each


def parse(text: str) -> list[dict]:
    """Validate every line; blank lines are skipped but still counted for line numbers."""
    items: list[tuple[int, object]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append((number, documents.loads(line)))
        except documents.DocumentRejected as exc:
            raise FormatError(str(exc), number=number) from None
        except ValueError as exc:
            raise FormatError(f"not valid JSON ({exc})", number=number) from None
    records = []
    # parse_each numbers items 1..n; map back to the file's line numbers.
    for number, obj in items:
        try:
            records.extend(parse_each([obj], lambda o: o, unit="line"))
        except FormatError as exc:
            raise FormatError(exc.message, number=number, field=exc.field) from None
    seen: dict[str, int] = {}
    for (number, _), rec in zip(items, records, strict=True):
        if rec["id"] in seen:
            raise FormatError(f"duplicate id (also on line {seen[rec['id']]})", number=number, field="id")
        seen[rec["id"]] = number
    return records


def dump(records: Iterable[dict]) -> str:
    """One compact JSON object a line, empty fields left out, UTF-8 text kept readable."""
    return "".join(json.dumps(compact(r), ensure_ascii=False) + "\n" for r in records)
