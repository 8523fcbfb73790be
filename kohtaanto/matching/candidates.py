"""Matching the other way round: one vacancy against many job seekers' profiles (issue 14).

The same factors and weights as `market.rank_postings`, so a candidate's breakdown reads
like a job match's: occupation closeness, share of the vacancy's essential skills held,
location, language, working time, and the driving-licence penalty. Every profile is cut to
its consent before it gets here (a factor it has no data for is left out and the others
renormalised, per profile). The index holds column arrays and sparse matrices over all
profiles, built once per data version; one query is a few vector operations, a filter on
the consents still in force, and a top-k partition. Pure: numpy and scipy only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .market import (
    FACTORS,
    LANGUAGES,
    LEVELS,
    LICENCE_PENALTY,
    MUNICIPALITY_CODES,
    NO_REQUIREMENTS,
    WEIGHTS,
    OccupationSpace,
    Profile,
)

REMOTE_PREF = {"no": 0, "accept": 1, "only": 2}
LICENCES_COL = len(FACTORS)  # the availability column of driving licences


@dataclass(frozen=True)
class Need:
    """The vacancy's side: what the profiles are scored against."""

    occupation: int  # index into the OccupationSpace, -1 unknown
    area: int  # municipality code, -1 unknown
    region: int  # region code, -1 unknown
    working_time: int  # mask (market.WORKING_TIMES), 0 unknown
    remote: int  # market.REMOTE value
    languages: np.ndarray  # int8 required level per LANGUAGES column, 0 none
    licences: int  # mask of required licences
    skills: np.ndarray  # required skill indices


@dataclass
class ProfileIndex:
    ids: np.ndarray  # int64 client ids
    expires: np.ndarray  # float64 epoch seconds when the consent ends
    occupations: sparse.csr_matrix  # P×O weight of each occupation (target 1.0, history 0.8)
    skills: sparse.csc_matrix  # P×S, 1 = held or implied by the work history
    areas: sparse.csc_matrix  # P×1000 preferred municipalities
    regions: sparse.csc_matrix  # P×R preferred regions
    remote: np.ndarray  # int8 REMOTE_PREF
    languages: np.ndarray  # P×L int8 levels
    licences: np.ndarray  # int32 mask held
    working_time: np.ndarray  # uint8 mask accepted
    available: np.ndarray  # P×(F+1) bool: factor has data (and consent); last column licences

    def __post_init__(self) -> None:
        self.skills_by_row = self.skills.tocsr()

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(
        cls, ids: Sequence[int], profiles: Sequence[Profile], expires: Sequence[float], space: OccupationSpace
    ) -> ProfileIndex:
        n = len(ids)
        occ_rows, occ_cols, occ_vals, sk_rows, sk_cols, ar_rows, ar_cols, rg_rows, rg_cols = (
            [] for _ in range(9)
        )
        available = np.zeros((n, len(FACTORS) + 1), bool)
        for row, p in enumerate(profiles):
            for index, weight in p.occupations:
                occ_rows.append(row)
                occ_cols.append(index)
                occ_vals.append(weight)
            held = np.union1d(p.skills, p.implied)
            sk_rows.extend([row] * len(held))
            sk_cols.extend(held.tolist())
            areas = p.areas[(p.areas >= 0) & (p.areas < MUNICIPALITY_CODES)]
            ar_rows.extend([row] * len(areas))
            ar_cols.extend(areas.tolist())
            regions = p.regions[p.regions >= 0]
            rg_rows.extend([row] * len(regions))
            rg_cols.extend(regions.tolist())
            for col, factor in enumerate(FACTORS):
                available[row, col] = factor in p.available
            available[row, FACTORS.index("working_time")] &= bool(p.working_time)
            available[row, LICENCES_COL] = "licences" in p.available
        n_regions = (max(rg_cols) + 1) if rg_cols else 1
        return cls(
            ids=np.asarray(ids, np.int64),
            expires=np.asarray(expires, np.float64),
            occupations=sparse.csr_matrix(
                (np.asarray(occ_vals, np.float32), (occ_rows, occ_cols)), shape=(n, len(space.uris))
            ),
            skills=_ones(sk_rows, sk_cols, (n, space.n_skills)),
            areas=_ones(ar_rows, ar_cols, (n, MUNICIPALITY_CODES)),
            regions=_ones(rg_rows, rg_cols, (n, n_regions)),
            remote=np.array([REMOTE_PREF.get(p.remote, 1) for p in profiles], np.int8),
            languages=np.array([p.languages for p in profiles], np.int8).reshape(n, len(LANGUAGES)),
            licences=np.array([p.licences for p in profiles], np.int32),
            working_time=np.array([p.working_time for p in profiles], np.uint8),
            available=available,
        )


