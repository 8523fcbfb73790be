"""Parsing market data files into validated rows, all or nothing: the first problem stops
the import with a MarketImportError naming the file, line and field. No Django models here;
services.postings_import / offerings_import store what these return.

Job postings: a JSON array, JSON lines or CSV with the columns of POSTING_FIELDS (lists in
CSV are ";"-separated, languages as "fi:B2;en:B1"). Education: the Opintopolku (konfo) CSV
export, or the JSON lines this module writes (`offering_record`), e.g. the shipped subset.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from pydantic import ValidationError

from kohtaanto.matching.market import LANGUAGES

from .postings import Posting

POSTING_FIELDS = (
    "id",
    "title",
    "employer",
    "description",
    "municipality",
    "postal_code",
    "working_time",
    "remote",
    "languages",
    "driving_licences",
    "published",
    "expires",
    "url",
    "occupation_uri",
    "skills",
)


class MarketImportError(ValueError):
    """A problem in an import file, with the line and field it is on."""

    def __init__(self, where: str, field: str, message: str):
        self.where, self.field = where, field
        super().__init__(f"{where}: field '{field}': {message}" if field else f"{where}: {message}")


def _records(text: str, name: str) -> Iterator[tuple[int, dict]]:
    """(line, object) from a JSON array or JSON lines; the line is where the object starts."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        decoder = json.JSONDecoder()
        pos = text.index("[") + 1
        while True:
            while pos < len(text) and text[pos] in " \t\r\n,":
                pos += 1
            if pos >= len(text):
                raise MarketImportError(
                    f"{name}:{text.count(chr(10), 0, pos) + 1}", "", "the JSON array is not closed"
                )
            if text[pos] == "]":
                return
            line = text.count("\n", 0, pos) + 1
            try:
                obj, pos = decoder.raw_decode(text, pos)
            except json.JSONDecodeError as exc:
                raise MarketImportError(f"{name}:{exc.lineno}", "", f"invalid JSON ({exc.msg})") from None
            yield line, obj
    else:
        for line, raw in enumerate(text.splitlines(), 1):
            if raw.strip():
                try:
                    yield line, json.loads(raw)
                except json.JSONDecodeError as exc:
                    raise MarketImportError(f"{name}:{line}", "", f"invalid JSON ({exc.msg})") from None


class _FieldError(ValueError):
    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


def clean_posting(raw) -> dict:
    """One posting as model fields; raises _FieldError naming the first bad field."""
    if not isinstance(raw, dict):
        raise _FieldError("", "expected an object")
    try:
        return Posting.model_validate(raw).row()
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else ""
        message = str(err["ctx"]["error"]) if err["type"] == "value_error" else err["msg"]
        raise _FieldError(field, message) from None


def parse_postings(text: str, name: str, fmt: str = "auto") -> list[dict]:
    """Validated posting rows from JSON or CSV text; duplicates of an id are an error."""
    if fmt == "auto":
        fmt = "csv" if name.lower().endswith(".csv") else "json"
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(text))
        missing = {"id", "title"} - set(reader.fieldnames or ())
        if missing:
            raise MarketImportError(f"{name}:1", sorted(missing)[0], "column is missing from the header")
        items = ((reader.line_num, r) for r in reader)
    elif fmt == "json":
        items = _records(text, name)
    else:
        raise MarketImportError(name, "", f"unknown format {fmt!r} (json or csv)")
    rows, seen = [], {}
    for line, raw in items:
        try:
            row = clean_posting(raw)
        except _FieldError as exc:
            raise MarketImportError(f"{name}:{line}", exc.field, str(exc)) from None
        if row["external_id"] in seen:
            raise MarketImportError(
                f"{name}:{line}", "id", f"{row['external_id']!r} already on line {seen[row['external_id']]}"
            )
        seen[row["external_id"]] = line
        rows.append(row)
    if not rows:
        raise MarketImportError(name, "", "no postings found")
    return rows


# --- Opintopolku (konfo) --------------------------------------------------------------------

KONFO_URL = "https://opintopolku.fi/konfo/fi/koulutus/{oid}"


def _literal(value: str, field: str):
    if not value:
        return None
    if len(value) > 2_000_000:
        raise _FieldError(field, "is too long")
    try:
        return ast.literal_eval(value)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        raise _FieldError(field, "is not a valid value literal") from None


