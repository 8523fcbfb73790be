"""Labour-market matching maths: an ESCO profile against job postings and education offerings.

Pure (numpy + scipy.sparse, no Django) so the web app, the benchmark and notebooks share it.
Everything a query touches is precomputed once per data version: the posting×skill sparse
matrix, per-posting codes (occupation, municipality, working time, remote, languages,
licences) and the occupation×essential-skill matrix behind occupation similarity. One query
is then a handful of vector operations over all postings, a filter, and a top-k partition;
per-result explanations (skill gaps, education paths) are computed for the top k only.

Factors (each in [0, 1]); a factor the profile holds no data for (or no consent covers) is
left out and the weights of the others are renormalised, so missing data never counts as a
mismatch:
- occupation: how close the posting's ESCO occupation is to the client's target occupations
  and work history (same occupation 1.0, else the larger of ISCO-group closeness and the
  cosine of the two occupations' essential-skill sets);
- skills: share of the posting's essential skills the client has (held or implied by an
  occupation in their work history);
- location: the posting's municipality among the client's preferred ones (1.0), in the same
  region (0.5), remote work the client accepts (1.0; hybrid 0.75);
- language: per required language, met (1.0) or one CEFR level short (0.5);
- working_time: the posting's working time (full-time, part-time, shift) accepted or not.
A driving licence the posting requires and the client lacks multiplies the total by 0.85
and is listed as a gap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

FACTORS = ("occupation", "skills", "location", "language", "working_time")
WEIGHTS = {"occupation": 0.35, "skills": 0.30, "location": 0.15, "language": 0.10, "working_time": 0.10}
EDUCATION_FACTORS = ("occupation", "skills", "location", "language", "level")
EDUCATION_WEIGHTS = {"occupation": 0.35, "skills": 0.35, "location": 0.10, "language": 0.10, "level": 0.10}
LANGUAGES = ("fi", "sv", "en", "ru", "et", "ar", "so", "fa", "de", "fr", "es", "zh")
LEVELS = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6, "native": 7}
WORKING_TIMES = {"full_time": 1, "part_time": 2, "shift": 4}
REMOTE = {"onsite": 0, "hybrid": 1, "remote": 2}
REMOTE_PREFS = ("no", "accept", "only")
LICENCES = ("AM", "A1", "A2", "A", "B", "BE", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE", "T")
LICENCE_PENALTY = 0.85
NO_REQUIREMENTS = 0.5  # skills factor of a posting whose required skills are unknown
HISTORY_WEIGHT = 0.8  # an occupation in the work history counts a little less than a target
STUDY_LEVEL = 4  # CEFR B2: enough to study in a language
MUNICIPALITY_CODES = 1000  # Finnish municipality codes are three digits


def licence_mask(codes: Iterable[str]) -> int:
    return sum(1 << LICENCES.index(c) for c in set(codes) if c in LICENCES)


def working_time_mask(codes: Iterable[str]) -> int:
    return sum(WORKING_TIMES[c] for c in set(codes) if c in WORKING_TIMES)


def language_levels(pairs: Iterable[tuple[str, str]]) -> np.ndarray:
    """(code, level) pairs -> one int8 level per LANGUAGES column (0 = none)."""
    out = np.zeros(len(LANGUAGES), np.int8)
    for code, level in pairs:
        if code in LANGUAGES and level in LEVELS:
            i = LANGUAGES.index(code)
            out[i] = max(out[i], LEVELS[level])
    return out


def _code(value) -> int:
    """A municipality or region code as an int in [0, 1000), -1 when unknown."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return -1
    return number if 0 <= number < MUNICIPALITY_CODES else -1


def _isco_int(code: str) -> int:
    digits = "".join(ch for ch in (code or "")[:4] if ch.isdigit())
    return int(digits) if len(digits) == 4 else 0