def _ones(rows: list, cols: list, shape: tuple[int, int]) -> sparse.csc_matrix:
    matrix = sparse.csc_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=shape)
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def _column(matrix: sparse.csc_matrix, col: int) -> np.ndarray:
    out = np.zeros(matrix.shape[0], np.float32)
    if 0 <= col < matrix.shape[1]:
        out[matrix.indices[matrix.indptr[col] : matrix.indptr[col + 1]]] = 1.0
    return out


@dataclass
class Candidates:
    rows: np.ndarray  # row indices into the index, best first
    total: np.ndarray
    factors: dict[str, np.ndarray]  # per top row; NaN = factor not used for that profile
    gaps: list[np.ndarray]  # per top row: required skill indices not held
    considered: int  # profiles with a consent in force


def _parts(need: Need, index: ProfileIndex, space: OccupationSpace) -> dict[str, np.ndarray]:
    n = len(index)
    parts: dict[str, np.ndarray] = {}
    if need.occupation >= 0:
        closeness = space.similarity([(need.occupation, 1.0)])
        weighted = index.occupations.multiply(closeness[np.newaxis, :]).tocsr()
        parts["occupation"] = np.asarray(weighted.max(axis=1).todense(), np.float32).ravel()
    else:
        parts["occupation"] = np.zeros(n, np.float32)
    if len(need.skills):
        parts["skills"] = np.asarray(index.skills[:, need.skills].sum(axis=1), np.float32).ravel() / len(
            need.skills
        )
    else:
        parts["skills"] = np.full(n, np.float32(NO_REQUIREMENTS))
    loc = np.maximum(_column(index.areas, need.area), 0.5 * _column(index.regions, need.region))
    if need.remote:  # hybrid 0.75, remote 1.0 for those who accept remote work
        accepts = index.remote >= 1
        loc[accepts] = np.maximum(loc[accepts], 0.75 if need.remote == 1 else 1.0)
    if need.remote == 0:
        loc[index.remote == 2] *= np.float32(0.3)
    parts["location"] = loc
    required = np.flatnonzero(need.languages)
    if len(required):
        met = np.zeros(n, np.float32)
        for col in required:
            have, req = index.languages[:, col].astype(np.int16), int(need.languages[col])
            met += np.where(have >= req, 1.0, np.where(have == req - 1, 0.5, 0.0)).astype(np.float32)
        parts["language"] = met / len(required)
    else:
        parts["language"] = np.ones(n, np.float32)
    if need.working_time:
        parts["working_time"] = ((index.working_time & need.working_time) > 0).astype(np.float32)
    else:
        parts["working_time"] = np.ones(n, np.float32)
    return parts


def rank_candidates(
    need: Need, index: ProfileIndex, space: OccupationSpace, *, now: float, top_k: int = 20
) -> Candidates:
    """The best `top_k` profiles whose consent is still in force at `now` (epoch seconds)."""
    live = index.expires > now
    parts = _parts(need, index, space)
    weights = np.array([WEIGHTS[f] for f in FACTORS], np.float32)
    used = index.available[:, : len(FACTORS)]
    norm = used @ weights
    total = np.zeros(len(index), np.float32)
    for col, factor in enumerate(FACTORS):
        total += np.where(used[:, col], weights[col] * parts[factor], 0.0).astype(np.float32)
    total = np.divide(total, norm, out=np.zeros_like(total), where=norm > 0)
    if need.licences:
        lacks = index.available[:, LICENCES_COL] & ((need.licences & ~index.licences) > 0)
        total[lacks] *= np.float32(LICENCE_PENALTY)
    rows = np.flatnonzero(live & (norm > 0))
    if len(rows) > top_k:
        part = rows[np.argpartition(-total[rows], top_k - 1)[:top_k]]
    else:
        part = rows
    top = part[np.lexsort((index.ids[part], -total[part]))]
    factors = {
        f: np.where(used[top, col], parts[f][top], np.nan).astype(np.float32) for col, f in enumerate(FACTORS)
    }
    gaps = []
    by_row = index.skills_by_row
    for row in top:
        if not used[row, FACTORS.index("skills")]:
            gaps.append(need.skills[:0])  # no consent (or data) for skills: no claim either way
            continue
        held = by_row.indices[by_row.indptr[row] : by_row.indptr[row + 1]]
        gaps.append(need.skills[~np.isin(need.skills, held)])
    return Candidates(rows=top, total=total[top], factors=factors, gaps=gaps, considered=int(live.sum()))


def need_levels(pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    """A vacancy's language requirements in the profiles' scale (good = B2, excellent = C1)."""
    scale = {"basic": "A2", "good": "B2", "excellent": "C1", "native": "native"}
    out = np.zeros(len(LANGUAGES), np.int8)
    for code, level in pairs:
        level = scale.get(level, level)
        if code in LANGUAGES and level in LEVELS:
            out[LANGUAGES.index(code)] = max(out[LANGUAGES.index(code)], LEVELS[level])
    return out