class _HtmlText(HTMLParser):
    """The text of an HTML fragment and of each <li>, by the standard library's parser: a
    regex breaks on '>' inside attributes, on comments and on script or style content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.items: list[str] = []
        self._item: list[str] | None = None
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        elif tag == "li":
            self._item = []
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden = max(0, self._hidden - 1)
        elif tag == "li" and self._item is not None:
            self.items.append(" ".join("".join(self._item).split()))
            self._item = None
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        self.parts.append(data)
        if self._item is not None:
            self._item.append(data)


def _parse_html(value: str) -> _HtmlText:
    parser = _HtmlText()
    parser.feed(value or "")
    parser.close()
    return parser


def html_text(value: str) -> str:
    return " ".join("".join(_parse_html(value).parts).split())


def list_items(value: str) -> list[str]:
    """The <li> texts of an HTML description (often the occupations graduates work in)."""
    return [t for t in _parse_html(value).items if 3 <= len(t) <= 150]


def _code(uris, prefix: str) -> str:
    for uri in uris or []:
        if isinstance(uri, str) and uri.startswith(prefix):
            return uri[len(prefix) :].split("#")[0]
    return ""


def konfo_row(raw: dict) -> dict:
    oid = (raw.get("oid") or "").strip()
    if not re.fullmatch(r"[0-9.]+", oid):
        raise _FieldError("oid", "is missing or not an Opintopolku oid")
    name = _literal(raw.get("nimi", ""), "nimi") or {}
    if not isinstance(name, dict) or not any(name.values()):
        raise _FieldError("nimi", "must be a {language: name} object with at least one name")
    description = _literal(raw.get("kuvaus", ""), "kuvaus") or {}
    toteutukset = _literal(raw.get("toteutukset", ""), "toteutukset") or []
    titles = _literal(raw.get("tutkintonimikkeet", ""), "tutkintonimikkeet") or []
    langs = _literal(raw.get("kielivalinta", ""), "kielivalinta") or []
    levels = _literal(raw.get("koulutusasteKoodiUrit", ""), "koulutusasteKoodiUrit") or []
    fields = _literal(raw.get("koulutusalaKoodiUrit", ""), "koulutusalaKoodiUrit") or []
    if not isinstance(toteutukset, list) or not all(isinstance(t, dict) for t in toteutukset):
        raise _FieldError("toteutukset", "must be a list of objects")
    providers, munis = [], []
    for t in toteutukset:
        prov = (t.get("oppilaitosNimi") or {}).get("fi") or ""
        if prov and prov not in providers:
            providers.append(prov)
        for k in t.get("kunnat") or []:
            code = str(k.get("koodiUri", "")).removeprefix("kunta_")
            if re.fullmatch(r"\d{3}", code) and code not in munis:
                munis.append(code)
    text = description.get("fi") or description.get("en") or description.get("sv") or ""
    return {
        "external_id": oid,
        "name": {k: str(v)[:500] for k, v in name.items() if k in ("fi", "sv", "en") and v},
        "provider": ", ".join(providers)[:300],
        "level": _code(levels, "kansallinenkoulutusluokitus2016koulutusastetaso1_")[:1],
        "field": _code(fields, "kansallinenkoulutusluokitus2016koulutusalataso1_")[:2],
        "municipalities": munis,
        "languages": [x for x in langs if x in LANGUAGES],
        "degree_titles": [t["nimi"].get("fi") or "" for t in titles if isinstance(t, dict) and t.get("nimi")],
        "description": html_text(text)[:1500],
        "url": KONFO_URL.format(oid=oid),
        # The programme's name often names the occupation or field when the degree title
        # (Tradenomi, Sosionomi) is no ESCO occupation; <li> items list graduates' jobs.
        "occupation_texts": [t for t in (name.get("fi"), *list_items(text)[:8]) if t],
    }


def parse_konfo(text: str, name: str) -> list[dict]:
    csv.field_size_limit(10**8)
    reader = csv.DictReader(io.StringIO(text))
    need = {"oid", "nimi", "toteutukset"} - set(reader.fieldnames or ())
    if need:
        raise MarketImportError(f"{name}:1", sorted(need)[0], "column is missing from the header")
    rows, seen = [], set()
    for raw in reader:
        try:
            row = konfo_row(raw)
        except _FieldError as exc:
            raise MarketImportError(f"{name}:{reader.line_num}", exc.field, str(exc)) from None
        if row["external_id"] not in seen:
            seen.add(row["external_id"])
            rows.append(row)
    if not rows:
        raise MarketImportError(name, "", "no programmes found")
    return rows


OFFERING_KEYS = (
    "external_id",
    "name",
    "provider",
    "level",
    "field",
    "municipalities",
    "languages",
    "degree_titles",
    "description",
    "url",
    "occupations",
    "skills",
)


def parse_offerings_jsonl(text: str, name: str) -> list[dict]:
    """Offerings as written by `offering_record` (one JSON object per line)."""
    rows = []
    for line, raw in _records(text, name):
        if not isinstance(raw, dict):
            raise MarketImportError(f"{name}:{line}", "", "expected an object")
        for key in ("external_id", "name"):
            if not raw.get(key):
                raise MarketImportError(f"{name}:{line}", key, "is required")
        for key in ("occupations", "skills", "municipalities", "languages", "degree_titles"):
            if not isinstance(raw.get(key, []), list):
                raise MarketImportError(f"{name}:{line}", key, "must be a list")
        rows.append(
            {
                k: raw.get(
                    k,
                    []
                    if k in ("occupations", "skills", "municipalities", "languages", "degree_titles")
                    else "",
                )
                for k in OFFERING_KEYS
            }
        )
    if not rows:
        raise MarketImportError(name, "", "no offerings found")
    return rows


def offering_record(row: dict) -> dict:
    return {k: row.get(k) for k in OFFERING_KEYS}
