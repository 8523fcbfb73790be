"""Matching speed: one profile against N synthetic postings (kohtaanto.matching.market).

    .venv/bin/python benchmarks/market_match.py --postings 100000 --runs 200

Postings use the shipped ESCO subset: a Zipf-distributed occupation each, its essential
skills (ESCO relations) plus a few random skills, one of the Helsinki-region
municipalities, working time, remote mode, 0-2 language requirements and sometimes a
driving licence. The index is built once (as the web app caches it per data version);
each timed run is what a request does: build the occupation similarity, filter, score all
factors, take the top 20, and compute skill gaps and education paths for those 20.
Prints p50/p95/max in milliseconds as one JSON line.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from kohtaanto.matching.esco import load_default
from kohtaanto.matching.market import (
    LANGUAGES,
    LICENCES,
    OccupationSpace,
    PostingIndex,
    Profile,
    language_levels,
    licence_mask,
    rank_postings,
    skill_gaps,
)
from kohtaanto.matching.market_paths import EducationIndex, education_paths

AREAS = [91, 49, 92, 235, 106, 186, 245, 257, 505, 543, 611, 753, 858, 927]


def synthetic_postings(space: OccupationSpace, n: int, seed: int) -> PostingIndex:
    rng = np.random.default_rng(seed)
    n_occ = len(space.uris)
    weights = 1.0 / np.arange(1, n_occ + 1) ** 0.8
    order = rng.permutation(n_occ)
    occ = order[rng.choice(n_occ, size=n, p=weights / weights.sum())].astype(np.int32)
    ess = space.essential
    counts = np.diff(ess.indptr)[occ]
    extra = rng.integers(0, 4, size=n)
    indptr = np.concatenate([[0], np.cumsum(counts + extra)])
    indices = np.empty(indptr[-1], np.int32)
    for i in range(n):  # building is not timed
        row = ess.indices[ess.indptr[occ[i]] : ess.indptr[occ[i] + 1]]
        indices[indptr[i] : indptr[i] + len(row)] = row
        indices[indptr[i] + len(row) : indptr[i + 1]] = rng.integers(0, space.n_skills, size=extra[i])
    from scipy import sparse

    skills = sparse.csr_matrix(
        (np.ones(len(indices), np.float32), indices, indptr), shape=(n, space.n_skills)
    )
    skills.sum_duplicates()
    skills.data[:] = 1.0
    langs = np.zeros((n, len(LANGUAGES)), np.int8)
    langs[:, 0] = np.where(rng.random(n) < 0.8, rng.integers(3, 8, n), 0)
    langs[:, 1] = np.where(rng.random(n) < 0.1, 3, 0)
    langs[:, 2] = np.where(rng.random(n) < 0.3, rng.integers(3, 6, n), 0)
    licences = np.where(rng.random(n) < 0.1, 1 << LICENCES.index("B"), 0).astype(np.int32)
    return PostingIndex(
        ids=np.arange(n, dtype=np.int64),
        occupation=occ,
        area=rng.choice(AREAS, size=n).astype(np.int32),
        region=np.full(n, 1, np.int32),
        working_time=rng.choice([1, 2, 4, 5], size=n).astype(np.uint8),
        remote=rng.choice([0, 0, 0, 1, 2], size=n).astype(np.int8),
        languages=langs,
        licences=licences,
        skills=skills,
        active=rng.random(n) < 0.95,
    )


def synthetic_education(space: OccupationSpace, n: int, seed: int) -> EducationIndex:
    rng = np.random.default_rng(seed + 1)
    rows = []
    for i in range(n):
        occs = rng.choice(len(space.uris), size=3, replace=False)
        skills = np.unique(np.concatenate([space.essential_of(o) for o in occs]))
        rows.append(
            {
                "id": i,
                "occupations": [space.uris[o] for o in occs],
                "skills": [str(s) for s in skills],
                "areas": [int(rng.choice(AREAS))],
                "region": 1,
                "languages": ["fi"],
                "level": int(rng.choice([3, 5, 6, 7])),
            }
        )
    return EducationIndex.from_rows(rows, space, {str(i): i for i in range(space.n_skills)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=100_000)
    parser.add_argument("--education", type=int, default=1_345)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    t0 = time.perf_counter()
    space = OccupationSpace.from_release(load_default())
    postings = synthetic_postings(space, args.postings, args.seed)
    education = synthetic_education(space, args.education, args.seed)
    build_s = time.perf_counter() - t0

    rng = np.random.default_rng(args.seed + 2)
    timings = []
    for run in range(args.runs + 5):
        target, history = rng.choice(len(space.uris), size=2, replace=False)
        held = np.unique(
            np.concatenate([space.essential_of(int(history))[:15], rng.integers(0, space.n_skills, 10)])
        )
        profile = Profile(
            occupations=[(int(target), 1.0), (int(history), 0.8)],
            targets=[int(target)],
            skills=held.astype(np.int32),
            implied=space.essential_of(int(history)).astype(np.int32),
            languages=language_levels([("fi", "B2"), ("en", "C1")]),
            licences=licence_mask(["B"]),
            areas=np.array([91, 49], np.int32),
            regions=np.array([1], np.int32),
            working_time=3,
            available=frozenset({"occupation", "skills", "location", "language", "working_time", "licences"}),
        )
        start = time.perf_counter()
        ranked = rank_postings(profile, postings, space, top_k=20)
        gaps = [skill_gaps(profile, postings.required_of(int(r)), space.n_skills) for r in ranked.rows]
        education_paths(gaps, [int(postings.n_required[r]) for r in ranked.rows], education)
        elapsed = (time.perf_counter() - start) * 1000
        if run >= 5:  # warm-up runs are not counted
            timings.append(elapsed)
    t = np.array(timings)
    print(
        json.dumps(
            {
                "postings": args.postings,
                "education": args.education,
                "runs": args.runs,
                "build_s": round(build_s, 1),
                "p50_ms": round(float(np.percentile(t, 50)), 1),
                "p95_ms": round(float(np.percentile(t, 95)), 1),
                "max_ms": round(float(t.max()), 1),
            }
        )
    )


if __name__ == "__main__":
    main()
