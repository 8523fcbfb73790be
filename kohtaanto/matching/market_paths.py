"""Education in labour-market matching: a profile against education offerings, and "paths"
(a job reachable after education X) from a job's skill gaps. Pure numpy/scipy, like
`market.py`, whose Profile, OccupationSpace and PostingIndex it shares.

Education factors: occupation (the offering trains for occupations close to the client's),
skills (share of the client's gaps for their target occupations that the offering teaches),
location, language (taught in a language the client knows at B2 or better; B1 half) and
level (the client is eligible and it is a step up: 1.0; eligible but not higher: 0.7; not
eligible yet: 0.2).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .market import (
    EDUCATION_FACTORS,
    EDUCATION_WEIGHTS,
    LANGUAGES,
    LEVELS,
    STUDY_LEVEL,
    OccupationSpace,
    PostingIndex,
    Profile,
    _combine,
    _top,
)

# Koulutusaste 2016 (level 1) needed before studying at each level.
PREREQUISITE = {3: 2, 4: 3, 5: 3, 6: 3, 7: 6, 8: 7}
REACH = 0.75  # share of a job's required skills at which we call it reachable
MUNICIPALITY_CODES = 1000


@dataclass
class EducationIndex:
    ids: np.ndarray
    occupations: sparse.csr_matrix  # E×O, 1 = trains for
    skills: sparse.csr_matrix  # E×S, 1 = teaches
    areas: sparse.csr_matrix  # E×1000, 1 = given in municipality
    regions: np.ndarray  # E int32 region code of the first municipality, -1 unknown
    languages: np.ndarray  # E×L bool, language of instruction
    level: np.ndarray  # E int8 koulutusaste, -1 unknown

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_rows(
        cls, rows: Iterable[dict], space: OccupationSpace, skill_pos: dict[str, int]
    ) -> EducationIndex:
        """Rows with id, occupations (URIs), skills (URIs), areas (codes), region,
        languages (codes), level (int or None)."""
        ids, regions, langs, level = [], [], [], []
        occ_rows, skill_rows, area_rows = [], [], []
        for r in rows:
            ids.append(r["id"])
            occ_rows.append(sorted({space.pos[u] for u in r.get("occupations") or () if u in space.pos}))
            skill_rows.append(sorted({skill_pos[u] for u in r.get("skills") or () if u in skill_pos}))
            area_rows.append(
                sorted({int(a) for a in r.get("areas") or () if 0 <= int(a) < MUNICIPALITY_CODES})
            )
            regions.append(int(r.get("region") or -1))
            langs.append([code in (r.get("languages") or ()) for code in LANGUAGES])
            level.append(-1 if r.get("level") is None else int(r["level"]))
        n = len(ids)
        return cls(
            ids=np.array(ids, np.int64),
            occupations=_binary(occ_rows, len(space.uris)),
            skills=_binary(skill_rows, space.n_skills),
            areas=_binary(area_rows, MUNICIPALITY_CODES),
            regions=np.array(regions, np.int32),
            languages=np.array(langs, bool).reshape(n, len(LANGUAGES)),
            level=np.array(level, np.int8),
        )


def _binary(rows: list[list[int]], width: int) -> sparse.csr_matrix:
    indptr = np.cumsum([0, *(len(r) for r in rows)])
    indices = np.array([i for r in rows for i in r], np.int32)
    return sparse.csr_matrix((np.ones(len(indices), np.float32), indices, indptr), shape=(len(rows), width))


def target_gaps(profile: Profile, space: OccupationSpace) -> np.ndarray:
    """Essential skills of the client's target occupations (else their work history) that
    the client lacks."""
    chosen = profile.targets or [i for i, _ in profile.occupations]
    if not chosen:
        return np.zeros(0, np.int32)
    need = np.unique(np.concatenate([space.essential_of(i) for i in chosen]))
    have = profile.skill_vector(space.n_skills)
    return need[have[need] == 0].astype(np.int32)


@dataclass
class RankedEducation:
    rows: np.ndarray
    total: np.ndarray
    factors: dict[str, np.ndarray | None]
    gaps: np.ndarray  # the target gaps the skills factor measured against
    candidates: int

    def breakdown(self, k: int) -> dict[str, float | None]:
        return {f: (None if v is None else round(float(v[k]), 3)) for f, v in self.factors.items()}


def _level_fit(profile_level: int, levels: np.ndarray) -> np.ndarray:
    prereq = np.array([PREREQUISITE.get(int(v), 0) for v in range(10)], np.int8)
    known = levels >= 0
    eligible = profile_level >= prereq[np.clip(levels, 0, 9)]
    fit = np.where(eligible, np.where(levels > profile_level, 1.0, 0.7), 0.2)
    return np.where(known, fit, 0.7).astype(np.float32)


def rank_education(
    profile: Profile, index: EducationIndex, space: OccupationSpace, *, top_k: int = 10
) -> RankedEducation:
    rows = np.arange(len(index))
    avail = profile.available
    parts: dict[str, np.ndarray | None] = dict.fromkeys(EDUCATION_FACTORS)
    if "occupation" in avail and profile.occupations:
        sim = space.similarity(profile.occupations)
        scaled = index.occupations.multiply(sim[np.newaxis, :]).tocsr()
        parts["occupation"] = np.asarray(scaled.max(axis=1).todense()).ravel().astype(np.float32)
    gaps = target_gaps(profile, space) if "skills" in avail else np.zeros(0, np.int32)
    if len(gaps):
        taught = np.asarray(index.skills[:, gaps].sum(axis=1)).ravel()
        parts["skills"] = (taught / len(gaps)).astype(np.float32)
    if "location" in avail and len(profile.areas):
        inside = np.asarray(index.areas[:, profile.areas].sum(axis=1)).ravel() > 0
        near = np.isin(index.regions, profile.regions) if len(profile.regions) else np.zeros(len(rows), bool)
        unknown = np.diff(index.areas.indptr) == 0
        parts["location"] = np.where(inside | unknown, 1.0, np.where(near, 0.5, 0.0)).astype(np.float32)
    if "language" in avail:
        level = profile.languages
        fluent = index.languages & (level >= STUDY_LEVEL)[np.newaxis, :]
        partial = index.languages & (level >= LEVELS["B1"])[np.newaxis, :]
        unknown = ~index.languages.any(axis=1)
        parts["language"] = np.where(
            fluent.any(axis=1) | unknown, 1.0, np.where(partial.any(axis=1), 0.5, 0.0)
        ).astype(np.float32)
    if "level" in avail and profile.education_level >= 0:
        parts["level"] = _level_fit(profile.education_level, index.level)
    total = _combine(parts, EDUCATION_WEIGHTS)
    if total is None:
        total = np.zeros(len(rows), np.float32)
    top = _top(total, index.ids, top_k)
    return RankedEducation(
        rows=top,
        total=total[top],
        factors={f: (None if v is None else v[top]) for f, v in parts.items()},
        gaps=gaps,
        candidates=len(rows),
    )


@dataclass
class Path:
    """Education offering `row` closes `closed` of a job's gaps: coverage before -> after."""

    row: int
    closed: np.ndarray
    before: float
    after: float

    @property
    def reachable(self) -> bool:
        return self.after >= REACH


