"""`kohtaanto indicators export`: the uniform indicator set of one area as Parquet + JSON + manifest.

Everything that can fail (period, area, engine, data folder) is checked and computed before
the output folder is touched, so a bad run writes nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
from pathlib import Path

from kohtaanto.errors import CommandError


def _area_root(data_dir: Path, area: str, tmp: Path) -> Path:
    """The folder the engine reads: a flat extract as is; of an extract partitioned by area,
    only `area`'s branch of every table (linked, not copied)."""
    branches = list(data_dir.glob(f"*/area={area}"))
    if not branches:
        if list(data_dir.glob("*/area=*")):
            from kohtaanto.analytics.data import DataError

            raise DataError(f"area {area} is not in the partitioned extract {data_dir}")
        return data_dir
    for b in branches:
        (tmp / b.parent.name).symlink_to(b.resolve(), target_is_directory=True)
    return tmp


def export(
    data_dir: Path,
    out_dir: Path,
    *,
    period: str,
    area: str,
    engine: str = "duckdb",
    spark_master: str | None = None,
    threshold: int | None = None,
) -> dict:
    """Compute, then write indicators.parquet, indicators.json and manifest.json; returns the manifest."""
    from kohtaanto.analytics import indicators as ind
    from kohtaanto.analytics.data import DataError
    from kohtaanto.analytics.engine import EngineData, EngineError, open_engine

    try:
        ind.parse_period(period)
        if not Path(data_dir).is_dir():
            raise DataError(f"data folder not found: {data_dir}")
        eng = open_engine(engine, spark_master)
        with tempfile.TemporaryDirectory(prefix="kohtaanto-indicators-") as tmp:
            src = EngineData(eng, _area_root(Path(data_dir), area, Path(tmp)), ind.period_end(period))
            try:
                df = ind.compute(src, area=area, period=period, threshold=threshold or ind.DEFAULT_THRESHOLD)
            finally:
                src.release()
    except (ind.IndicatorError, DataError, EngineError) as exc:
        raise CommandError(str(exc)) from exc
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    df.write_parquet(out / "indicators.parquet")
    rows = [
        {k: (v if v is None or not isinstance(v, float) else round(v, 4)) for k, v in r.items()}
        for r in df.iter_rows(named=True)
    ]
    (out / "indicators.json").write_text(
        json.dumps(
            {"set_version": ind.INDICATOR_SET_VERSION, "area": area, "period": period, "rows": rows},
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    manifest = {
        "set_version": ind.INDICATOR_SET_VERSION,
        "period": period,
        "area": area,
        "engine": engine,
        "threshold": threshold or ind.DEFAULT_THRESHOLD,
        "rows": df.height,
        "suppressed_rows": int((df["status"] == "suppressed").sum()),
        "files": {
            name: hashlib.sha256((out / name).read_bytes()).hexdigest()
            for name in ("indicators.parquet", "indicators.json")
        },
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def _export(args: argparse.Namespace) -> int:
    manifest = export(
        args.data,
        args.out,
        period=args.period,
        area=args.area,
        engine=args.engine,
        spark_master=args.spark_master,
        threshold=args.threshold,
    )
    print(json.dumps(manifest, indent=1))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("indicators", help="the uniform impact indicators (docs/indicators.md)")
    sub = p.add_subparsers(dest="indicators_command", metavar="SUBCOMMAND")
    ex = sub.add_parser("export", help="write indicators.parquet, indicators.json and manifest.json")
    ex.add_argument("--period", required=True, help="the report month, YYYY-MM")
    ex.add_argument("--out", required=True, type=Path, help="output folder")
    ex.add_argument("--data", type=Path, default=Path("data"), help="the extract (flat or partitioned)")
    ex.add_argument("--area", default="091", help="the area code written in the rows")
    ex.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    ex.add_argument("--spark-master", default=None)
    ex.add_argument(
        "--threshold", type=int, default=None, help="small-cell threshold (default 5, as the dashboard)"
    )
    ex.set_defaults(func=_export)
    p.set_defaults(func=lambda a: (p.print_help(), 2)[1])
