"""The Django side of matching: cached indexes over the stored postings and offerings, the
consent-cut profile as a `matching.market.Profile`, and the explanation both the worker
and the client see (one dataclass, one template include, one API shape)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Max
from django.utils import timezone

from kohtaanto.matching import market as mm
from kohtaanto.matching import market_paths as mp

from .escodata import EscoData
from .models import EducationOffering, JobPosting
from .reference import FACTOR_NAMES, region_of

_cache: dict[str, tuple] = {}
_lock = threading.Lock()


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def _stamp(model) -> tuple:
    agg = model.objects.aggregate(n=Count("id"), last=Max("imported_at"), top=Max("id"))
    return (agg["n"], agg["last"], agg["top"])


def posting_index(e: EscoData) -> tuple[mm.PostingIndex, dict[int, int]]:
    """All stored postings as an index (rebuilt when postings change or the day turns)."""
    today = timezone.localdate()
    key = (_stamp(JobPosting), today)
    with _lock:
        hit = _cache.get("postings")
        if hit and hit[0] is e and hit[1] == key:
            return hit[2], hit[3]
    rows = (
        {
            "id": pk,
            "occupation": occ,
            "area": muni or None,
            "region": region_of(muni),
            "working_time": wt,
            "remote": remote,
            "languages": [(x.get("code"), x.get("level")) for x in langs or []],
            "licences": lic,
            "skills": skills,
            "active": expires is None or expires >= today,
        }
        for pk, occ, muni, wt, remote, langs, lic, skills, expires in JobPosting.objects.order_by("id")
        .values_list(
            "id",
            "occupation_uri",
            "municipality",
            "working_time",
            "remote",
            "languages",
            "driving_licences",
            "skills",
            "expires",
        )
        .iterator(chunk_size=5000)
    )
    index = mm.PostingIndex.from_rows(rows, e.space, e.skill_pos)
    positions = {int(pk): i for i, pk in enumerate(index.ids)}
    with _lock:
        _cache["postings"] = (e, key, index, positions)
    return index, positions


def education_index(e: EscoData) -> mp.EducationIndex:
    key = _stamp(EducationOffering)
    with _lock:
        hit = _cache.get("education")
        if hit and hit[0] is e and hit[1] == key:
            return hit[2]
    rows = (
        {
            "id": pk,
            "occupations": occs,
            "skills": skills,
            "areas": [int(m) for m in munis if str(m).isdigit()],
            "region": region_of(munis[0]) if munis else None,
            "languages": langs,
            "level": int(level) if level.isdigit() else None,
        }
        for pk, occs, skills, munis, langs, level in EducationOffering.objects.order_by("id").values_list(
            "id", "occupations", "skills", "municipalities", "languages", "level"
        )
    )
    index = mp.EducationIndex.from_rows(rows, e.space, e.skill_pos)
    with _lock:
        _cache["education"] = (e, key, index)
    return index


def to_vector(data: dict, e: EscoData) -> mm.Profile:
    """The pure profile from the consented fields in `data` (absent fields are not used)."""
    pos, skill_pos = e.space.pos, e.skill_pos
    weights: dict[int, float] = {}
    targets = [pos[o["uri"]] for o in data.get("occupations") or [] if o.get("uri") in pos]
    for i in targets:
        weights[i] = 1.0
    history = [pos[w["uri"]] for w in data.get("work_history") or [] if w.get("uri") in pos]
    for i in history:
        weights[i] = max(weights.get(i, 0.0), mm.HISTORY_WEIGHT)
    held = [skill_pos[s["uri"]] for s in data.get("skills") or [] if s.get("uri") in skill_pos]
    implied = np.unique(np.concatenate([e.space.essential_of(i) for i in history])) if history else []
    prefs = data.get("preferences") or {}
    areas = [int(a) for a in prefs.get("areas") or []]
    regions = sorted({r for a in prefs.get("areas") or [] if (r := region_of(a))})
    levels = [int(x["level"]) for x in data.get("education") or [] if str(x.get("level")) in "012345678"]
    available = set()
    if weights:
        available.add("occupation")
    if held or history:
        available.add("skills")
    if "preferences" in data and (areas or prefs.get("remote") in ("accept", "only")):
        available.add("location")
    if data.get("languages"):
        available.add("language")
    if prefs.get("working_time"):
        available.add("working_time")
    if data.get("driving_licences"):
        available.add("licences")
    if levels:
        available.add("level")
    return mm.Profile(
        occupations=sorted(weights.items()),
        targets=targets,
        skills=np.array(sorted(set(held)), np.int32),
        implied=np.asarray(implied, np.int32),
        languages=mm.language_levels((x["code"], x["level"]) for x in data.get("languages") or []),
        licences=mm.licence_mask(data.get("driving_licences") or []),
        areas=np.array(areas, np.int32),
        regions=np.array(regions, np.int32),
        remote=prefs.get("remote") or "accept",
        working_time=mm.working_time_mask(prefs.get("working_time") or []),
        education_level=max(levels) if levels else -1,
        available=frozenset(available),
    )


@dataclass
class Factor:
    key: str
    label: str
    score: float | None  # None: not used (no data or no consent for it)

    @property
    def percent(self) -> int | None:
        return None if self.score is None else round(self.score * 100)


@dataclass
class Skill:
    uri: str
    label: str


@dataclass
class PathStep:
    offering_id: int
    name: str
    provider: str
    closes: list[Skill]
    before: int  # % of the job's required skills, now
    after: int  # ... after this education
    reachable: bool


@dataclass
class Explanation:
    """One ranked result, explained the same way to the worker and the client."""

    kind: str  # "job" or "education"
    id: int
    title: str
    subtitle: str
    score: int  # 0-100
    factors: list[Factor]
    gaps: list[Skill] = field(default_factory=list)
    gaps_total: int = 0
    licences_missing: list[str] = field(default_factory=list)
    paths: list[PathStep] = field(default_factory=list)
    jobs_opened: int | None = None
    url: str = ""


def _factors(breakdown: dict[str, float | None]) -> list[Factor]:
    return [Factor(k, str(FACTOR_NAMES[k]), v) for k, v in breakdown.items()]


GAPS_SHOWN = 12


def explain_jobs(profile: mm.Profile, e: EscoData, *, top_k: int, lang: str) -> tuple[list[Explanation], int]:
    """Ranked postings with breakdown, skill gaps and education paths; and the candidate count."""
    index, _ = posting_index(e)
    if len(index) == 0:
        return [], 0
    ranked = mm.rank_postings(profile, index, e.space, top_k=top_k)
    rows = [int(r) for r in ranked.rows]
    postings = JobPosting.objects.in_bulk([int(index.ids[r]) for r in rows])
    gaps = [mm.skill_gaps(profile, index.required_of(r), e.space.n_skills) for r in rows]
    edu = education_index(e)
    paths = mp.education_paths(gaps, [int(index.n_required[r]) for r in rows], edu)
    offering_ids = {int(edu.ids[p.row]) for ps in paths for p in ps}
    offerings = EducationOffering.objects.in_bulk(list(offering_ids))
    skill_uris = e.release.skill_uris
    out = []
    for k, r in enumerate(rows):
        post = postings[int(index.ids[r])]
        out.append(
            Explanation(
                kind="job",
                id=post.pk,
                title=post.title,
                subtitle=", ".join(x for x in (post.employer, post.municipality_name(lang)) if x),
                score=round(float(ranked.total[k]) * 100),
                factors=_factors(ranked.breakdown(k)),
                gaps=[Skill(skill_uris[s], e.skill_label(skill_uris[s])) for s in gaps[k][:GAPS_SHOWN]],
                gaps_total=len(gaps[k]),
                licences_missing=mm.licences_of(int(ranked.licence_missing[k])),
                paths=[_path(p, edu, offerings, skill_uris, e, lang) for p in paths[k]],
                url=post.url,
            )
        )
    return out, ranked.candidates


def _path(p: mp.Path, edu, offerings, skill_uris, e: EscoData, lang: str) -> PathStep:
    off = offerings[int(edu.ids[p.row])]
    return PathStep(
        offering_id=off.pk,
        name=off.name_in(lang),
        provider=off.provider,
        closes=[Skill(skill_uris[s], e.skill_label(skill_uris[s])) for s in p.closed[:GAPS_SHOWN]],
        before=round(p.before * 100),
        after=round(p.after * 100),
        reachable=p.reachable,
    )


def explain_education(
    profile: mm.Profile, e: EscoData, *, top_k: int, lang: str
) -> tuple[list[Explanation], int]:
    edu = education_index(e)
    if len(edu) == 0:
        return [], 0
    ranked = mp.rank_education(profile, edu, e.space, top_k=top_k)
    offerings = EducationOffering.objects.in_bulk([int(edu.ids[r]) for r in ranked.rows])
    postings, _ = posting_index(e)
    opened = mp.jobs_opened(profile, postings, e.space, edu, ranked.rows)
    gap_set = set(int(g) for g in ranked.gaps)
    skill_uris = e.release.skill_uris
    out = []
    for k, r in enumerate(ranked.rows):
        off = offerings[int(edu.ids[r])]
        taught = edu.skills.indices[edu.skills.indptr[r] : edu.skills.indptr[r + 1]]
        closes = [int(s) for s in taught if int(s) in gap_set]
        untaught = [g for g in ranked.gaps if int(g) not in set(closes)]
        out.append(
            Explanation(
                kind="education",
                id=off.pk,
                title=off.name_in(lang),
                subtitle=off.provider,
                score=round(float(ranked.total[k]) * 100),
                factors=_factors(ranked.breakdown(k)),
                gaps=[Skill(skill_uris[s], e.skill_label(skill_uris[s])) for s in untaught[:GAPS_SHOWN]],
                gaps_total=len(untaught),
                paths=[
                    PathStep(
                        off.pk,
                        off.name_in(lang),
                        off.provider,
                        [Skill(skill_uris[s], e.skill_label(skill_uris[s])) for s in closes[:GAPS_SHOWN]],
                        0,
                        0,
                        False,
                    )
                ]
                if closes
                else [],
                jobs_opened=int(opened[k]),
                url=off.url,
            )
        )
    return out, ranked.candidates
