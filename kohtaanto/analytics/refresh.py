"""`analytics refresh`: compute every analytics table from a Parquet folder into Parquet.

Aggregate tables are written after disclosure control (cells under `threshold` persons and
their protecting cells are null), because they feed the dashboard and its CSV/Excel
exports. Per-client forecasts are operational data for the client's own case worker, not
aggregates; they are written to a separate file the dashboard must show only to workers
entitled to see that client.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import polars as pl

from kohtaanto.analytics import contracts, forecast, kpi, paths, providers
from kohtaanto.analytics.data import DataError
from kohtaanto.analytics.disclosure import suppress, suppress_long, suppress_rates
from kohtaanto.analytics.engine import EngineData, EngineError, open_engine
from kohtaanto.analytics.service_impact import estimate_services, impacts_frame


class RefreshError(ValueError):
    """The refresh cannot run on this folder."""


def publishable_tables(
    data, norm: int, threshold: int = 5, source=None, timings: dict[str, float] | None = None
) -> dict[str, pl.DataFrame]:
    """The aggregate KPI and path tables, disclosure-controlled; caseloads against `norm`
    (the setting KOHTAANTO_CASELOAD_NORM: the caller passes it, the library has no default).
    The KPIs and paths count on `source` (an engine's `EngineData`; default: `data`, any
    `frames.Source`, e.g. `RegisterData` in memory)."""
    out: dict[str, pl.DataFrame] = {}
    src = source if source is not None else data
    t = time.perf_counter()
    sp = kpi.service_promise(src)
    out["service_promise"] = suppress_rates(sp, "n_due", ["n_due", "n_on_time", "share_on_time"], threshold)
    stock = kpi.clients_over_time(src)
    long = stock.unpivot(
        index=["month_end", "service_unit", "team", "segment"], variable_name="measure", value_name="n"
    )
    # Teams within a unit x months, per measure: unit totals per month are public.
    prot = []
    for _, part in long.group_by(["measure"], maintain_order=True):
        prot.append(suppress_long(part, ["team"], "month_end", "n", threshold, by=["service_unit"]))
    out["clients_over_time"] = pl.concat(prot).sort("month_end", "service_unit", "team", "measure")
    per_worker = kpi.caseloads(src, norm)
    # Workers within a team: the team totals are published in caseload_summary.
    hidden = suppress(
        per_worker.with_columns(pl.col("team").fill_null("")), ["caseload"], threshold, by=["team"]
    )
    out["caseloads"] = per_worker.with_columns(caseload=hidden["caseload"]).with_columns(
        ratio_to_norm=pl.col("caseload") / pl.col("norm")
    )
    out["caseload_summary"] = suppress_rates(
        kpi.caseload_summary(per_worker),
        "n_clients",
        ["n_clients", "mean_caseload", "max_caseload"],
        threshold,
    )
    sb = kpi.service_bottlenecks(src)
    count_cols = [
        "n_referred",
        "n_started",
        "n_declined",
        "n_cancelled",
        "n_pending",
        "n_interrupted",
        "participants_now",
    ]
    small = pl.any_horizontal([(pl.col(c) > 0) & (pl.col(c) < threshold) for c in count_cols])
    out["service_bottlenecks"] = sb.with_columns(
        [
            pl.when((pl.col(c) > 0) & (pl.col(c) < threshold)).then(None).otherwise(pl.col(c)).alias(c)
            for c in count_cols
        ]
    ).with_columns(
        [pl.when(small).then(None).otherwise(pl.col(c)).alias(c) for c in ("conversion", "utilisation_now")]
    )
    oc = kpi.outcomes_by_segment(src)
    out["outcomes_by_segment"] = suppress_rates(
        oc,
        "n",
        ["n", "n_employed", "n_employed_or_education", "share_employed", "share_employed_or_education"],
        threshold,
    )
    ends = kpi.job_search_ends(src)
    out["job_search_ends"] = suppress_long(ends, ["reason"], "month", "n", threshold, col_totals=False)
    t_paths = time.perf_counter()
    cp = paths.path_counts(src)
    out["path_variants"] = paths.variant_frequencies(cp, threshold).with_columns(label=pl.lit(paths.LABEL))
    tr = paths.transitions(src)
    # Published totals: transitions out of each state (the share_from denominators).
    tr = suppress_long(tr, ["from"], "to", "n", threshold, by=["segment", "group"], col_totals=False)
    out["path_transitions"] = tr.with_columns(
        pl.when(pl.col("n").is_null()).then(None).otherwise(pl.col("share_from")).alias("share_from"),
        label=pl.lit(paths.LABEL),
    )
    tt = paths.time_to_outcome(cp)
    out["time_to_outcome"] = suppress_rates(tt, "n", ["n", "p25_days", "median_days", "p75_days"], threshold)
    if timings is not None:  # both count on the engine
        timings["kpis"] = t_paths - t
        timings["paths"] = time.perf_counter() - t_paths
    return out


def _on_engine(
    source: EngineData, out: Path, norm: int, threshold: int, impact: bool, seed: int, timings: dict
) -> tuple[dict[str, pl.DataFrame], forecast.ForecastModel]:
    """Everything that counts on the engine: the KPIs and paths, the forecast (its rows
    built there) and, with `impact`, the per-service estimates (their inputs built there)."""
    tables = publishable_tables(source, norm, threshold, timings=timings)
    t = time.perf_counter()
    model = forecast.train(source, seed=seed)
    forecast.predict(model, source).write_parquet(out / "client_forecasts.parquet")
    tables["forecast_calibration"] = model.calibration
    tables["forecast_fairness"] = suppress_rates(
        model.fairness, "n", ["fpr", "fnr", "auc", "prevalence"], threshold
    )
    timings["forecast"] = time.perf_counter() - t
    if impact:
        t = time.perf_counter()
        # Main design (vs no service) and the referred-but-not-started robustness check.
        tables["service_impact"] = pl.concat(
            [
                impacts_frame(estimate_services(source, "att", folds=3, seed=seed, controls=controls))
                for controls in ("no_service", "referred")
            ],
            how="vertical_relaxed",
        )
        timings["impact"] = time.perf_counter() - t
        t = time.perf_counter()
        # Per provider and per contract: counted on the engine, the estimators here.
        tables.update(providers.publishable(source, threshold, seed=seed))
        tables.update(contracts.publishable(source, threshold, seed=seed))  # per contract, if any
        timings["providers"] = time.perf_counter() - t
    return tables, model


def refresh(
    data_dir: str | Path,
    out_dir: str | Path,
    norm: int,
    threshold: int = 5,
    impact: bool = True,
    seed: int = 0,
    as_of: dt.date | None = None,
    engine: str = "duckdb",
    spark_master: str | None = None,
) -> dict:
    """Compute everything; returns a report with timings and the forecast's metrics.

    The KPIs, the paths, the provider and contract figures and the inputs of the forecast
    and the impact estimates count on `engine` (duckdb or spark, at `spark_master`) and are
    collected small (per month, team, service, provider, contract or transition) or per
    client (the rows the estimators fit on); suppression, the forecast and the estimators
    run here on one node.
    Every check (engine, Java, cluster, data) runs before the output folder is made, so a
    refused refresh writes nothing."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    try:
        eng = open_engine(engine, spark_master)
        timings["engine_start"] = time.perf_counter() - t0
        source = EngineData.open(eng, data_dir, as_of)
    except (DataError, EngineError) as exc:
        raise RefreshError(str(exc)) from exc
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    timings["load"] = time.perf_counter() - t0 - timings["engine_start"]

    try:
        tables, model = _on_engine(source, out, norm, threshold, impact, seed, timings)
    finally:
        source.release()

    for name, df in tables.items():
        df.write_parquet(out / f"{name}.parquet")
    timings["total"] = time.perf_counter() - t0
    report = {
        "as_of": source.as_of.isoformat(),
        "threshold": threshold,
        "engine": engine,
        "tables": sorted([*tables, "client_forecasts"]),
        "forecast": model.metrics,
        "timings_s": {k: round(v, 2) for k, v in timings.items()},
    }
    (out / "refresh_report.json").write_text(json.dumps(report, indent=2))
    return report
