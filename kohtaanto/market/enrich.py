"""ESCO enrichment of job postings and education offerings.

Method (docs/market.md, "Enrichment"):
1. Occupation. A posting's title goes through `kohtaanto.matching.esco.suggest` (the
   noise-robust title → occupation ranking); the top suggestion is kept when its score is
   at least MIN_TITLE_SCORE. An offering's degree titles and the occupations its
   description lists (<li> items) go through the same call; each top suggestion scoring at
   least MIN_TEXT_SCORE is kept (at most MAX_OFFERING_OCCUPATIONS).
2. Skills named in the text. ESCO skill labels (preferred and alternative, every language
   in the release) are matched as whole-word phrases in the normalised text (lower case,
   punctuation removed), longest phrase first. One-word labels count only when at least
   six letters long or written with a capital (SQL, Java), to keep common words out.
3. Required skills. A posting requires the essential skills of its occupation (ESCO
   relations) plus the skills its text names; an offering teaches the essential skills of
   the occupations it trains for plus the skills its text names.
Suggestions are computed once per distinct text, so repeated titles cost nothing.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable

from .escodata import EscoData

MIN_TITLE_SCORE = 0.8
MIN_TEXT_SCORE = 1.0
MAX_OFFERING_OCCUPATIONS = 8
MAX_PHRASE = 6
_WORD = re.compile(r"[^\W_]+(?:[+#]+)?", re.UNICODE)


def tokens(text: str) -> list[str]:
    return _WORD.findall((text or "").lower())


class SkillFinder:
    """Whole-word phrase matching of ESCO skill labels in free text."""

    def __init__(self, release) -> None:
        self.phrases: dict[tuple[str, ...], str] = {}
        for uri, skill in release.skills.items():
            for labels in skill.labels.values():
                for label in (labels.preferred, *labels.alt):
                    words = tuple(tokens(label))
                    if not words or len(words) > MAX_PHRASE:
                        continue
                    if len(words) == 1 and len(words[0]) < 6 and label == label.lower():
                        continue
                    if len(words) == 1 and len(words[0]) < 2:
                        continue
                    self.phrases.setdefault(words, uri)

    def find(self, text: str) -> list[str]:
        """Skill URIs named in `text`, in order of first mention, no overlaps."""
        words = tokens(text)
        found: dict[str, None] = {}
        i = 0
        while i < len(words):
            for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
                uri = self.phrases.get(tuple(words[i : i + n]))
                if uri:
                    found.setdefault(uri, None)
                    i += n
                    break
            else:
                i += 1
        return list(found)


_finders: dict[int, SkillFinder] = {}
_lock = threading.Lock()


def skill_finder(e: EscoData) -> SkillFinder:
    with _lock:
        finder = _finders.get(id(e.release))
        if finder is None:
            finder = _finders[id(e.release)] = SkillFinder(e.release)
        return finder


def best_occupations(
    e: EscoData, texts: Iterable[str], min_score: float, batch: int = 64, progress: Callable | None = None
) -> dict[str, tuple[str, float] | None]:
    """Top occupation (uri, score) per distinct text, or None below `min_score`."""
    distinct = list(dict.fromkeys(t for t in texts if t and t.strip()))
    out: dict[str, tuple[str, float] | None] = {}
    for start in range(0, len(distinct), batch):
        chunk = distinct[start : start + batch]
        for text, ranked in zip(chunk, e.suggest(chunk, "occupation", 1), strict=True):
            top = ranked[0] if ranked else None
            out[text] = (top.uri, float(top.score)) if top and top.score >= min_score else None
        if progress:
            progress(min(start + batch, len(distinct)), len(distinct))
    return out


def enrich_postings(rows: list[dict], e: EscoData, progress: Callable | None = None) -> None:
    """Fill occupation and skill fields of posting rows in place (keeps a given occupation)."""
    titles = best_occupations(
        e, (r["title"] for r in rows if not r.get("occupation_uri")), MIN_TITLE_SCORE, progress=progress
    )
    finder = skill_finder(e)
    for r in rows:
        score = None
        if not r.get("occupation_uri"):
            hit = titles.get(r["title"])
            r["occupation_uri"], score = hit if hit else ("", None)
        uri = r["occupation_uri"]
        if uri and uri not in e.occupation_uris:
            uri = r["occupation_uri"] = ""
        r["occupation_label"] = e.occupation_label(uri) if uri else ""
        r["isco_group"] = e.isco_of(uri)[:4] if uri else ""
        r["occupation_score"] = score
        named = finder.find(f"{r['title']}\n{r.get('description', '')}")
        given = [s for s in r.get("skills") or [] if s in e.skill_uris]
        r["extracted_skills"] = named
        r["skills"] = list(dict.fromkeys([*(e.essential_skills(uri) if uri else []), *given, *named]))


def enrich_offerings(rows: list[dict], e: EscoData, progress: Callable | None = None) -> None:
    """Fill `occupations` and `skills` of offering rows (from importers.konfo_row) in place."""
    texts = [t for r in rows for t in (*r.get("degree_titles", []), *r.get("occupation_texts", []))]
    best = best_occupations(e, texts, MIN_TEXT_SCORE, progress=progress)
    finder = skill_finder(e)
    for r in rows:
        occs: list[str] = []
        for text in (*r.get("degree_titles", []), *r.get("occupation_texts", [])):
            hit = best.get(text)
            if hit and hit[0] not in occs:
                occs.append(hit[0])
        r["occupations"] = occs[:MAX_OFFERING_OCCUPATIONS]
        named = finder.find(" ".join([*r.get("name", {}).values(), r.get("description", "")]))
        taught = [s for o in r["occupations"] for s in e.essential_skills(o)]
        r["skills"] = list(dict.fromkeys([*taught, *named]))
        r.pop("occupation_texts", None)
