"""The market view: demand (open postings) against supply (job seekers' target occupations)
by occupation group and area, and ESCO suggestions for the profile editor.

Job seekers are counted only under an active "market_statistics" consent, by the first
occupation they look for (else their latest work history, if the consent covers it) and
their first preferred municipality. Seeker counts are person counts: cells below five are
hidden with secondary suppression (analytics.disclosure.suppress), and so is anything
derived from a hidden count (the ratio and the shortage/surplus label). Posting counts are
not about persons and are shown as they are.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import polars as pl
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone, translation

from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import STAFF_ROLES
from kohtaanto.analytics.disclosure import suppress
from kohtaanto.audit.services import audit_record

from .escodata import esco
from .models import Consent, JobPosting, Profile, Purpose
from .reference import MUNICIPALITIES, municipality_name

GROUPS = {"isco1": 1, "isco2": 2, "isco4": 4, "occupation": 0}
THRESHOLD = 5
SHORTAGE, SURPLUS = 1.5, 0.67  # postings per job seeker relative to the whole market
MAX_ROWS = 60


def suggestions(*, kind: str, text: str, lang: str = "fi", top_k: int = 6) -> list[dict]:
    """ESCO concepts for free text; no personal data, so not audited."""
    text = " ".join((text or "").split())[:200]
    if kind not in ("occupation", "skill") or len(text) < 2:
        return []
    e = esco()
    ranked = e.suggest([text], kind, top_k)[0]
    label = e.occupation_label if kind == "occupation" else e.skill_label
    return [
        {
            "uri": s.uri,
            "label": label(s.uri, lang) if kind == "occupation" else label(s.uri),
            "score": s.score,
        }
        for s in ranked
    ]


@dataclass
class Row:
    code: str
    label: str
    postings: int
    seekers: int | None  # None: hidden (small cell or protecting one)
    ratio: float | None = None
    status: str = ""  # shortage, surplus, balanced; "" when hidden


@dataclass
class Overview:
    group: str
    area: str
    rows: list[Row]
    areas: list[Row]
    postings: int
    seekers: int | None  # None: a total below the threshold is a small cell itself
    threshold: int = THRESHOLD
    as_of: object = None
    area_choices: list = field(default_factory=list)


def _seekers(area: str) -> list[tuple[str, str]]:
    """(occupation uri, area) per consenting active job seeker."""
    now = timezone.now()
    consents = dict(
        Consent.objects.filter(
            purpose=Purpose.MARKET_STATISTICS,
            withdrawn_at__isnull=True,
            granted_at__lte=now,
            expires_at__gt=now,
        ).values_list("client_id", "fields")
    )
    out = []
    profiles = Profile.objects.filter(
        client_id__in=list(consents), client__anonymised_at__isnull=True, client__job_search_status="active"
    ).values_list("client_id", "occupations", "work_history", "preferences")
    for client_id, occs, history, prefs in profiles.iterator(chunk_size=2000):
        fields = consents[client_id]
        uri = ""
        if "occupations" in fields:
            uri = next((o["uri"] for o in occs or [] if o.get("uri")), "")
        if not uri and "work_history" in fields:
            latest = sorted((w for w in history or [] if w.get("uri")), key=lambda w: -(w.get("end") or 9999))
            uri = latest[0]["uri"] if latest else ""
        areas = (prefs or {}).get("areas") or [] if "preferences" in fields else []
        if area and area not in areas:
            continue
        out.append((uri, areas[0] if areas else ""))
    return out


def _status(postings: int, seekers: int | None, overall: float | None) -> tuple[float | None, str]:
    """Postings per seeker, and the situation relative to the whole market: the consenting
    seekers are a sample of all job seekers, so only the relative tightness is meaningful."""
    if seekers is None:
        return None, ""
    if seekers == 0:
        return None, "shortage" if postings else ""
    ratio = postings / seekers
    if not overall:
        return round(ratio, 2), ""
    tightness = ratio / overall
    return round(
        ratio, 2
    ), "shortage" if tightness >= SHORTAGE else "surplus" if tightness <= SURPLUS else "balanced"


def _table(pairs: dict[str, tuple[int, int]], labels, overall: float | None) -> list[Row]:
    if not pairs:
        return []
    codes = list(pairs)
    frame = pl.DataFrame({"code": codes, "seekers": [pairs[c][1] for c in codes]})
    hidden = suppress(frame, ["seekers"], THRESHOLD)["seekers"].to_list()
    rows = []
    for code, seekers in zip(codes, hidden, strict=True):
        postings = pairs[code][0]
        ratio, status = _status(postings, seekers, overall)
        rows.append(Row(code, labels(code), postings, seekers, ratio, status))
    return rows


def market_overview(*, actor: User, group: str = "isco2", area: str = "", request_id: str = "") -> Overview:
    if getattr(actor, "role", None) not in STAFF_ROLES:
        raise PermissionDenied("the market view is for the municipality's staff")
    group = group if group in GROUPS else "isco2"
    area = area if area in MUNICIPALITIES else ""
    lang = (translation.get_language() or "fi")[:2]
    today = timezone.localdate()
    active = JobPosting.objects.filter(Q(expires__isnull=True) | Q(expires__gte=today))
    scoped = active.filter(municipality=area) if area else active
    digits = GROUPS[group]
    key = "occupation_uri" if digits == 0 else "isco_group"
    demand = Counter()
    for value in scoped.exclude(**{key: ""}).values_list(key, flat=True).iterator(chunk_size=5000):
        demand[value if digits == 0 else value[:digits]] += 1
    seekers = _seekers(area)
    supply = Counter()
    e = None
    if seekers:
        e = esco()
        for uri, _a in seekers:
            if not uri:
                continue
            supply[uri if digits == 0 else e.isco_of(uri)[:digits]] += 1
    codes = sorted(set(demand) | set(supply), key=lambda c: (-(demand[c] + supply[c]), c))[:MAX_ROWS]
    if codes and e is None:
        e = esco()

    def label(code: str) -> str:
        return e.occupation_label(code, lang) if digits == 0 else e.isco_label(code, lang)

    total_postings, total_seekers = sum(demand.values()), sum(supply.values())
    overall = total_postings / total_seekers if total_seekers else None
    rows = _table({c: (demand[c], supply[c]) for c in codes}, label, overall)
    by_area_demand = Counter(active.values_list("municipality", flat=True))
    by_area_supply = Counter(a for _u, a in _seekers("") if a)
    area_codes = [c for c in MUNICIPALITIES if by_area_demand[c] or by_area_supply[c]]
    area_total = sum(by_area_supply.values())
    area_overall = sum(by_area_demand[c] for c in area_codes) / area_total if area_total else None
    areas = _table(
        {c: (by_area_demand[c], by_area_supply[c]) for c in area_codes},
        lambda c: municipality_name(c, lang),
        area_overall,
    )
    audit_record(
        actor=actor,
        action="read",
        target_type="market.overview",
        purpose="labour-market statistics",
        request_id=request_id,
        detail={"group": group, "area": area, "seekers": len(seekers)},
    )
    return Overview(
        group=group,
        area=area,
        rows=rows,
        areas=areas,
        postings=scoped.count(),
        seekers=len(seekers) if len(seekers) == 0 or len(seekers) >= THRESHOLD else None,
        as_of=today,
        area_choices=[(c, municipality_name(c, lang)) for c in MUNICIPALITIES],
    )