def education_paths(
    gaps: list[np.ndarray], n_required: list[int], index: EducationIndex, *, per_job: int = 3
) -> list[list[Path]]:
    """For each job (its gap skill indices and number of required skills), the offerings
    that teach most of its gaps: one sparse product for all jobs at once."""
    if not gaps or len(index) == 0:
        return [[] for _ in gaps]
    gap_matrix = _binary([list(map(int, g)) for g in gaps], index.skills.shape[1])
    closes = np.asarray((index.skills @ gap_matrix.T).todense())  # E×k
    out: list[list[Path]] = []
    for k, g in enumerate(gaps):
        col = closes[:, k]
        if len(g) == 0 or not col.any():
            out.append([])
            continue
        best = [int(i) for i in np.lexsort((index.ids, -col))[:per_job] if col[i] > 0]
        need = max(int(n_required[k]), 1)
        before = (need - len(g)) / need
        paths = []
        for i in best:
            taught = index.skills.indices[index.skills.indptr[i] : index.skills.indptr[i + 1]]
            closed = np.intersect1d(g, taught)
            paths.append(Path(i, closed, round(before, 3), round((need - len(g) + len(closed)) / need, 3)))
        out.append(paths)
    return out


def jobs_opened(
    profile: Profile,
    postings: PostingIndex,
    space: OccupationSpace,
    education: EducationIndex,
    rows: np.ndarray,
    *,
    min_occupation: float = 0.5,
) -> np.ndarray:
    """For each offering row: how many active postings close to the client's occupations
    move from below REACH to at least REACH skill coverage after it."""
    out = np.zeros(len(rows), np.int32)
    if not profile.occupations or len(postings) == 0:
        return out
    sim = space.similarity(profile.occupations)
    fit = np.where(postings.occupation >= 0, sim[np.maximum(postings.occupation, 0)], 0.0)
    keep = fit >= min_occupation
    if postings.active is not None:
        keep &= postings.active
    near = np.flatnonzero(keep & (postings.n_required > 0))
    if len(near) == 0:
        return out
    have = profile.skill_vector(space.n_skills)
    sub = postings.skills[near]
    need = postings.n_required[near]
    before = (sub @ have) / need
    for k, row in enumerate(rows):
        taught = education.skills.indices[education.skills.indptr[row] : education.skills.indptr[row + 1]]
        after_vec = have.copy()
        after_vec[taught] = 1.0
        after = (sub @ after_vec) / need
        out[k] = int(((before < REACH) & (after >= REACH)).sum())
    return out
