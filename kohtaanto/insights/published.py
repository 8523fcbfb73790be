"""Tables the dashboard needs beyond `analytics.refresh`, computed at refresh time from the
pseudonymised extract and disclosure-controlled together with the finer tables they sum.

- `clients_by_unit`: job seekers per unit and month end. The refresh suppressed the team
  table with the unit totals per month treated as public, so publishing them is safe; the
  unit totals are themselves suppressed against the municipality's month totals.
- `service_promise` is re-suppressed: the refresh hid small team cells only (no totals
  were published). Here the team x month table of each indicator is suppressed with the
  municipality's month totals as public margins, and those totals are published as
  `service_promise_total`, the chart's line. On-time counts and shares of hidden rows are
  hidden too.
- `caseloads` and `caseload_summary` are recomputed against `settings.CASELOAD_NORM`.

Only month totals are published (nothing sums a team or unit over months), so the tables
are suppressed with column totals only; then the line rule is exact and the quadratic LP
audit is not needed (`analytics.disclosure.suppression_mask`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from kohtaanto.analytics import kpi
from kohtaanto.analytics.data import load
from kohtaanto.analytics.disclosure import suppress, suppress_long, suppress_rates


def clients_by_unit(data, threshold: int = 5) -> pl.DataFrame:
    stock = kpi.clients_over_time(data)
    measures = [c for c in stock.columns if c.startswith("n_")]
    units = stock.group_by("month_end", "service_unit").agg(pl.col(measures).sum())
    long = units.unpivot(index=["month_end", "service_unit"], variable_name="measure", value_name="n")
    parts = [
        suppress_long(part, ["service_unit"], "month_end", "n", threshold, row_totals=False)
        for _, part in long.group_by(["measure"], maintain_order=True)
    ]
    return pl.concat(parts).sort("month_end", "service_unit", "measure")


def service_promise(data, threshold: int = 5) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(team table, municipality totals per month), both disclosure-controlled."""
    raw = kpi.service_promise(data)
    teams, totals = [], []
    for (indicator,), part in raw.group_by(["indicator"], maintain_order=True):
        masked = suppress_long(
            part.with_columns(pl.col("month").cast(pl.String).alias("__m")),
            ["service_unit", "team"],
            "__m",
            "n_due",
            threshold,
            row_totals=False,
        )
        masked = masked.with_columns(
            [
                pl.when(pl.col("n_due").is_null()).then(None).otherwise(pl.col(c)).alias(c)
                for c in ("n_on_time", "share_on_time")
            ]
        ).drop("__m")
        teams.append(masked)
        tot = part.group_by("month").agg(pl.col("n_due").sum(), pl.col("n_on_time").sum())
        tot = tot.with_columns(
            share_on_time=pl.when(pl.col("n_due") > 0).then(pl.col("n_on_time") / pl.col("n_due")),
            indicator=pl.lit(indicator),
        )
        totals.append(suppress_rates(tot, "n_due", ["n_due", "n_on_time", "share_on_time"], threshold))
    team_df = pl.concat(teams).sort("indicator", "month", "service_unit", "team")
    return team_df, pl.concat(totals).sort("indicator", "month")


def caseloads(data, norm: int, threshold: int = 5) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Caseloads against the configured norm (`settings.CASELOAD_NORM`; the library's
    refresh uses its default), suppressed exactly as `analytics.refresh` does."""
    per_worker = kpi.caseloads(data, norm=norm)
    hidden = suppress(
        per_worker.with_columns(pl.col("team").fill_null("")), ["caseload"], threshold, by=["team"]
    )
    per_worker_out = per_worker.with_columns(caseload=hidden["caseload"]).with_columns(
        ratio_to_norm=pl.col("caseload") / pl.col("norm")
    )
    summary = suppress_rates(
        kpi.caseload_summary(per_worker),
        "n_clients",
        ["n_clients", "mean_caseload", "max_caseload"],
        threshold,
    )
    return per_worker_out, summary


def write_extra_tables(
    extract_dir: str | Path, out_dir: str | Path, as_of: dt.date, norm: int, threshold: int = 5
) -> list[str]:
    """Write the extra tables next to the refresh's; returns their names."""
    data = load(extract_dir, as_of=as_of)
    out = Path(out_dir)
    clients_by_unit(data, threshold).write_parquet(out / "clients_by_unit.parquet")
    per_worker, summary = caseloads(data, norm, threshold)
    per_worker.write_parquet(out / "caseloads.parquet")
    summary.write_parquet(out / "caseload_summary.parquet")
    teams, totals = service_promise(data, threshold)
    teams.write_parquet(out / "service_promise.parquet")
    totals.write_parquet(out / "service_promise_total.parquet")
    return ["caseloads", "caseload_summary", "clients_by_unit", "service_promise", "service_promise_total"]
