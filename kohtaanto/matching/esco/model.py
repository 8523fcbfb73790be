"""In-memory ESCO release: occupations, skills and occupation→skill relations.

Plain dataclasses plus numpy arrays, so the same object serves the CLI, the benchmark
and (later) Django views without any database. One `EscoRelease` is one imported
version; several can be loaded side by side (see `store.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

ESSENTIAL = "essential"
OPTIONAL = "optional"


@dataclass(frozen=True, slots=True)
class Labels:
    """The SKOS labels of one concept in one language."""

    preferred: str
    alt: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()

    def all(self) -> tuple[str, ...]:
        return (self.preferred, *self.alt, *self.hidden) if self.preferred else (*self.alt, *self.hidden)


@dataclass(slots=True)
class Occupation:
    uri: str
    isco_group: str = ""  # ISCO-08 unit group code, e.g. "2221"
    code: str = ""  # ESCO code, e.g. "2221.1"
    labels: dict[str, Labels] = field(default_factory=dict)  # lang -> Labels
    description: dict[str, str] = field(default_factory=dict)  # lang -> text

    def label(self, lang: str = "fi", fallback: tuple[str, ...] = ("fi", "en")) -> str:
        """Preferred label in `lang`, else the first language available."""
        for code in (lang, *fallback, *self.labels):
            if code in self.labels and self.labels[code].preferred:
                return self.labels[code].preferred
        return self.uri


@dataclass(slots=True)
class Skill:
    uri: str
    skill_type: str = ""  # "skill/competence" or "knowledge"
    reuse_level: str = ""  # transversal, cross-sector, sector-specific, occupation-specific
    labels: dict[str, Labels] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str = "en", fallback: tuple[str, ...] = ("en", "fi")) -> str:
        for code in (lang, *fallback, *self.labels):
            if code in self.labels and self.labels[code].preferred:
                return self.labels[code].preferred
        return self.uri


@dataclass
class EscoRelease:
    """One imported ESCO version.

    Relations are three parallel numpy arrays (occupation index, skill index, essential
    flag) over `occupation_uris` and `skill_uris`, which keeps 100k+ links small and
    fast to slice.
    """

    version: str
    occupations: dict[str, Occupation]
    skills: dict[str, Skill]
    rel_occupation: np.ndarray  # int32 index into occupation_uris
    rel_skill: np.ndarray  # int32 index into skill_uris
    rel_essential: np.ndarray  # bool
    isco_groups: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> lang -> label
    sources: list[dict] = field(default_factory=list)  # provenance per imported file

    @cached_property
    def occupation_uris(self) -> list[str]:
        return list(self.occupations)

    @cached_property
    def skill_uris(self) -> list[str]:
        return list(self.skills)

    @cached_property
    def languages(self) -> tuple[str, ...]:
        langs: set[str] = set()
        for occ in self.occupations.values():
            langs.update(occ.labels)
        for skill in self.skills.values():
            langs.update(skill.labels)
        return tuple(sorted(langs))

    @cached_property
    def _occ_pos(self) -> dict[str, int]:
        return {uri: i for i, uri in enumerate(self.occupation_uris)}

    @cached_property
    def _skill_pos(self) -> dict[str, int]:
        return {uri: i for i, uri in enumerate(self.skill_uris)}

    @cached_property
    def _by_occupation(self) -> tuple[np.ndarray, np.ndarray]:
        order = np.argsort(self.rel_occupation, kind="stable")
        starts = np.searchsorted(self.rel_occupation[order], np.arange(len(self.occupations) + 1))
        return order, starts

    @cached_property
    def _by_skill(self) -> tuple[np.ndarray, np.ndarray]:
        order = np.argsort(self.rel_skill, kind="stable")
        starts = np.searchsorted(self.rel_skill[order], np.arange(len(self.skills) + 1))
        return order, starts

    def skills_of(self, occupation_uri: str, relation: str | None = None) -> list[tuple[str, str]]:
        """(skill uri, "essential"|"optional") pairs of an occupation, essential first."""
        pos = self._occ_pos.get(occupation_uri)
        if pos is None:
            return []
        order, starts = self._by_occupation
        rows = order[starts[pos] : starts[pos + 1]]
        out = [
            (self.skill_uris[self.rel_skill[r]], ESSENTIAL if self.rel_essential[r] else OPTIONAL)
            for r in rows
        ]
        if relation is not None:
            out = [pair for pair in out if pair[1] == relation]
        return sorted(out, key=lambda pair: pair[1] != ESSENTIAL)

    def occupations_with(self, skill_uri: str, relation: str | None = None) -> list[tuple[str, str]]:
        """(occupation uri, relation) pairs of the occupations that list a skill."""
        pos = self._skill_pos.get(skill_uri)
        if pos is None:
            return []
        order, starts = self._by_skill
        rows = order[starts[pos] : starts[pos + 1]]
        out = [
            (self.occupation_uris[self.rel_occupation[r]], ESSENTIAL if self.rel_essential[r] else OPTIONAL)
            for r in rows
        ]
        return [pair for pair in out if relation is None or pair[1] == relation]

    def summary(self) -> dict:
        return {
            "version": self.version,
            "languages": list(self.languages),
            "occupations": len(self.occupations),
            "skills": len(self.skills),
            "relations": int(len(self.rel_occupation)),
            "essential": int(self.rel_essential.sum()),
        }
