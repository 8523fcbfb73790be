"""The ESCO data the market app uses: the default release, its occupation space, labels and
free-text suggestions, loaded once per process. Tests swap in a small release with `use`.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings

from kohtaanto.matching.market import OccupationSpace


@dataclass
class EscoData:
    release: object  # kohtaanto.matching.esco.EscoRelease
    suggester: object | None = None  # callable(texts, kind, top_k) -> [[Suggestion]]
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @cached_property
    def space(self) -> OccupationSpace:
        return OccupationSpace.from_release(self.release)

    @cached_property
    def skill_pos(self) -> dict[str, int]:
        return {uri: i for i, uri in enumerate(self.release.skill_uris)}

    @cached_property
    def occupation_uris(self) -> set[str]:
        return set(self.release.occupations)

    @cached_property
    def skill_uris(self) -> set[str]:
        return set(self.release.skills)

    @property
    def version(self) -> str:
        return self.release.version

    def occupation_label(self, uri: str, lang: str = "fi") -> str:
        occ = self.release.occupations.get(uri)
        return occ.label(lang, ("fi", "en")) if occ else uri

    def skill_label(self, uri: str, lang: str = "en") -> str:
        skill = self.release.skills.get(uri)
        return skill.label(lang, ("en", "fi")) if skill else uri

    def isco_of(self, uri: str) -> str:
        occ = self.release.occupations.get(uri)
        return occ.isco_group if occ else ""

    def isco_label(self, code: str, lang: str = "fi") -> str:
        labels = self.release.isco_groups.get(code) or {}
        return labels.get(lang) or labels.get("en") or labels.get("fi") or code

    def essential_skills(self, uri: str) -> list[str]:
        return [s for s, _ in self.release.skills_of(uri, "essential")]

    def suggest(self, texts: list[str], kind: str, top_k: int = 5) -> list[list]:
        """ESCO suggestions for free texts (kohtaanto.matching.esco.suggest by default)."""
        if self.suggester is not None:
            return self.suggester(texts, kind, top_k)
        from kohtaanto.matching.esco import suggest

        return suggest(
            texts,
            kind=kind,
            top_k=top_k,
            version=self.release.version,
            directory=settings.ESCO_DIR,
            cache=settings.CACHE_DIR,
        )


_current: EscoData | None = None
_lock = threading.Lock()


def esco() -> EscoData:
    """The process-wide ESCO data (the shipped default release unless swapped)."""
    global _current
    with _lock:
        if _current is None:
            from kohtaanto.matching.esco import load_default

            _current = EscoData(load_default(directory=settings.ESCO_DIR))
        return _current


@contextmanager
def use(data: EscoData):
    """Swap the ESCO data (tests: a small hand-made release and a fake suggester)."""
    global _current
    with _lock:
        previous, _current = _current, data
    try:
        yield data
    finally:
        with _lock:
            _current = previous
