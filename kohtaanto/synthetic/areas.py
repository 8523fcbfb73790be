"""Synthetic data for several employment areas at once (national test data).

Each area is one municipality (its official three-digit code) with a number of clients.
The area's client count can be given, or derived from the public statistics: the area's
unemployed job seekers in the latest month of Statistics Finland table 1001
(`data_kunta_1001.csv`), times `scale`. The same statistics give the area's labour-market
profile (profile.py): its tightness sets how fast its job seekers find work relative to
Helsinki, its seasonality when they register. The client mix (age, language, education)
keeps the generator's calibrated defaults (see calibration.py and docs/indicators.md); an
area without statistics keeps Helsinki's profile, and its `profile.json` says so. Every area is written to its own folder `<out>/<code>/` (the layout
`kohtaanto load` reads), in parallel processes, and optionally into one extract partitioned
by area and year (`analytics/partition.py`). Each area's seed is derived from the run's seed
and the area code, so the output is deterministic and independent of the order and the
number of processes.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .profile import AreaProfile, ProfileError, derive_profile, shipped_profile

# The municipalities of the largest employment areas, by official code (Statistics Finland).
AREAS = {
    "091": "Helsinki",
    "049": "Espoo",
    "092": "Vantaa",
    "837": "Tampere",
    "853": "Turku",
    "564": "Oulu",
    "179": "Jyväskylä",
    "398": "Lahti",
    "297": "Kuopio",
    "609": "Pori",
    "167": "Joensuu",
    "405": "Lappeenranta",
    "905": "Vaasa",
}


class AreaError(ValueError):
    """A bad area specification: nothing is generated or written."""


@dataclasses.dataclass(frozen=True)
class AreaSpec:
    code: str
    name: str
    clients: int
    profile: AreaProfile | None = None


def area_seed(seed: int, code: str) -> int:
    """The area's own seed: fixed by the run's seed and the code, not by the order of areas."""
    return int.from_bytes(hashlib.sha256(f"{seed}:{code}".encode()).digest()[:4], "big")


def latest_stats(name: str, stats_dir: str | Path) -> dict | None:
    """The area's latest month in table 1001: unemployed, labour force, period (None if absent)."""
    path = Path(stats_dir) / "data_kunta_1001.csv"
    if not path.is_file():
        return None
    best = None
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["kunta"] == name and row["Tyottomat"] and (best is None or row["time"] > best["time"]):
                best = row
    if best is None:
        return None
    return {
        "period": best["time"],
        "unemployed": int(float(best["Tyottomat"])),
        "labour_force": int(float(best["Tyovoima"])) if best["Tyovoima"] else None,
    }


def _spec(code: str, clients: int | None, stats_dir: str | Path | None, scale: float) -> AreaSpec:
    code = str(code).strip()
    if code not in AREAS:
        raise AreaError(f"unknown area code {code!r}: known codes are {', '.join(sorted(AREAS))}")
    if clients is None:
        stats = latest_stats(AREAS[code], stats_dir) if stats_dir else None
        if stats is None:
            raise AreaError(f"area {code}: give a client count (no statistics for {AREAS[code]})")
        clients = max(1, round(stats["unemployed"] * scale))
    if not isinstance(clients, int) or isinstance(clients, bool) or clients <= 0:
        raise AreaError(f"area {code}: the number of clients must be a positive integer, not {clients!r}")
    try:
        profile = derive_profile(AREAS[code], stats_dir) if stats_dir else shipped_profile(AREAS[code])
    except ProfileError as exc:
        raise AreaError(str(exc)) from None
    return AreaSpec(code, AREAS[code], clients, profile)


def parse_specs(
    values: list[str], stats_dir: str | Path | None = None, scale: float = 0.01
) -> list[AreaSpec]:
    """`CODE:CLIENTS` (or `CODE`, sized from the statistics) → validated specs, codes unique."""
    specs = []
    for v in values:
        code, _, n = v.partition(":")
        try:
            clients = int(n) if n else None
        except ValueError:
            raise AreaError(f"area {v!r}: expected CODE:CLIENTS, e.g. 837:2000") from None
        specs.append(_spec(code, clients, stats_dir, scale))
    return _unique(specs)


def load_specs(path: str | Path, stats_dir: str | Path | None = None, scale: float = 0.01) -> list[AreaSpec]:
    """A JSON list of {"code": "837", "clients": 2000} (clients optional: from the statistics)."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AreaError(f"cannot read areas file {path}: {exc}") from None
    if not isinstance(raw, list) or not all(isinstance(a, dict) and "code" in a for a in raw):
        raise AreaError(f"{path}: expected a JSON list of objects with a 'code'")
    return _unique([_spec(a["code"], a.get("clients"), stats_dir, scale) for a in raw])


def _unique(specs: list[AreaSpec]) -> list[AreaSpec]:
    codes = [s.code for s in specs]
    dup = sorted({c for c in codes if codes.count(c) > 1})
    if dup:
        raise AreaError(f"area given twice: {', '.join(dup)}")
    if not specs:
        raise AreaError("no areas given")
    return specs


def _one(spec: AreaSpec, seed: int, as_of: dt.date, out: str) -> dict:
    from kohtaanto.domain.organisation import HELSINKI
    from kohtaanto.synthetic import generate, write

    # The organisation's shape is Helsinki's (teams, offices); the code and name are the area's.
    org = dataclasses.replace(HELSINKI, municipality_code=spec.code, municipality_name=spec.name)
    profile = spec.profile or AreaProfile(spec.name)
    data = generate(spec.clients, area_seed(seed, spec.code), as_of, org, profile=profile)
    paths = write(Path(out) / spec.code, data)
    (Path(out) / spec.code / "profile.json").write_text(
        json.dumps(profile.as_json(), indent=2), encoding="utf-8"
    )
    return {
        "code": spec.code,
        "name": spec.name,
        "clients": spec.clients,
        "files": len(paths),
        "profile": profile.source,
    }


def generate_areas(
    specs: list[AreaSpec],
    seed: int,
    out: str | Path,
    as_of: dt.date,
    processes: int = 2,
    partitioned: bool = False,
) -> list[dict]:
    """Generate every area in parallel into `out/<code>/`; with `partitioned`, also `out/extract/`."""
    out = Path(out)
    if processes <= 1 or len(specs) == 1:
        done = [_one(s, seed, as_of, str(out)) for s in specs]
    else:
        # spawn, not fork: a forked child of a process whose Polars thread pool is running can hang.
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=min(processes, len(specs)), mp_context=ctx) as pool:
            done = list(
                pool.map(_one, specs, [seed] * len(specs), [as_of] * len(specs), [str(out)] * len(specs))
            )
    if partitioned:
        from kohtaanto.analytics.partition import partition_extract

        for s in specs:
            partition_extract(out / s.code, out / "extract", s.code)
    return done
