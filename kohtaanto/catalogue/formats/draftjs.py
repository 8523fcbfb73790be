"""Draft.js rich text (how PTV stores long descriptions) to plain text."""

from __future__ import annotations

import json

from kohtaanto.domain import documents


def to_text(value: str | None) -> str:
    """The non-empty blocks' text joined by newlines; plain text passes through unchanged."""
    if value is None:
        return ""
    stripped = value.strip()
    if not stripped.startswith("{"):
        return stripped
    try:
        doc = documents.loads(stripped)
    except ValueError:
        return stripped
    blocks = doc.get("blocks") if isinstance(doc, dict) else None
    if not isinstance(blocks, list):
        return stripped
    texts = [b.get("text", "") for b in blocks if isinstance(b, dict)]
    return "\n".join(t for t in texts if isinstance(t, str) and t.strip())


def from_text(text: str) -> str:
    """Plain text as a minimal Draft.js document, one unstyled block per line."""
    blocks = [
        {
            "key": f"k{i}",
            "text": line,
            "type": "unstyled",
            "depth": 0,
            "inlineStyleRanges": [],
            "entityRanges": [],
        }
        for i, line in enumerate(text.split("\n"))
    ]
    return json.dumps({"entityMap": {}, "blocks": blocks}, ensure_ascii=False)