class OccupationSpace:
    """Occupations with their ISCO groups and essential skills: occupation similarity."""

    def __init__(self, uris: Sequence[str], isco: Sequence[str], essential: sparse.csr_matrix):
        self.uris = list(uris)
        self.pos = {u: i for i, u in enumerate(self.uris)}
        self.isco = np.array([_isco_int(c) for c in isco], np.int32)
        self.essential = sparse.csr_matrix(essential, dtype=np.float32)
        norms = np.sqrt(np.asarray(self.essential.multiply(self.essential).sum(axis=1)).ravel())
        inv = sparse.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0))
        self._unit = (inv @ self.essential).tocsr()

    @classmethod
    def from_release(cls, release) -> OccupationSpace:
        """From a kohtaanto.matching.esco.EscoRelease (its essential relations)."""
        occs = list(release.occupations.values())
        keep = np.asarray(release.rel_essential, bool)
        shape = (len(release.occupation_uris), len(release.skill_uris))
        data = np.ones(int(keep.sum()), np.float32)
        matrix = sparse.csr_matrix(
            (data, (release.rel_occupation[keep], release.rel_skill[keep])), shape=shape
        )
        matrix.sum_duplicates()
        matrix.data[:] = 1.0
        return cls([o.uri for o in occs], [o.isco_group for o in occs], matrix)

    @property
    def n_skills(self) -> int:
        return self.essential.shape[1]

    def essential_of(self, index: int) -> np.ndarray:
        return self.essential.indices[self.essential.indptr[index] : self.essential.indptr[index + 1]]

    def similarity(self, weighted: Sequence[tuple[int, float]]) -> np.ndarray:
        """Closeness of every occupation to the best of the given (index, weight) ones."""
        out = np.zeros(len(self.uris), np.float32)
        for index, weight in weighted:
            cosine = np.asarray((self._unit @ self._unit[index].T).todense()).ravel()
            isco = np.zeros_like(out)
            code = int(self.isco[index])
            if code:
                for digits, value in ((4, 0.7), (3, 0.5), (2, 0.3)):
                    same = (self.isco // 10 ** (4 - digits)) == code // 10 ** (4 - digits)
                    isco = np.where(same & (isco == 0), value, isco)
            sim = np.maximum(isco, 0.9 * cosine)
            sim[index] = 1.0
            np.maximum(out, weight * sim, out=out)
        return out


@dataclass
class Profile:
    """What matching may use of one client's profile (already cut to the consented fields).

    `available` names the factors the profile has data for; the others are left out.
    """

    occupations: list[tuple[int, float]] = field(default_factory=list)  # (occupation index, weight)
    targets: list[int] = field(default_factory=list)  # target occupations (for education gaps)
    skills: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # held skill indices
    implied: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # from work history
    languages: np.ndarray = field(default_factory=lambda: np.zeros(len(LANGUAGES), np.int8))
    licences: int = 0
    areas: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # municipality codes
    regions: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    remote: str = "accept"
    working_time: int = 0
    education_level: int = -1
    available: frozenset[str] = frozenset()

    def skill_vector(self, n_skills: int) -> np.ndarray:
        vec = np.zeros(n_skills, np.float32)
        vec[self.implied] = 1.0
        vec[self.skills] = 1.0
        return vec


@dataclass
class PostingIndex:
    """Column arrays over N postings plus the N×S required-skill matrix."""

    ids: np.ndarray
    occupation: np.ndarray  # int32 index into the OccupationSpace, -1 unknown
    area: np.ndarray  # int32 municipality code, -1 unknown
    region: np.ndarray  # int32 region code, -1 unknown
    working_time: np.ndarray  # uint8 mask, 0 unknown
    remote: np.ndarray  # int8 REMOTE value
    languages: np.ndarray  # N×L int8 required level, 0 none
    licences: np.ndarray  # int32 mask of required licences
    skills: sparse.csr_matrix  # N×S, 1 = required
    active: np.ndarray | None = None  # bool, None = all

    def __post_init__(self) -> None:
        self.skills = sparse.csr_matrix(self.skills, dtype=np.float32)
        self.n_required = np.diff(self.skills.indptr).astype(np.float32)
        # Column access: the postings that require a skill, for "how many of my skills".
        self._by_skill = self.skills.tocsc()
        required = self.languages > 0
        self._lang_cols = np.flatnonzero(required.any(axis=0))
        self._lang_req = {int(c): np.ascontiguousarray(self.languages[:, c]) for c in self._lang_cols}
        self._n_lang = required.sum(axis=1).astype(np.float32)
        self.occupation_safe = np.maximum(self.occupation, 0)

    def covered(self, skill_indices: np.ndarray) -> np.ndarray:
        """Per posting, how many of `skill_indices` it requires (touches only those columns)."""
        csc = self._by_skill
        if len(skill_indices) == 0:
            return np.zeros(len(self.ids), np.float32)
        starts, ends = csc.indptr[skill_indices], csc.indptr[skill_indices + 1]
        rows = np.concatenate([csc.indices[a:b] for a, b in zip(starts, ends, strict=True)])
        return np.bincount(rows, minlength=len(self.ids)).astype(np.float32)

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_rows(
        cls, rows: Iterable[dict], space: OccupationSpace, skill_pos: dict[str, int]
    ) -> PostingIndex:
        """Rows with id, occupation (URI), area, region, working_time (codes), remote,
        languages ([(code, level)]), licences, skills (URIs), active."""
        ids, occ, area, region, wt, remote, langs, lic, active = ([] for _ in range(9))
        indptr, indices = [0], []
        for r in rows:
            ids.append(r["id"])
            occ.append(space.pos.get(r.get("occupation") or "", -1))
            area.append(_code(r.get("area")))
            region.append(_code(r.get("region")))
            wt.append(working_time_mask(r.get("working_time") or ()))
            remote.append(REMOTE.get(r.get("remote") or "onsite", 0))
            langs.append(language_levels(r.get("languages") or ()))
            lic.append(licence_mask(r.get("licences") or ()))
            active.append(bool(r.get("active", True)))
            found = sorted({skill_pos[s] for s in r.get("skills") or () if s in skill_pos})
            indices.extend(found)
            indptr.append(len(indices))
        n, s = len(ids), space.n_skills
        matrix = sparse.csr_matrix(
            (np.ones(len(indices), np.float32), np.array(indices, np.int32), np.array(indptr)), shape=(n, s)
        )
        return cls(
            ids=np.array(ids, np.int64),
            occupation=np.array(occ, np.int32),
            area=np.array(area, np.int32),
            region=np.array(region, np.int32),
            working_time=np.array(wt, np.uint8),
            remote=np.array(remote, np.int8),
            languages=np.array(langs, np.int8).reshape(n, len(LANGUAGES)),
            licences=np.array(lic, np.int32),
            skills=matrix,
            active=np.array(active, bool),
        )

    def required_of(self, row: int) -> np.ndarray:
        return self.skills.indices[self.skills.indptr[row] : self.skills.indptr[row + 1]]


@dataclass
class Ranked:
    """Top results: row indices into the index, totals and the per-factor scores."""

    rows: np.ndarray
    total: np.ndarray
    factors: dict[str, np.ndarray | None]  # None = factor not used for this profile
    licence_missing: np.ndarray  # int mask of required licences the client lacks
    candidates: int

    def breakdown(self, k: int) -> dict[str, float | None]:
        return {f: (None if v is None else round(float(v[k]), 3)) for f, v in self.factors.items()}


ONE, HALF, ZERO = np.float32(1.0), np.float32(0.5), np.float32(0.0)


def _location(profile: Profile, index: PostingIndex) -> np.ndarray:
    """Lookup tables indexed by code: a gather per column instead of comparisons."""
    by_area = np.zeros(MUNICIPALITY_CODES + 1, np.float32)  # the last slot: unknown (-1)
    if len(profile.areas):
        by_region = np.zeros(
            int(max(index.region.max(initial=0), profile.regions.max(initial=0))) + 2, np.float32
        )
        by_region[profile.regions[profile.regions >= 0]] = HALF
        loc = by_region[index.region]
        by_area[profile.areas[(profile.areas >= 0) & (profile.areas < MUNICIPALITY_CODES)]] = ONE
        np.maximum(loc, by_area[index.area], out=loc)
    else:
        loc = np.zeros(len(index), np.float32)
    if profile.remote in ("accept", "only"):
        remote = np.array([0.0, 0.75, 1.0], np.float32)
        np.maximum(loc, remote[index.remote], out=loc)
    if profile.remote == "only":
        loc *= np.array([0.3, 1.0, 1.0], np.float32)[index.remote]
    return loc


def _language(profile: Profile, index: PostingIndex) -> np.ndarray:
    """Mean over the posting's required languages of met (1) / one level short (0.5)."""
    met = np.zeros(len(index), np.float32)
    levels = np.arange(len(LEVELS) + 1)
    for col, req in index._lang_req.items():
        have = int(profile.languages[col])
        table = np.where(levels <= have, ONE, np.where(levels == have + 1, HALF, ZERO)).astype(np.float32)
        table[0] = ZERO  # not required
        met += table[req]
    out = np.ones(len(index), np.float32)
    needs = index._n_lang > 0
    out[needs] = met[needs] / index._n_lang[needs]
    return out


def _combine(parts: dict[str, np.ndarray | None], weights: dict[str, float]) -> np.ndarray | None:
    used = [f for f, v in parts.items() if v is not None]
    if not used:
        return None
    norm = sum(weights[f] for f in used)
    total = np.zeros(len(parts[used[0]]), np.float32)  # type: ignore[arg-type]
    for f in used:
        total += np.float32(weights[f] / norm) * parts[f]  # type: ignore[operator]
    return total


def _top(total: np.ndarray, ids: np.ndarray, k: int) -> np.ndarray:
    if len(total) > k:
        part = np.argpartition(-total, k - 1)[:k]
    else:
        part = np.arange(len(total))
    return part[np.lexsort((ids[part], -total[part]))]


def rank_postings(
    profile: Profile,
    index: PostingIndex,
    space: OccupationSpace,
    *,
    top_k: int = 20,
    mask: np.ndarray | None = None,
    min_occupation: float = 0.0,
) -> Ranked:
    """Filter (active, `mask`, minimum occupation closeness) and score; the best `top_k`.

    Every factor is one vector operation over all postings (cheaper than gathering the
    kept rows first); the filter is applied to the total before the top-k partition.
    """
    keep = index.active.copy() if index.active is not None else np.ones(len(index), bool)
    if mask is not None:
        keep &= mask
    avail = profile.available
    parts: dict[str, np.ndarray | None] = dict.fromkeys(FACTORS)
    if profile.occupations and ("occupation" in avail or min_occupation > 0):
        occ_sim = space.similarity(profile.occupations)
        occ_all = occ_sim[index.occupation_safe]
        occ_all[index.occupation < 0] = ZERO
        if min_occupation > 0:
            keep &= occ_all >= min_occupation
        if "occupation" in avail:
            parts["occupation"] = occ_all
    if "skills" in avail:
        have = np.flatnonzero(profile.skill_vector(space.n_skills))
        skills = np.full(len(index), np.float32(NO_REQUIREMENTS))
        needs = index.n_required > 0
        skills[needs] = index.covered(have)[needs] / index.n_required[needs]
        parts["skills"] = skills
    if "location" in avail:
        parts["location"] = _location(profile, index)
    if "language" in avail:
        parts["language"] = _language(profile, index)
    if "working_time" in avail and profile.working_time:
        masks = np.arange(8)
        table = ((masks == 0) | ((masks & profile.working_time) > 0)).astype(np.float32)
        parts["working_time"] = table[index.working_time]
    total = _combine(parts, WEIGHTS)
    if total is None:
        total = np.zeros(len(index), np.float32)
    missing = None
    if "licences" in avail:
        missing = index.licences & ~np.int32(profile.licences)
        total[missing > 0] *= np.float32(LICENCE_PENALTY)
    rows = np.flatnonzero(keep)
    top = rows[_top(total[rows], index.ids[rows], top_k)]
    return Ranked(
        rows=top,
        total=total[top],
        factors={f: (None if v is None else v[top]) for f, v in parts.items()},
        licence_missing=(missing[top] if missing is not None else np.zeros(len(top), np.int32)),
        candidates=len(rows),
    )


def licences_of(mask: int) -> list[str]:
    return [code for i, code in enumerate(LICENCES) if mask & (1 << i)]


def skill_gaps(profile: Profile, required: np.ndarray, n_skills: int) -> np.ndarray:
    """The required skills (indices) the profile neither holds nor implies."""
    have = profile.skill_vector(n_skills)
    return required[have[required] == 0]
