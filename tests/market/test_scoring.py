"""The pure matching maths on hand-made data: factor values worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from kohtaanto.matching import market as mm
from kohtaanto.matching import market_paths as mp

from .esco_fixture import (
    CARE,
    CLEANER,
    DEVELOPER,
    DRIVER,
    FIRST_AID,
    HYGIENE,
    MEDICATION,
    NURSE,
    PRACTICAL,
    SQL,
    WOUNDS,
    release,
)

pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.fixture(scope="module")
def world():
    rel = release()
    space = mm.OccupationSpace.from_release(rel)
    skill_pos = {u: i for i, u in enumerate(rel.skill_uris)}
    ess = {u: [s for s, _ in rel.skills_of(u, "essential")] for u in rel.occupations}
    postings = mm.PostingIndex.from_rows(
        [
            {
                "id": 1,
                "occupation": NURSE,
                "area": "091",
                "region": 11,
                "working_time": ["full_time"],
                "languages": [("fi", "B2")],
                "skills": ess[NURSE],
            },
            {
                "id": 2,
                "occupation": DEVELOPER,
                "area": "049",
                "region": 11,
                "working_time": ["full_time"],
                "remote": "remote",
                "languages": [("en", "C1")],
                "skills": ess[DEVELOPER],
            },
            {
                "id": 3,
                "occupation": DRIVER,
                "area": "092",
                "region": 11,
                "working_time": ["shift"],
                "licences": ["D"],
                "skills": ess[DRIVER],
            },
            {
                "id": 4,
                "occupation": NURSE,
                "area": "091",
                "region": 11,
                "skills": ess[NURSE],
                "active": False,
            },
        ],
        space,
        skill_pos,
    )
    education = mp.EducationIndex.from_rows(
        [
            {
                "id": 10,
                "occupations": [NURSE],
                "skills": [MEDICATION, WOUNDS],
                "areas": [91],
                "region": 11,
                "languages": ["fi"],
                "level": 6,
            },
            {
                "id": 11,
                "occupations": [DEVELOPER],
                "skills": [SQL],
                "areas": [49],
                "region": 11,
                "languages": ["en"],
                "level": 7,
            },
        ],
        space,
        skill_pos,
    )
    return rel, space, skill_pos, postings, education


def profile(space, skill_pos, available=None, **kw) -> mm.Profile:
    base = dict(
        occupations=[(space.pos[NURSE], 1.0), (space.pos[PRACTICAL], mm.HISTORY_WEIGHT)],
        targets=[space.pos[NURSE]],
        skills=np.array([skill_pos[CARE], skill_pos[WOUNDS]], np.int32),
        implied=np.array(sorted(skill_pos[s] for s in (CARE, FIRST_AID, HYGIENE)), np.int32),
        languages=mm.language_levels([("fi", "C1"), ("en", "B1")]),
        licences=mm.licence_mask(["B"]),
        areas=np.array([91], np.int32),
        regions=np.array([11], np.int32),
        remote="accept",
        working_time=mm.working_time_mask(["full_time"]),
        education_level=3,
        available=frozenset(
            available or {"occupation", "skills", "location", "language", "working_time", "licences", "level"}
        ),
    )
    base.update(kw)
    return mm.Profile(**base)


def test_breakdown_worked_out_by_hand(world):
    _rel, space, skill_pos, postings, _edu = world
    ranked = mm.rank_postings(profile(space, skill_pos), postings, space, top_k=10)
    assert [int(postings.ids[r]) for r in ranked.rows] == [1, 3, 2]  # posting 4 is not active
    assert ranked.candidates == 3
    nurse, driver, developer = (ranked.breakdown(k) for k in range(3))
    assert nurse == {
        "occupation": 1.0,
        "skills": pytest.approx(0.667, abs=1e-3),
        "location": 1.0,
        "language": 1.0,
        "working_time": 1.0,
    }
    assert ranked.total[0] == pytest.approx(0.35 + 0.30 * 2 / 3 + 0.15 + 0.10 + 0.10, abs=1e-5)
    # Driver: skill-set cosine 1/sqrt(6) (first aid shared), same region, shift only, licence D missing.
    cosine = 0.9 / np.sqrt(6)
    assert driver["occupation"] == pytest.approx(cosine, abs=1e-3)
    assert driver["skills"] == 0.5 and driver["location"] == 0.5 and driver["language"] == 1.0
    assert driver["working_time"] == 0.0
    expected = (0.35 * cosine + 0.30 * 0.5 + 0.15 * 0.5 + 0.10) * mm.LICENCE_PENALTY
    assert ranked.total[1] == pytest.approx(expected, abs=1e-4)
    assert mm.licences_of(int(ranked.licence_missing[1])) == ["D"]
    # Developer: remote work the client accepts counts as location 1; English C1 vs B1 fails.
    assert developer == {
        "occupation": 0.0,
        "skills": 0.0,
        "location": 1.0,
        "language": 0.0,
        "working_time": 1.0,
    }


def test_missing_data_is_left_out_not_counted_as_mismatch(world):
    _rel, space, skill_pos, postings, _edu = world
    p = profile(space, skill_pos, available={"occupation", "skills"})
    ranked = mm.rank_postings(p, postings, space, top_k=1)
    b = ranked.breakdown(0)
    assert b["location"] is None and b["language"] is None and b["working_time"] is None
    assert ranked.total[0] == pytest.approx((0.35 * 1.0 + 0.30 * 2 / 3) / 0.65, abs=1e-5)


def test_one_level_short_is_half(world):
    _rel, space, skill_pos, postings, _edu = world
    p = profile(space, skill_pos, languages=mm.language_levels([("fi", "B1"), ("en", "B2")]))
    ranked = mm.rank_postings(p, postings, space, top_k=3)
    by_id = {int(postings.ids[r]): ranked.breakdown(k) for k, r in enumerate(ranked.rows)}
    assert by_id[1]["language"] == 0.5 and by_id[2]["language"] == 0.5


def test_skill_gaps_are_required_skills_not_held_or_implied(world):
    rel, space, skill_pos, postings, _edu = world
    p = profile(space, skill_pos)
    gaps = mm.skill_gaps(p, postings.required_of(0), space.n_skills)
    assert [rel.skill_uris[g] for g in gaps] == [MEDICATION]
    # Without the work history, first aid is a gap too.
    bare = profile(space, skill_pos, implied=np.zeros(0, np.int32))
    assert {rel.skill_uris[g] for g in mm.skill_gaps(bare, postings.required_of(0), space.n_skills)} == {
        FIRST_AID,
        MEDICATION,
    }


def test_paths_name_the_education_that_closes_the_gap(world):
    _rel, space, skill_pos, postings, edu = world
    p = profile(space, skill_pos)
    gaps = [mm.skill_gaps(p, postings.required_of(0), space.n_skills)]
    paths = mp.education_paths(gaps, [int(postings.n_required[0])], edu)
    assert len(paths[0]) == 1
    step = paths[0][0]
    assert int(edu.ids[step.row]) == 10
    assert step.before == pytest.approx(0.667, abs=1e-3) and step.after == 1.0 and step.reachable


def test_education_ranking_and_jobs_opened(world):
    _rel, space, skill_pos, postings, edu = world
    p = profile(space, skill_pos)
    ranked = mp.rank_education(p, edu, space, top_k=2)
    assert [int(edu.ids[r]) for r in ranked.rows] == [10, 11]
    b = ranked.breakdown(0)
    assert b["occupation"] == 1.0 and b["skills"] == 1.0  # the only target gap (medication) is taught
    assert b["location"] == 1.0 and b["language"] == 1.0
    assert b["level"] == 1.0  # upper secondary -> bachelor: eligible and a step up
    assert ranked.breakdown(1)["level"] == pytest.approx(0.2)  # a master's needs a bachelor's first
    opened = mp.jobs_opened(p, postings, space, edu, ranked.rows)
    assert list(opened) == [1, 0]  # the nurse posting goes from 2/3 to 3/3


def test_filter_mask_and_minimum_occupation(world):
    _rel, space, skill_pos, postings, _edu = world
    p = profile(space, skill_pos)
    only_espoo = postings.area == 49
    ranked = mm.rank_postings(p, postings, space, mask=only_espoo)
    assert [int(postings.ids[r]) for r in ranked.rows] == [2]
    close = mm.rank_postings(p, postings, space, min_occupation=0.5)
    assert [int(postings.ids[r]) for r in close.rows] == [1]


def test_occupation_similarity_uses_isco_groups(world):
    rel, space, _skill_pos, _postings, _edu = world
    sim = space.similarity([(space.pos[NURSE], 1.0)])
    assert sim[space.pos[NURSE]] == 1.0
    assert sim[space.pos[CLEANER]] == 0.0
    # Lähihoitaja shares two of three essential skills with the nurse: cosine 2/3.
    assert sim[space.pos[PRACTICAL]] == pytest.approx(0.9 * 2 / 3, abs=1e-4)
    assert rel.occupations[NURSE].isco_group == "2221"
