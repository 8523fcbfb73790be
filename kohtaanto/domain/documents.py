"""Limits on uploaded documents, checked before any parser sees them (pure, no Django).

Python's json module recurses once per nesting level, so `'[' * 3000 + ']' * 3000` raised
RecursionError deep in an import and answered 500 (issue 18). Every place that parses an
uploaded or posted JSON document (client batches, catalogue formats, the API's request
bodies, segmentation rules) goes through `loads`, which measures size and nesting with a
linear scan first and raises DocumentRejected saying which limit was passed.
"""

from __future__ import annotations

import json
from typing import Any

# Real documents nest a few levels (PTV services about ten); 64 leaves room and stays far
# below the interpreter's recursion limit.
MAX_DEPTH = 64
MAX_BYTES = 50 * 1024 * 1024


class DocumentRejected(ValueError):
    """A document is refused before parsing; `limit` is "size" or "depth"."""

    def __init__(self, message: str, *, limit: str, value: int, maximum: int):
        super().__init__(message)
        self.limit = limit
        self.value = value
        self.maximum = maximum


def check_size(size: int, *, max_bytes: int = MAX_BYTES) -> None:
    if size > max_bytes:
        raise DocumentRejected(
            f"size: the document has {size:,} bytes, at most {max_bytes:,} are accepted",
            limit="size",
            value=size,
            maximum=max_bytes,
        )


def nesting_depth(text: str, *, stop_at: int | None = None) -> int:
    """The deepest nesting of JSON arrays and objects in `text`, ignoring brackets inside
    strings; stops counting once `stop_at` is passed. Malformed text is left to the parser."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop_at is not None and deepest > stop_at:
                    return deepest
        elif ch in "]}":
            depth = max(0, depth - 1)
    return deepest


def check_depth(text: str, *, max_depth: int = MAX_DEPTH) -> None:
    depth = nesting_depth(text, stop_at=max_depth)
    if depth > max_depth:
        raise DocumentRejected(
            f"nesting: the document nests deeper than {max_depth} levels",
            limit="depth",
            value=depth,
            maximum=max_depth,
        )


def loads(data: str | bytes, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """json.loads after the size and nesting checks; json.JSONDecodeError as usual for
    malformed text, DocumentRejected for a document over a limit."""
    check_size(len(data), max_bytes=max_bytes)
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    check_depth(text, max_depth=max_depth)
    return json.loads(text)
