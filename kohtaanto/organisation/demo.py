"""The demo's second, generated area (issue 15): installed from the shipped example
configuration, with a small generated register of its own and two demo users."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import polars as pl

from kohtaanto.domain.hetu import CHECK_CHARS
from kohtaanto.domain.organisation import SHIPPED, Organisation, load_organisation

EXAMPLE_AREA = SHIPPED / "example-area.json"
AREA_CLIENTS = 300  # about a hundred active job seekers: small next to Helsinki's demo
DEMO_TEAM = "VAN-A"

# Register ids restart at K0000001/S0001 in every generated run; the area's code in front
# keeps them apart from the first area's (client numbers and staff codes are global).
_ID_COLUMNS = {
    "clients": ("client_id", "responsible_worker"),
    "staff": ("staff_id",),
    "meetings": ("meeting_id", "client_id", "staff_id"),
    "events": ("event_id", "client_id"),
    "referrals": ("referral_id", "client_id"),
}


def area_staff_prefix(org: Organisation) -> str:
    return f"{org.municipality_code}-"


def generate_area(out: Path, org: Organisation, *, seed: int, today: date) -> Path:
    """Generate the area's register into `out` (once) with ids prefixed by the area code."""
    from kohtaanto.synthetic import generate
    from kohtaanto.synthetic import write as generate_write
    from kohtaanto.synthetic.areas import AREAS
    from kohtaanto.synthetic.profile import shipped_profile

    if not (out / "clients.parquet").exists():
        # The area's own labour market where the statistics know its municipality.
        profile = shipped_profile(AREAS.get(org.municipality_code, org.municipality_name))
        generate_write(out, generate(AREA_CLIENTS, seed=seed, as_of=today, org=org, profile=profile))
        prefix = area_staff_prefix(org)
        for table, columns in _ID_COLUMNS.items():
            path = out / f"{table}.parquet"
            if not path.exists():
                continue
            df = pl.read_parquet(path)
            present = [c for c in columns if c in df.columns]
            df = df.with_columns((pl.lit(prefix) + pl.col(c)).alias(c) for c in present)
            df.write_parquet(path, compression="zstd", statistics=True)
    return out


def avoid_taken_codes(out: Path, taken: Callable[[list[str]], set[str]]) -> int:
    """Give the area's generated clients whose identity code another area already holds a
    free code of the same birth date, sex and century sign (the generator keeps codes unique
    within one run only, and the register refuses a second person with the same code).
    `taken(codes)` answers which of `codes` are in use. Returns how many were changed."""
    path = out / "clients.parquet"
    df = pl.read_parquet(path)
    codes = df["hetu"].to_list()
    clashes = taken(codes)
    if not clashes:
        return 0
    in_use = set(codes)
    fixed = []
    for code in codes:
        if code not in clashes:
            fixed.append(code)
            continue
        born, sign, number = code[:6], code[6], int(code[7:10])
        candidates = [f"{born}{sign}{n:03d}" for n in range(900 + number % 2, 1000, 2)]
        free = [c + _check(c) for c in candidates if c + _check(c) not in in_use]
        choice = next((c for c in free if c not in taken([c])), None)
        if choice is None:
            raise ValueError(f"no free identity code for the birth date {born}")
        in_use.add(choice)
        fixed.append(choice)
    df.with_columns(pl.Series("hetu", fixed)).write_parquet(path, compression="zstd", statistics=True)
    return len(clashes)


def _check(code: str) -> str:
    return CHECK_CHARS[int(code[:6] + code[7:10]) % 31]


def example_area() -> Organisation:
    return load_organisation(EXAMPLE_AREA)
