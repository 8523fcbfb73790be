"""Industries: Statistics Finland's TOL 2008 main sections (A-U, and X for unknown).

Employers carry a TOL 2008 code of 2 to 5 digits; its first two digits (the division) fix
the section letter. The section names in Finnish, Swedish and English are shipped as
versioned data (kohtaanto/data/tol, source in NOTICE), so they need no translation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "tol" / "tol2008-sections.json"
UNKNOWN = "X"


@dataclass(frozen=True)
class Section:
    code: str
    first_division: int | None
    last_division: int | None
    names: dict[str, str]

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names["fi"]


@cache
def sections() -> dict[str, Section]:
    """Section letter -> Section, in the classification's order."""
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    out = {}
    for s in raw["sections"]:
        first, last = (s["divisions"] + [None, None])[:2]
        out[s["code"]] = Section(s["code"], first, last, {k: s[k] for k in ("fi", "sv", "en")})
    return out


def section_of(code: str | None) -> str:
    """The section letter of a TOL 2008 code ("47111" -> "G"); X when unknown or invalid."""
    code = (code or "").strip()
    if len(code) < 2 or not code[:2].isdigit():
        return UNKNOWN
    division = int(code[:2])
    for s in sections().values():
        if s.first_division is not None and s.first_division <= division <= (s.last_division or 0):
            return s.code
    return UNKNOWN


def section_name(letter: str, lang: str = "fi") -> str:
    """The section's name in `lang` (fi, sv or en; Finnish otherwise)."""
    s = sections().get(letter) or sections()[UNKNOWN]
    return s.name(lang[:2] if lang else "fi")
