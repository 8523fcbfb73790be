"""Pure import and export of catalogue records (no Django): Kohtaanto JSON Lines, PTV general
descriptions and PTV Open API services. Each parser validates every record before it
returns, and the first error names the line (or record) and the field."""

from __future__ import annotations

from kohtaanto.domain import documents


class FormatError(ValueError):
    """An input file is invalid: says where (`line 17, field name.fi: missing`)."""

    def __init__(
        self, message: str, *, number: int | None = None, field: str | None = None, unit: str = "line"
    ):
        where = []
        if number is not None:
            where.append(f"{unit} {number}")
        if field:
            where.append(f"field {field}")
        super().__init__(", ".join(where) + (": " if where else "") + message)
        self.number = number
        self.field = field
        self.message = message


FORMATS_IN = ("jsonl", "ptv-gd", "ptv")
FORMATS_OUT = ("jsonl", "ptv")


def parse(fmt: str, text: str, *, max_bytes: int = documents.MAX_BYTES) -> list[dict]:
    """Parse a whole file in one of FORMATS_IN into validated records."""
    from . import jsonl, ptv_api, ptv_gd

    parsers = {"jsonl": jsonl.parse, "ptv-gd": ptv_gd.parse, "ptv": ptv_api.parse}
    if fmt not in parsers:
        raise FormatError(f"unknown format {fmt!r} (use {', '.join(FORMATS_IN)})")
    # Size and nesting are checked before any parser runs; DocumentRejected says which.
    documents.check_size(len(text.encode("utf-8", "surrogatepass")), max_bytes=max_bytes)
    documents.check_depth(text)
    return parsers[fmt](text)


def held_fields(fmt: str) -> frozenset[str] | None:
    """Record fields an input format carries; None = all of them (JSON Lines)."""
    from . import ptv_api, ptv_gd

    return {"ptv-gd": ptv_gd.HELD_FIELDS, "ptv": ptv_api.HELD_FIELDS}.get(fmt)


def dump(fmt: str, records: list[dict]) -> str:
    """Write records in one of FORMATS_OUT."""
    from . import jsonl, ptv_api

    if fmt == "jsonl":
        return jsonl.dump(records)
    if fmt == "ptv":
        return ptv_api.dump(records)
    raise FormatError(f"unknown format {fmt!r} (use {', '.join(FORMATS_OUT)})")
