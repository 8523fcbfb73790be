"""Synthetic catalogues of any size from the 250 real PTV descriptions.

Real regional catalogues are mostly local instances of national general descriptions:
the same service ("Kuntouttava työtoiminta") offered by many municipalities and
providers, each with its own name suffix, local details and edits. So service i is the
real description i mod 250 (the first 250 unchanged), and every later copy is a local
variant: the municipality in the name, one description sentence dropped or two swapped,
a local sentence (office, address) added in each language, and structured fields
(status, age limits, municipality, free places, location, channels) drawn at random.

Two modes, differing only in the local sentence:

- `worst` (default): the local sentence names a random office and street number, so
  nearly every variant has a sentence of its own in every language: with whole-passage
  encoding every variant has its own passages, with sentence units its own sentences.
  Close to the worst case for build time.
- `shared`: the PTV reality of local instances of a national general description: the
  general name with the municipality added, the general summary and description as
  published (no sentence dropped or swapped), and the local addition as a paragraph of
  its own after them: a sentence naming one of the municipality's six offices, each at a
  fixed address, so a municipality's services repeat those sentences. The structured
  fields are the same as in `worst` (same random draws).

    python benchmarks/matching/synth.py --size 10000 --out /tmp/catalog-10k.jsonl [--mode shared]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kohtaanto.matching.passages import sentences  # noqa: E402

DEV = ROOT.parent / "shared" / "benchmarks" / "matching-dev"

# (code, Finnish name, Swedish name, lat, lon)
MUNICIPALITIES = [
    ("091", "Helsinki", "Helsingfors", 60.1699, 24.9384),
    ("049", "Espoo", "Esbo", 60.2055, 24.6559),
    ("092", "Vantaa", "Vanda", 60.2934, 25.0378),
    ("837", "Tampere", "Tammerfors", 61.4978, 23.7610),
    ("853", "Turku", "Åbo", 60.4518, 22.2666),
    ("564", "Oulu", "Uleåborg", 65.0121, 25.4651),
    ("179", "Jyväskylä", "Jyväskylä", 62.2426, 25.7473),
    ("297", "Kuopio", "Kuopio", 62.8924, 27.6770),
    ("398", "Lahti", "Lahtis", 60.9827, 25.6612),
    ("609", "Pori", "Björneborg", 61.4851, 21.7974),
    ("905", "Vaasa", "Vasa", 63.0951, 21.6165),
    ("286", "Kouvola", "Kouvola", 60.8681, 26.7042),
    ("167", "Joensuu", "Joensuu", 62.6010, 29.7636),
    ("405", "Lappeenranta", "Villmanstrand", 61.0587, 28.1887),
    ("109", "Hämeenlinna", "Tavastehus", 60.9959, 24.4643),
    ("638", "Porvoo", "Borgå", 60.3932, 25.6650),
    ("698", "Rovaniemi", "Rovaniemi", 66.5039, 25.7294),
    ("106", "Hyvinkää", "Hyvinge", 60.6305, 24.8590),
    ("245", "Kerava", "Kervo", 60.4034, 25.1050),
    ("257", "Kirkkonummi", "Kyrkslätt", 60.1234, 24.4385),
]
OFFICES = ["keskustan", "aseman", "torin", "kirjaston", "sairaalan", "koulun"]
STREETS = ["Kauppakatu", "Rantatie", "Koulukatu", "Asemakatu", "Puistotie", "Kirkkokatu"]
STATUSES = ["published"] * 17 + ["draft", "ready", "outdated"]
CHANNELS = [["in_person"], ["in_person", "online"], ["online"], ["in_person", "phone"], ["phone", "online"]]


def _perturb(text: str, rng: random.Random, local: str) -> str:
    sents = sentences(text)
    if len(sents) > 2 and rng.random() < 0.5:
        del sents[rng.randrange(len(sents))]
    if len(sents) > 2 and rng.random() < 0.5:
        i = rng.randrange(len(sents) - 1)
        sents[i], sents[i + 1] = sents[i + 1], sents[i]
    return " ".join([*sents, local])


MODES = ("worst", "shared")


def variant(base: dict, k: int, rng: random.Random, mode: str = "worst") -> dict:
    code, fi_name, sv_name, lat, lon = rng.choice(MUNICIPALITIES)
    street = f"{rng.choice(STREETS)} {rng.randint(1, 60)}"
    office = rng.choice(OFFICES)
    if mode == "shared":  # the office's fixed address in this municipality
        fixed = random.Random(f"{code}/{office}")
        street = f"{fixed.choice(STREETS)} {fixed.randint(1, 60)}"
    local = {
        "fi": f"{fi_name}: palvelua tarjotaan {office} toimipisteessä, {street}.",
        "sv": f"{sv_name}: tjänsten ges på kontoret vid {street}.",
        "en": f"{fi_name}: the service is provided at the office at {street}.",
    }
    names = {"fi": fi_name, "sv": sv_name, "en": fi_name}
    rec = {
        "id": f"{base['id']}~{k}",
        "name": {lang: f"{text} – {names.get(lang, fi_name)}" for lang, text in base["name"].items()},
        "summary": dict(base.get("summary", {})),
        "description": {
            lang: _perturb(text, rng, local.get(lang, local["fi"]))
            for lang, text in base["description"].items()
        },
        "status": rng.choice(STATUSES),
        "channels": rng.choice(CHANNELS),
        "locations": [
            {"name": f"{fi_name}, {street}", "lat": lat + rng.gauss(0, 0.02), "lon": lon + rng.gauss(0, 0.04)}
        ],
    }
    if mode == "shared":  # same draws as above, general text kept as published
        rec["description"] = {
            lang: f"{text.rstrip()}\n{local.get(lang, local['fi'])}"
            for lang, text in base["description"].items()
        }
    if rng.random() < 0.6:
        rec["municipalities"] = [code]
    if rng.random() < 0.3:
        lo = rng.choice([16, 18, 25, 30])
        rec["min_age"], rec["max_age"] = lo, rng.choice([29, 35, 64, 67])
    if rng.random() < 0.4:
        rec["capacity"] = rng.randint(5, 30)
        rec["available_places"] = rng.randint(0, rec["capacity"])
    return rec


def synthesize(
    size: int, seed: int = 0, base_path: Path = DEV / "catalog.jsonl", mode: str = "worst"
) -> list[dict]:
    """`size` service records: the real catalogue first, then local variants of it."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    real = [json.loads(line) for line in base_path.open(encoding="utf-8") if line.strip()]
    rng = random.Random(seed)
    out = [dict(r, status="published") for r in real[:size]]
    for i in range(len(out), size):
        out.append(variant(real[i % len(real)], i // len(real), rng, mode))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--mode", choices=MODES, default="worst")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    with open(args.out, "w", encoding="utf-8") as fh:
        for rec in synthesize(args.size, args.seed, mode=args.mode):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
