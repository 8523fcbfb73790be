"""Synthetic employers for the demo's employer services (issue 14): Helsinki-region firms
with valid business IDs, TOL 2008 industries, size classes, locations, contact persons, a
consent-to-contact status, a responsible coordinator (by slot) and a history of contacts
with a next action. Deterministic for a seed; dates are relative to `today`.

The names are made up from Finnish words and district names with an industry word. The
business IDs have a valid check digit (kohtaanto.domain.ytunnus) but are drawn from
9000000-9999999, a range the Finnish Patent and Registration Office has not reached
(it issues about 3.5 million in 2025), so no synthetic employer shares a real firm's ID.

Pure: no Django.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass

from kohtaanto.domain.ytunnus import check_digit
from kohtaanto.synthetic.employer_words import (
    DISTRICTS,
    GENERAL_TITLES,
    INDUSTRIES,
    KINDS,
    NEXT_ACTIONS,
    NOTES,
    SIZES,
    STREETS,
    TOPICS,
    WORDS,
    Industry,
)
from kohtaanto.synthetic.names import NAMES


@dataclass(frozen=True)
class InteractionSpec:
    kind: str
    date: dt.date
    note: str
    next_action: str = ""
    next_action_date: dt.date | None = None


@dataclass(frozen=True)
class EmployerSpec:
    business_id: str
    name: str
    industry: str
    size_class: str
    contact_consent: str
    locations: tuple[dict, ...]
    contacts: tuple[dict, ...]
    coordinator: int | None  # slot among the loader's coordinators; None: no coordinator yet
    interactions: tuple[InteractionSpec, ...]


def business_ids(n: int, rng: random.Random) -> list[str]:
    """`n` distinct business IDs with a valid check digit, from the unissued 9xxxxxx range."""
    out: dict[str, None] = {}
    while len(out) < n:
        digits = f"{rng.randint(9_000_000, 9_999_999):07d}"
        check = check_digit(digits)
        if check is not None:
            out[f"{digits}-{check}"] = None
    return list(out)


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum() or ch in ".-")


def _name(rng: random.Random, industry: Industry, taken: set[str]) -> str:
    for _ in range(50):
        pattern = rng.choice(industry.patterns)
        surname = rng.choice(NAMES["fi"][2])
        word, district = rng.choice(WORDS), rng.choice(list(DISTRICTS))
        name = pattern.format(w=word, l=word.lower(), d=district, g=DISTRICTS[district], s=surname)
        if name not in taken:
            taken.add(name)
            return name
    name = f"{name} {len(taken)}"
    taken.add(name)
    return name


def _locations(rng: random.Random, size: str) -> tuple[dict, ...]:
    n = {"micro": 1, "small": 1, "medium": rng.randint(1, 2), "large": rng.randint(1, 3)}[size]
    first = [s for s in STREETS if s[2] == "Helsinki"] if rng.random() < 0.85 else list(STREETS)
    picked = [rng.choice(first), *rng.sample(STREETS, n - 1)]
    return tuple(
        {"address": f"{street} {rng.randint(1, 120)}", "postal_code": code, "city": city}
        for street, code, city in picked
    )


def _contacts(rng: random.Random, industry: Industry, size: str, domain: str) -> tuple[dict, ...]:
    n = rng.choices((1, 2, 3), weights=(50, 35, 15) if size in ("micro", "small") else (20, 45, 35))[0]
    titles = ("yrittäjä", "toimitusjohtaja") if size == "micro" else (*industry.titles, *GENERAL_TITLES)
    out = []
    for i in range(n):
        lang = rng.choices(("fi", "sv", "et", "ru", "en"), weights=(84, 8, 3, 3, 2))[0]
        female, male, f_last, m_last = NAMES[lang]
        first, last = (female, f_last) if rng.random() < 0.6 else (male, m_last)
        person = (rng.choice(first), rng.choice(last))
        out.append(
            {
                "name": f"{person[0]} {person[1]}",
                "title": titles[i % len(titles)] if i else rng.choice(titles),
                "phone": f"+358 40 000 {rng.randint(0, 9999):04d}",
                "email": f"{_ascii(person[0])}.{_ascii(person[1])}@{domain}",
            }
        )
    return tuple(out)


def _history(rng: random.Random, size: str, consent: str, assigned: bool, today: dt.date):
    """Contacts over the last 18 months, oldest first; the last one plans the next step,
    whose date may already have passed (the coordinator's overdue follow-ups)."""
    low, high = {"micro": (1, 3), "small": (1, 4), "medium": (2, 6), "large": (3, 9)}[size]
    n = rng.randint(low, high) if assigned else rng.randint(0, 2)
    days = sorted((rng.randint(1, 540) for _ in range(n)), reverse=True)
    if days and assigned:
        days[-1] = min(days[-1], rng.randint(0, 100))  # a recent last contact
    out = []
    for k, ago in enumerate(days):
        kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
        when = today - dt.timedelta(days=ago)
        last = k == len(days) - 1
        note = NOTES[kind].format(t=rng.choice(TOPICS))
        plan = (last and consent != "no" and rng.random() < 0.9) or (not last and rng.random() < 0.4)
        if last and consent == "no":
            note, kind = "Ei halua yhteydenottoja työllisyyspalveluista toistaiseksi.", "call"
        out.append(
            InteractionSpec(
                kind=kind,
                date=when,
                note=note,
                next_action=rng.choice(NEXT_ACTIONS) if plan else "",
                next_action_date=when + dt.timedelta(days=rng.randint(7, 45)) if plan else None,
            )
        )
    return tuple(out)


def generate_employers(
    n: int = 300, *, seed: int = 2021, today: dt.date, coordinators: int = 1
) -> list[EmployerSpec]:
    """`n` employers; `coordinators` slots share 90 % of them (slot 0, the demo's
    coordinator, most), the rest have no coordinator yet."""
    rng = random.Random(seed)
    ids = business_ids(n, rng)
    taken: set[str] = set()
    slots = list(range(max(coordinators, 0)))
    slot_weights = [3.0 if s == 0 else 1.0 for s in slots]
    out = []
    for i in range(n):
        industry = rng.choices(INDUSTRIES, weights=[x.share for x in INDUSTRIES])[0]
        size = rng.choices(SIZES, weights=industry.sizes)[0]
        name = _name(rng, industry, taken)
        domain = (_ascii(name.replace(" ", "")) or "yritys")[:40] + ".example"
        consent = rng.choices(("yes", "unknown", "no"), weights=(72, 20, 8))[0]
        assigned = bool(slots) and rng.random() < 0.9
        out.append(
            EmployerSpec(
                business_id=ids[i],
                name=name,
                industry=industry.code,
                size_class=size,
                contact_consent=consent,
                locations=_locations(rng, size),
                contacts=_contacts(rng, industry, size, domain),
                coordinator=rng.choices(slots, weights=slot_weights)[0] if assigned else None,
                interactions=_history(rng, size, consent, assigned, today),
            )
        )
    return out
