"""Hard filters (eligibility, capacity, publication) and soft preferences.

A filter whose data is missing on either side is *inactive*, not failed: a catalogue
that has not recorded age limits must not hide its services. Every decision is written
down so the explanation can say which filters ran and why a service passed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .types import ClientContext, ServiceDocument, level_rank

EARTH_RADIUS_KM = 6371.0088
# A client's need is never met by a service whose applicant is an employer (pay subsidy,
# Helsinki-lisä: the employer applies), nor by one only for pupils and students (school
# services). Judged by the service's target groups, never by its name.
EMPLOYER_GROUPS = frozenset({"employers"})
SCHOOL_GROUPS = frozenset({"students", "youth"})


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True, slots=True)
class FilterDecision:
    name: str
    state: str  # "passed", "failed" or "inactive"
    detail: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "state": self.state, "detail": self.detail}


def check_filters(
    doc: ServiceDocument, client: ClientContext | None, require_published: bool = True
) -> list[FilterDecision]:
    """Evaluate every hard filter for one service and one client."""
    c = client or ClientContext()
    out: list[FilterDecision] = []

    if not require_published:
        out.append(FilterDecision("status", "inactive", "status filter switched off"))
    elif doc.status is None:
        out.append(FilterDecision("status", "inactive", "service has no moderation status"))
    elif doc.status == "published":
        out.append(FilterDecision("status", "passed", "published"))
    else:
        out.append(FilterDecision("status", "failed", f"status is {doc.status}"))

    if doc.min_age is None and doc.max_age is None:
        out.append(FilterDecision("age", "inactive", "service has no age limits"))
    elif c.age is None:
        out.append(FilterDecision("age", "inactive", "client age unknown"))
    else:
        lo = doc.min_age if doc.min_age is not None else 0
        hi = doc.max_age if doc.max_age is not None else 200
        ok = lo <= c.age <= hi
        limits = f"{doc.min_age if doc.min_age is not None else ''}-{doc.max_age if doc.max_age is not None else ''}"
        out.append(FilterDecision("age", "passed" if ok else "failed", f"age {c.age}, limits {limits}"))

    if not doc.municipalities:
        out.append(FilterDecision("municipality", "inactive", "service has no municipality limits"))
    elif c.municipality is None:
        out.append(FilterDecision("municipality", "inactive", "client municipality unknown"))
    else:
        ok = c.municipality in doc.municipalities
        out.append(
            FilterDecision(
                "municipality",
                "passed" if ok else "failed",
                f"client in {c.municipality}, service for {', '.join(doc.municipalities)}",
            )
        )

    for lang, label, required in (
        ("fi", "Finnish", doc.required_finnish_level),
        ("sv", "Swedish", doc.required_swedish_level),
    ):
        name = f"{label.lower()}_level"
        need = level_rank(required)
        if need is None:
            out.append(FilterDecision(name, "inactive", f"no {label} level required"))
        elif lang not in c.language_levels:
            out.append(FilterDecision(name, "inactive", f"client's {label} level unknown"))
        else:
            have = level_rank(c.language_levels[lang]) or 0
            state = "passed" if have >= need else "failed"
            out.append(FilterDecision(name, state, f"client {c.language_levels[lang]}, required {required}"))

    if not doc.target_groups:
        out.append(FilterDecision("target_group", "inactive", "service open to all groups"))
    elif c.target_groups is None:
        out.append(FilterDecision("target_group", "inactive", "client's target groups unknown"))
    else:
        common = sorted(set(doc.target_groups) & set(c.target_groups))
        out.append(
            FilterDecision(
                "target_group",
                "passed" if common else "failed",
                f"client in {', '.join(common)}"
                if common
                else f"service only for {', '.join(doc.target_groups)}",
            )
        )

    if client is not None and doc.target_groups:
        groups = set(doc.target_groups)
        if groups & EMPLOYER_GROUPS:
            out.append(FilterDecision("client_service", "failed", "service for employers"))
        elif groups <= SCHOOL_GROUPS and "students" in groups:
            out.append(FilterDecision("client_service", "failed", "service for pupils and students"))
        else:
            out.append(FilterDecision("client_service", "passed", "service for job seekers"))

    if doc.available_places is None:
        out.append(FilterDecision("capacity", "inactive", "free places not recorded"))
    elif doc.available_places > 0:
        out.append(FilterDecision("capacity", "passed", f"{doc.available_places} places free"))
    else:
        out.append(FilterDecision("capacity", "failed", "no free places"))
    return out


def passes(decisions: list[FilterDecision]) -> bool:
    return all(d.state != "failed" for d in decisions)


@dataclass(frozen=True, slots=True)
class PreferenceWeights:
    """Bonus added to the relevance score for each preference met.

    Relevance is in units of one standard deviation of the dense score over the
    catalogue (the best services score about 4-6), so these reorder close calls only:
    next door is worth 0.3, 10 km away 0.15.
    """

    distance: float = 0.3
    distance_scale_km: float = 10.0
    channel: float = 0.15
    language: float = 0.15


def preferences(
    doc: ServiceDocument, client: ClientContext | None, weights: PreferenceWeights | None = None
) -> tuple[float, list[dict[str, Any]]]:
    """Soft preference bonus and its itemised explanation.

    Distance is from the client's preferred office if given, else home, to the nearest
    service location; the bonus decays smoothly (half at `distance_scale_km`) so that a
    clearly better service far away still outranks a mediocre one next door.
    """
    w = weights or PreferenceWeights()
    if client is None:
        return 0.0, []
    total = 0.0
    items: list[dict[str, Any]] = []
    origin = client.preferred_office or client.home
    if origin is not None and doc.locations:
        nearest = min(doc.locations, key=lambda loc: haversine_km(origin, (loc.lat, loc.lon)))
        km = haversine_km(origin, (nearest.lat, nearest.lon))
        bonus = w.distance * w.distance_scale_km / (w.distance_scale_km + km)
        total += bonus
        items.append(
            {
                "name": "distance",
                "from": "preferred_office" if client.preferred_office else "home",
                "km": round(km, 2),
                "location": nearest.name,
                "bonus": round(bonus, 4),
            }
        )
    if client.preferred_channel and doc.channels is not None:
        hit = client.preferred_channel in doc.channels
        bonus = w.channel if hit else 0.0
        total += bonus
        items.append(
            {"name": "channel", "preferred": client.preferred_channel, "offered": hit, "bonus": bonus}
        )
    if client.preferred_language and doc.languages is not None:
        hit = client.preferred_language in doc.languages
        bonus = w.language if hit else 0.0
        total += bonus
        items.append(
            {"name": "language", "preferred": client.preferred_language, "offered": hit, "bonus": bonus}
        )
    return total, items
