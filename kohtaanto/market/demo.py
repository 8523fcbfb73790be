"""Demo market data for the Helsinki region: generated job postings (titles from ESCO's
Finnish occupation labels, made-up employers, real municipalities and postal codes,
working time, language requirements, required skills from ESCO relations) and, for the
demo clients, profiles with synthetic consents. Deterministic for a seed.

The postings are synthetic: no real employer or advertisement is copied. Their text names
some of the occupation's ESCO skills, so the enrichment has something to find.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from .escodata import EscoData
from .reference import MUNICIPALITIES

# Share of postings per municipality (roughly by jobs in the Helsinki region).
AREA_WEIGHTS = {
    "091": 52,
    "049": 18,
    "092": 15,
    "235": 1,
    "106": 2,
    "186": 2,
    "245": 2,
    "257": 2,
    "505": 1,
    "543": 2,
    "611": 0.3,
    "753": 1,
    "858": 2,
    "927": 1,
}
# ISCO major groups: share of postings (service, care and professionals dominate the region).
MAJOR_WEIGHTS = {"1": 3, "2": 22, "3": 14, "4": 8, "5": 24, "6": 1, "7": 9, "8": 7, "9": 12}
NAME_PARTS = (
    "Aalto",
    "Kallio",
    "Meri",
    "Tähti",
    "Vire",
    "Saari",
    "Linna",
    "Kivi",
    "Ranta",
    "Lehto",
    "Pohjoinen",
    "Helmi",
    "Kaari",
    "Tuuli",
    "Sointu",
    "Lumo",
    "Verso",
    "Kajo",
)
SECTORS = {
    "1": "Konsultointi",
    "2": "Asiantuntijat",
    "3": "Tekniikka",
    "4": "Palvelukeskus",
    "5": "Palvelut",
    "6": "Viher",
    "7": "Rakennus",
    "8": "Logistiikka",
    "9": "Kiinteistöpalvelut",
}
PUBLIC = ("Helsingin kaupunki", "Espoon kaupunki", "Vantaan kaupunki", "HUS-yhtymä", "Keusote")
WT_NAMES = {"full_time": "kokoaikainen", "part_time": "osa-aikainen", "shift": "vuorotyö"}
LEVEL_NAMES = {"B1": "tyydyttävä", "B2": "hyvä", "C1": "erinomainen", "native": "äidinkielen tasoinen"}
LANG_NAMES = {"fi": "suomi", "sv": "ruotsi", "en": "englanti"}


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def occupation_pool(e: EscoData, size: int, rng: random.Random) -> list[str]:
    """Occupations with Finnish labels and essential skills, sampled by ISCO major group."""
    by_major: dict[str, list[str]] = {}
    for uri, occ in e.release.occupations.items():
        if occ.isco_group[:1] in MAJOR_WEIGHTS and "fi" in occ.labels and e.essential_skills(uri):
            by_major.setdefault(occ.isco_group[:1], []).append(uri)
    pool: list[str] = []
    total = sum(MAJOR_WEIGHTS.values())
    for major, weight in MAJOR_WEIGHTS.items():
        # Plain titles ("myyjä") are far more common in ads than qualified ones ("myyjä, kirjat").
        plain = sorted(u for u in by_major.get(major, []) if "," not in e.occupation_label(u))
        qualified = sorted(u for u in by_major.get(major, []) if "," in e.occupation_label(u))
        want = max(1, round(size * weight / total))
        take = rng.sample(plain, min(len(plain), round(want * 0.8)))
        pool += take + rng.sample(qualified, min(len(qualified), want - len(take)))
    return pool


def _employer(rng: random.Random, major: str) -> str:
    if major in "235" and rng.random() < 0.3:
        return rng.choice(PUBLIC)
    return f"{rng.choice(NAME_PARTS)} {SECTORS[major]} Oy"


def _title(rng: random.Random, label: str, muni: str) -> str:
    base = label[:1].upper() + label[1:]
    roll = rng.random()
    if roll < 0.6:
        return base
    if roll < 0.8:
        return f"{base}, {MUNICIPALITIES[muni][0]}"
    if roll < 0.9:
        return f"{base} (määräaikainen)"
    return f"Kokenut {label}"


def generate_postings(e: EscoData, n: int = 2000, seed: int = 2021, today: date | None = None) -> list[dict]:
    """`n` posting records in the import format (importers.clean_posting)."""
    rng = random.Random(seed)
    today = today or date.today()
    pool = occupation_pool(e, 320, rng)
    weights = [1.0 / (i + 1) ** 0.7 for i in range(len(pool))]
    out = []
    for i in range(n):
        uri = rng.choices(pool, weights=weights)[0]
        occ = e.release.occupations[uri]
        major = occ.isco_group[:1]
        muni = _pick(rng, AREA_WEIGHTS)
        label = occ.label("fi")
        essential = e.essential_skills(uri)
        optional = [s for s, rel in e.release.skills_of(uri) if rel == "optional"]
        named = rng.sample(essential, min(len(essential), rng.randint(3, 6)))
        named += rng.sample(optional, min(len(optional), rng.randint(0, 2)))
        shift = major in "589" and rng.random() < 0.5
        wt = ["shift"] if shift else []
        wt.append("part_time" if rng.random() < (0.35 if major in "59" else 0.1) else "full_time")
        remote = "onsite"
        if major in "1234":
            remote = rng.choices(["onsite", "hybrid", "remote"], weights=[50, 40, 10])[0]
        langs = []
        if not (major == "2" and occ.isco_group.startswith("25") and rng.random() < 0.3):
            langs.append({"code": "fi", "level": rng.choice(["B1", "B2", "B2", "C1", "native"])})
        if rng.random() < 0.08:
            langs.append({"code": "sv", "level": "B1"})
        if rng.random() < (0.6 if major in "12" else 0.2):
            langs.append({"code": "en", "level": rng.choice(["B1", "B2", "C1"])})
        licences = []
        if occ.isco_group.startswith("833"):
            licences = ["C", "CE"] if occ.isco_group == "8332" else ["D"]
        elif occ.isco_group.startswith("832") or (major in "57" and rng.random() < 0.2):
            licences = ["B"]
        employer = _employer(rng, major)
        published = today - timedelta(days=rng.randint(0, 30))
        desc = [
            f"{employer} etsii joukkoonsa: {label} ({MUNICIPALITIES[muni][0]}).",
            "Osaamisvaatimukset: " + "; ".join(e.skill_label(s) for s in named) + ".",
            "Työaika: " + ", ".join(WT_NAMES[w] for w in wt) + ".",
        ]
        if langs:
            desc.append(
                "Kielitaito: "
                + ", ".join(
                    f"{LANG_NAMES[x['code']]} ({LEVEL_NAMES.get(x['level'], x['level'])})" for x in langs
                )
                + "."
            )
        if licences:
            desc.append("Ajokortti: " + ", ".join(licences) + ".")
        out.append(
            {
                "id": f"demo-{seed}-{i:05d}",
                "title": _title(rng, label, muni),
                "employer": employer,
                "description": " ".join(desc),
                "municipality": muni,
                "postal_code": rng.choice(MUNICIPALITIES[muni][2]),
                "working_time": wt,
                "remote": remote,
                "languages": langs,
                "driving_licences": licences,
                "published": published.isoformat(),
                "expires": (published + timedelta(days=rng.randint(14, 45))).isoformat(),
            }
        )
    return out


EDU_LEVEL = {"none": "2", "basic": "2", "upper_secondary": "3", "tertiary": "6"}


def demo_profile(client, e: EscoData, demand: list[str], surplus: list[str], rng: random.Random) -> dict:
    """A plausible profile for a synthetic client: 60 % look for an occupation in demand,
    the rest for one with few postings (surplus), with matching history and skills."""
    target = rng.choice(demand) if rng.random() < 0.6 else rng.choice(surplus)
    history = target if rng.random() < 0.6 else rng.choice(demand + surplus)
    skills = e.essential_skills(history)
    held = rng.sample(skills, min(len(skills), rng.randint(4, 10)))
    langs = [{"code": "fi", "level": client.finnish_level if client.finnish_level != "none" else "A2"}]
    if client.swedish_level not in ("none", ""):
        langs.append({"code": "sv", "level": client.swedish_level})
    if rng.random() < 0.6:
        langs.append({"code": "en", "level": rng.choice(["A2", "B1", "B2", "C1"])})
    areas = sorted({"091", rng.choice(list(MUNICIPALITIES))})
    year = date.today().year
    return {
        "occupations": [{"uri": target, "title": e.occupation_label(target)}],
        "work_history": [
            {
                "uri": history,
                "title": e.occupation_label(history),
                "employer": "",
                "start": year - rng.randint(3, 12),
                "end": year - rng.randint(0, 2),
            }
        ],
        "skills": [{"uri": s, "label": e.skill_label(s)} for s in held],
        "education": [
            {"level": EDU_LEVEL.get(client.education_level, "3"), "field": "", "title": "", "year": None}
        ],
        "languages": langs,
        "driving_licences": ["B"] if rng.random() < 0.6 else [],
        "preferences": {
            "areas": areas,
            "working_time": rng.choice([["full_time"], ["full_time", "part_time"], ["full_time", "shift"]]),
            "remote": "accept",
        },
    }


def market_demo_install(
    e: EscoData, *, postings: int = 2000, profiles: int = 400, seed: int = 2021, progress=None
) -> dict:
    """Load generated postings, the shipped education subset and demo profiles (with
    synthetic consents) into the database; idempotent for a seed."""
    import json
    from pathlib import Path

    from django.db import transaction

    from kohtaanto.clients.models import Client

    from . import consents as consent_rules
    from .enrich import enrich_offerings, enrich_postings
    from .importers import parse_offerings_jsonl, parse_postings
    from .models import Consent, EducationOffering, JobPosting, Profile, Purpose
    from .services import offerings_import, postings_import

    records = generate_postings(e, postings, seed)
    rows = parse_postings(json.dumps(records), "demo.json")
    enrich_postings(rows, e, progress=progress)
    made = postings_import(actor=None, rows=rows, source=f"demo-{seed}", replace=True)
    shipped = Path(__file__).resolve().parents[1] / "data" / "education" / SHIPPED_EDUCATION
    edu = (0, 0)
    if shipped.exists() and not EducationOffering.objects.filter(source="opintopolku").exists():
        offerings = parse_offerings_jsonl(shipped.read_text(encoding="utf-8"), shipped.name)
        missing = [r for r in offerings if not r["occupations"]]
        if missing:
            enrich_offerings(missing, e)
        edu = offerings_import(actor=None, rows=offerings, source="opintopolku")
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    for uri in JobPosting.objects.exclude(occupation_uri="").values_list("occupation_uri", flat=True):
        counts[uri] = counts.get(uri, 0) + 1
    demand = [u for u, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:60]]
    surplus = sorted(
        u for u, o in e.release.occupations.items() if o.isco_group[:1] in "479" and u not in counts
    )
    surplus = rng.sample(surplus, min(40, len(surplus)))
    clients = list(
        Client.objects.filter(
            anonymised_at__isnull=True, job_search_status="active", market_profile__isnull=True
        ).order_by("id")[: max(profiles * 3, profiles)]
    )
    chosen = [c for c in clients if c.user_id] + rng.sample(
        [c for c in clients if not c.user_id], min(profiles, len([c for c in clients if not c.user_id]))
    )
    with transaction.atomic():
        for client in chosen[:profiles]:
            Profile.objects.create(
                client=client, esco_version=e.version, **demo_profile(client, e, demand, surplus, rng)
            )
            for purpose, fields in DEMO_CONSENTS:
                if purpose != Purpose.MARKET_STATISTICS and rng.random() < 0.2:
                    continue
                consent = Consent(
                    client=client,
                    purpose=purpose,
                    fields=fields,
                    expires_at=_in_months(6),
                    collection_method="Kohtaanto demo data (synthetic)",
                )
                consent.receipt = consent_rules.build_receipt(consent, client)
                consent.save()
    return {"postings": made, "education": edu, "profiles": min(profiles, len(chosen))}


SHIPPED_EDUCATION = "opintopolku-helsinki-region.jsonl"
ALL_FIELDS = [
    "occupations",
    "work_history",
    "skills",
    "education",
    "languages",
    "driving_licences",
    "preferences",
]
DEMO_CONSENTS = [
    ("market_statistics", ["occupations", "preferences"]),
    ("job_matching", ALL_FIELDS),
    ("education_matching", ALL_FIELDS),
    ("profile_sharing_with_worker", ALL_FIELDS),
]


def _in_months(months: int):
    from django.utils import timezone

    return timezone.now() + timedelta(days=round(30.44 * months))
