"""Reading catalogues, queries and judgements, with errors that name line and field.

Imports are all-or-nothing: the first bad record stops the load with an InputError
saying which file, which line and which field, so a provider can fix the source.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from .types import ClientContext, DocumentError, ServiceDocument


class InputError(ValueError):
    """A user-facing input problem: file, line and field are part of the message."""


@dataclass(frozen=True, slots=True)
class NeedQuery:
    """One need to rank services for (a line of a queries file)."""

    id: str
    text: str
    lang: str | None = None
    client: ClientContext | None = None


def _open(path: str | os.PathLike[str]):
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: file not found")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, expected a file")
    try:
        return p.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line; malformed JSON is an InputError."""
    with _open(path) as fh:
        try:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(
                        f"{path}, line {n}: malformed JSON ({exc.msg} at column {exc.colno})"
                    ) from None
                if not isinstance(obj, dict):
                    raise InputError(f"{path}, line {n}: expected a JSON object")
                yield n, obj
        except UnicodeDecodeError:
            raise InputError(f"{path}: not UTF-8 text") from None


def load_catalog(path: str | os.PathLike[str]) -> list[ServiceDocument]:
    """Service documents from a JSON Lines catalogue; ids must be unique."""
    docs: list[ServiceDocument] = []
    seen: dict[str, int] = {}
    for n, obj in read_jsonl(path):
        try:
            doc = ServiceDocument.from_dict(obj)
        except DocumentError as exc:
            where = f", field '{exc.field}'" if exc.field else ""
            raise InputError(f"{path}, line {n}{where}: {exc}") from None
        if doc.id in seen:
            raise InputError(
                f"{path}, line {n}, field 'id': duplicate id {doc.id!r} (first on line {seen[doc.id]})"
            )
        seen[doc.id] = n
        docs.append(doc)
    if not docs:
        raise InputError(f"{path}: no services")
    return docs


class _NeedLine(BaseModel):
    """One line of a queries file; the client's context is checked by ClientContext."""

    model_config = ConfigDict(extra="ignore")
    id: Annotated[StrictStr, Field(min_length=1)] | StrictInt
    text: StrictStr = Field(min_length=1)
    lang: StrictStr | None = None
    client: dict[str, Any] | None = None


_REASONS = {"missing": "missing", "string_too_short": "missing", "string_type": "must be a string"}


def load_queries(path: str | os.PathLike[str]) -> list[NeedQuery]:
    """Needs from lines {"id", "text", "lang"?, "client"?}."""
    out: list[NeedQuery] = []
    for n, obj in read_jsonl(path):
        try:
            line = _NeedLine.model_validate(obj)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = str(err["loc"][0]) if err["loc"] else "?"
            if field == "id" and err["type"] not in _REASONS:
                reason = "must be a string or a whole number"
            else:
                reason = _REASONS.get(err["type"], "must be an object" if field == "client" else err["msg"])
            raise InputError(f"{path}, line {n}, field '{field}': {reason}") from None
        client = None
        if line.client is not None:
            try:
                client = ClientContext.from_dict(line.client)
            except DocumentError as exc:
                raise InputError(f"{path}, line {n}, field 'client.{exc.field}': {exc}") from None
        out.append(NeedQuery(str(line.id), line.text, line.lang, client))
    return out


def load_qrels(path: str | os.PathLike[str]) -> dict[str, dict[str, int]]:
    """query_id -> {service_id: grade} from `query_id TAB service_id TAB grade` lines."""
    qrels: dict[str, dict[str, int]] = {}
    with _open(path) as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 3:
                raise InputError(f"{path}, line {n}: expected 3 tab-separated columns, got {len(cols)}")
            qid, sid, grade = (c.strip() for c in cols)
            try:
                g = int(grade)
            except ValueError:
                if n == 1:
                    continue  # a header line
                raise InputError(f"{path}, line {n}, column 'grade': not an integer: {grade!r}") from None
            qrels.setdefault(qid, {})[sid] = g
    if not qrels:
        raise InputError(f"{path}: no judgements")
    return qrels
