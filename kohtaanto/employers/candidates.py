"""Candidates for a vacancy (issue 14, point 4): the Django side of `matching.candidates`.

Only job seekers with a consent in force for "matching my profile to employers' vacancies"
are in the index, each cut to the profile fields that consent covers, and only those of the
vacancy's employment area whose job search is open. The index is cached per area (a few
entries, least recently used first out) and rebuilt when consents, profiles or the area's
ended job searches change; a consent's end is kept in the index and checked at every query,
so an expiry or a withdrawal applies to the very next call. Candidates are named by a
pseudonym per vacancy (`client_ref`), an HMAC that only the server can link to a client.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import cast

import numpy as np
from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from kohtaanto.clients.models import Client
from kohtaanto.domain.keys import derive
from kohtaanto.market.engine import to_vector
from kohtaanto.market.escodata import EscoData, esco
from kohtaanto.market.models import Consent, Profile, Purpose
from kohtaanto.market.reference import region_of
from kohtaanto.matching import market as mm
from kohtaanto.matching.candidates import Need, ProfileIndex, need_levels, rank_candidates
from kohtaanto.matching.esco.model import EscoRelease

from .models import Vacancy
from .vacancies import posting_sync

MAX_AREAS = 8  # cached indexes, one per employment area
_cache: OrderedDict[int, tuple[tuple, EscoData, ProfileIndex]] = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class Ranked:
    client_id: int
    ref: str
    score: float
    breakdown: dict[str, float]  # factor -> its score in [0, 1], for the factors used
    gaps: list[str]  # ESCO skill URIs the vacancy requires that the consented profile lacks


def client_ref(vacancy_id: int, client_id: int) -> str:
    """A candidate's code on one vacancy: stable there, unlinkable across vacancies."""
    key = derive(settings.FIELD_KEY, b"candidate-ref")
    digest = hmac.new(key, f"{vacancy_id}:{client_id}".encode(), hashlib.sha256).hexdigest()
    return "K-" + digest[:8].upper()


def _consents(area_id: int):
    now = timezone.now()
    return Consent.objects.filter(
        purpose=Purpose.EMPLOYER_MATCHING,
        withdrawn_at__isnull=True,
        granted_at__lte=now,
        expires_at__gt=now,
        client__unit__municipality_id=area_id,
    ).exclude(client__job_search_status="ended")


def _stamp(area_id: int) -> tuple:
    consents = Consent.objects.filter(purpose=Purpose.EMPLOYER_MATCHING).aggregate(
        n=Count("id"), top=Max("id"), withdrawn=Max("withdrawn_at")
    )
    profiles = Profile.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
    ended = Client.objects.filter(unit__municipality_id=area_id, job_search_status="ended").aggregate(
        n=Count("id"), last=Max("end_date")
    )
    return (*consents.values(), *profiles.values(), *ended.values(), timezone.localdate())


def _build(area_id: int, e: EscoData) -> ProfileIndex:
    latest: dict[int, tuple[list[str], float]] = {}
    for client_id, fields, expires in (
        _consents(area_id)
        .order_by("client_id", "granted_at", "id")
        .values_list("client_id", "fields", "expires_at")
    ):
        latest[client_id] = (fields, expires.timestamp())  # the newest grant wins
    ids, profiles, ends = [], [], []
    rows = Profile.objects.filter(client_id__in=list(latest)).order_by("client_id")
    for profile in rows.iterator(chunk_size=2000):
        fields, expires = latest[profile.client_id]
        ids.append(profile.client_id)
        profiles.append(to_vector(profile.data(tuple(fields)), e))
        ends.append(expires)
    return ProfileIndex.build(ids, profiles, ends, e.space)


def profile_index(area_id: int, e: EscoData | None = None) -> ProfileIndex:
    e = e or esco()
    key = _stamp(area_id)
    with _lock:
        hit = _cache.get(area_id)
        if hit and hit[0] == key and hit[1] is e:
            _cache.move_to_end(area_id)
            return hit[2]
    index = _build(area_id, e)
    with _lock:
        _cache[area_id] = (key, e, index)
        _cache.move_to_end(area_id)
        while len(_cache) > MAX_AREAS:
            _cache.popitem(last=False)
    return index


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def _need(vacancy: Vacancy, e: EscoData) -> Need:
    posting = vacancy.posting or posting_sync(vacancy, e)
    muni = posting.municipality or vacancy.municipality
    return Need(
        occupation=e.space.pos.get(posting.occupation_uri, -1),
        area=int(muni) if muni.isdigit() else -1,
        region=region_of(muni) or -1,
        working_time=mm.working_time_mask(posting.working_time or []),
        remote=mm.REMOTE.get(posting.remote, 0),
        languages=need_levels([(x.get("code"), x.get("level")) for x in posting.languages or []]),
        licences=mm.licence_mask(posting.driving_licences or []),
        skills=np.array(sorted({e.skill_pos[s] for s in posting.skills if s in e.skill_pos}), np.int64),
    )


def rank(vacancy: Vacancy, *, top: int = 20) -> list[Ranked]:
    """The best `top` consenting job seekers of the vacancy's area, with why and what lacks."""
    e = esco()
    index = profile_index(vacancy.area_id, e)
    if not len(index):
        return []
    need = _need(vacancy, e)
    found = rank_candidates(need, index, e.space, now=timezone.now().timestamp(), top_k=top)
    skill_uris = cast(EscoRelease, e.release).skill_uris  # EscoData types its release as object
    out = []
    for k, row in enumerate(found.rows):
        client_id = int(index.ids[row])
        breakdown = {f: round(float(v[k]), 3) for f, v in found.factors.items() if not np.isnan(v[k])}
        gaps = [skill_uris[int(i)] for i in found.gaps[k]]
        out.append(
            Ranked(
                client_id, client_ref(vacancy.pk, client_id), round(float(found.total[k]), 4), breakdown, gaps
            )
        )
    return out
