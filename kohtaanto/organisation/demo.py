"""The demo's second, generated area (issue 15): installed from the shipped example
configuration, with a small generated register of its own and two demo users."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

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

    if not (out / "clients.parquet").exists():
        generate_write(out, generate(AREA_CLIENTS, seed=seed, as_of=today, org=org))
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


def example_area() -> Organisation:
    return load_organisation(EXAMPLE_AREA)
