"""The extract cut into one folder per employment area, so each area's dashboard is computed
from its own clients only (issue 15).

A client belongs to the area of their `municipality`; meetings, events, referrals, TYP cases
and cohort memberships follow their client. Staff belong to the area of their service unit,
or to the area of a client they are recorded against (shared staff without a unit). Services
are the catalogue, the same for every area. Contracts and Ohjaamo's unit-level visit counts
carry no client, so the caller says which belong to which area (`AreaKeys`, from the
organisation's records). The only area of an installation needs no copy: its folder is the
extract itself.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from .data import OPTIONAL_TABLES, TABLES, DataError, read_table

BY_CLIENT = (
    "meetings",
    "events",
    "referrals",
    "typ_cases",
    "typ_team",
    "contract_members",
    "contract_bonuses",
)
BY_CONTRACT = ("contracts", "contract_services")
SHARED = ("services",)


@dataclass(frozen=True)
class AreaKeys:
    """What an area owns that the extract does not tie to a client."""

    units: Collection[str]  # service unit codes
    contracts: Collection[str] = ()  # contract ids as in the extract


def _path(root: Path, name: str) -> Path | None:
    for path in (root / f"{name}.parquet", root / name):
        if path.exists():
            return path
    return None


def _scan(path: Path) -> pl.LazyFrame:
    return read_table(path).lazy() if path.is_dir() else pl.scan_parquet(path)


def split_by_area(
    data_dir: str | Path, out_dir: str | Path, areas: Mapping[str, AreaKeys]
) -> dict[str, Path]:
    """Area code -> the folder of its tables, for every area in `areas` that has clients.
    Clients of a municipality not in `areas` are in no folder."""
    root, out = Path(data_dir), Path(out_dir)
    found = {name: _path(root, name) for name in (*TABLES, *OPTIONAL_TABLES)}
    missing = [n for n in TABLES if found[n] is None]
    if missing:
        raise DataError(f"missing tables in {root}: {', '.join(missing)}")
    clients = _scan(found["clients"])  # type: ignore[arg-type]
    present = set(clients.select(pl.col("municipality").unique()).collect()["municipality"].drop_nulls())
    wanted = sorted(code for code in areas if code in present)
    if len(areas) == 1 and wanted and present <= set(wanted):
        return {wanted[0]: root}  # the only area: the whole extract is its own
    if out.exists():
        shutil.rmtree(out)
    folders = {}
    for code in wanted:
        folder = out / code
        folder.mkdir(parents=True)
        _write_area(found, folder, code, areas[code])
        folders[code] = folder
    return folders


def _write_area(found: dict[str, Path | None], folder: Path, code: str, keys: AreaKeys) -> None:
    clients = _scan(found["clients"]).filter(pl.col("municipality") == code)  # type: ignore[arg-type]
    ids = clients.select("client_id").collect()
    frames: dict[str, pl.LazyFrame] = {"clients": clients}
    for name in BY_CLIENT:
        if found.get(name) is not None:
            frames[name] = _scan(found[name]).join(ids.lazy(), on="client_id", how="semi")  # type: ignore[arg-type]
    for name in BY_CONTRACT:
        if found.get(name) is not None:
            frames[name] = _scan(found[name]).filter(  # type: ignore[arg-type]
                pl.col("contract_id").is_in(list(keys.contracts))
            )
    if found.get("ohjaamo_visits") is not None:
        frames["ohjaamo_visits"] = _scan(found["ohjaamo_visits"]).filter(  # type: ignore[arg-type]
            pl.col("service_unit").is_in(list(keys.units))
        )
    for name in SHARED:
        frames[name] = _scan(found[name])  # type: ignore[arg-type]
    frames["staff"] = _area_staff(found, frames, keys)
    for name, lf in frames.items():
        lf.collect().write_parquet(folder / f"{name}.parquet")


def _area_staff(
    found: dict[str, Path | None], frames: dict[str, pl.LazyFrame], keys: AreaKeys
) -> pl.LazyFrame:
    """The area's units' staff, and anyone recorded against the area's clients."""
    named = [frames["clients"].select(pl.col("responsible_worker").alias("staff_id"))]
    named += [frames[n].select("staff_id") for n in ("meetings", "typ_team") if n in frames]
    ids = pl.concat(named).drop_nulls().unique().collect()["staff_id"]
    staff = _scan(found["staff"])  # type: ignore[arg-type]
    return staff.filter(
        pl.col("service_unit").is_in(list(keys.units)) | pl.col("staff_id").is_in(ids.to_list())
    )


def snapshot_date(data_dir: str | Path) -> dt.date:
    """The extract's snapshot date (`data.infer_as_of`), read from two columns only, so every
    area's refresh counts to the same day."""
    root = Path(data_dir)
    for name, column in (("events", "date"), ("clients", "registration_date")):
        path = _path(root, name)
        if path is not None:
            last = _scan(path).select(pl.col(column).max()).collect().item()
            if last is not None:
                return last
    raise DataError("cannot infer the snapshot date: no events or clients")
