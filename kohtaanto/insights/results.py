"""The refresh's published results on disk: the newest usable refresh, and each area's
folder of tables in it (issue 15), read once per file version."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import polars as pl

from kohtaanto.organisation.models import Municipality

from .models import Refresh, RefreshStatus


def latest_refresh() -> Refresh | None:
    """The newest refresh whose results can be shown."""
    for r in Refresh.objects.filter(status__in=[RefreshStatus.DONE, RefreshStatus.UNCHANGED]).exclude(
        results_dir=""
    )[:5]:
        if Path(r.results_dir).is_dir():
            return r
    return None


@lru_cache(maxsize=64)
def _read(path: str, mtime_ns: int) -> pl.DataFrame:
    return pl.read_parquet(path)


def results_folder(refresh: Refresh | None, area: str | None) -> Path | None:
    """The folder of area `area`'s tables in a refresh (issue 15: each area's dashboard is
    computed from its own clients). A refresh made before areas holds the tables of the
    whole installation, shown only where the installation has one area."""
    if refresh is None or not area:
        return None
    base, report = Path(refresh.results_dir), refresh.report or {}
    if "areas" in report:
        return base / area if area in report["areas"] else None
    return base if Municipality.objects.count() == 1 else None


def area_report(refresh: Refresh | None, area: str | None) -> dict:
    """The refresh's report with the area's own part (its forecast's metrics) merged in."""
    report = dict(refresh.report or {}) if refresh else {}
    return {**report, **report.pop("areas", {}).get(area or "", {})}


def read_result(refresh: Refresh | None, name: str, area: str | None) -> pl.DataFrame | None:
    folder = results_folder(refresh, area)
    if folder is None:
        return None
    path = folder / f"{name}.parquet"
    if not path.is_file():
        return None
    return _read(str(path), path.stat().st_mtime_ns)
