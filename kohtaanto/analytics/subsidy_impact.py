"""Each employer subsidy's (and the start-up grant's) effect on employment 6 and 12 months
after it ends (issue 16, point 6), with the same doubly robust estimator as the services'
impact (`causal.estimate_effect`).

Design, so that recipients and comparison clients are compared over the same dates:

- spells: one per person and benefit (the first), from the decisions in force: start and
  end (an early end shortens it);
- recipients: persons whose spell ended at least the horizon before the snapshot;
- comparison group: similar job seekers with no subsidy of any kind in the data, each given
  the dates of a recipient's spell drawn at random (seeded), "the same period", and kept
  only if they were registered job seekers on that start date (as recipients are);
- outcome: an `employment` event in (end, end + horizon]: a new job, or the job continuing
  when it is recorded again; a job that simply goes on unrecorded is not seen, which biases
  the estimate towards zero or below for benefits that keep people in the same job;
- covariates: what is known on the start date (`service_impact.client_features`).

Fewer than `MIN_TREATED` recipients with complete follow-up, or too few comparison clients,
give a row with the reason and no estimate ("too few to estimate"), never a number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from kohtaanto.analytics.causal import ImpactResult, estimate_effect
from kohtaanto.analytics.data import RegisterData
from kohtaanto.analytics.design import ImpactInputError
from kohtaanto.analytics.service_impact import COVARIATES, MIN_TREATED, client_features

HORIZONS_MONTHS = (6, 12)
SPELLS_SCHEMA = {"client_id": pl.String, "benefit": pl.String, "start": pl.Date, "end": pl.Date}
_CLIENT_COLUMNS = ["client_id", "birth_date", "gender", "education_level", "finnish_level", "language_group",
                   "needs_multiprofessional", "service_unit", "team", "arrival_date", "registration_date",
                   "end_date"]  # fmt: skip


def _after(col: str, months: int) -> pl.Expr:
    return pl.col(col).dt.offset_by(f"{months}mo")


def analysis_table(
    data: RegisterData, spells: pl.DataFrame, benefit: str, horizon_months: int, seed: int = 0
) -> pl.DataFrame:
    """One row per recipient and comparison client: covariates at the start, `treated`, and
    `employed` within the horizon after the (pseudo) end. Empty when nobody qualifies."""
    clients = data["clients"].select(_CLIENT_COLUMNS)
    first = (
        spells.filter(pl.col("benefit") == benefit)
        .sort("client_id", "start")
        .group_by("client_id", maintain_order=True)
        .first()
        .filter(_after("end", horizon_months) <= data.as_of)
        .select("client_id", "start", "end")
    )
    if first.height == 0:
        return pl.DataFrame()
    treated = first.join(clients, on="client_id", how="inner").with_columns(treated=pl.lit(1, pl.Int8))
    pool = clients.join(spells.select("client_id").unique(), on="client_id", how="anti").sort("client_id")
    draw = np.random.default_rng(seed).integers(0, first.height, size=pool.height)
    dates = first.select("start", "end")[draw]
    controls = pool.with_columns(dates["start"], dates["end"], treated=pl.lit(0, pl.Int8))
    rows = pl.concat([treated, controls.select(treated.columns)]).filter(
        pl.col("registration_date") <= pl.col("start"),
        pl.col("end_date").is_null() | (pl.col("end_date") > pl.col("start")),
    )
    employed = (
        rows.select("client_id", "end")
        .join(
            data["events"].filter(pl.col("kind") == "employment").select("client_id", "date"), on="client_id"
        )
        .filter(pl.col("date") > pl.col("end"), pl.col("date") <= _after("end", horizon_months))
        .select("client_id", "end")
        .unique()
        .with_columns(employed=pl.lit(1, pl.Int8))
    )
    features = client_features(rows.rename({"start": "on_date"}))
    return (
        features.with_columns(rows["end"], rows["treated"])
        .join(employed, on=["client_id", "end"], how="left")
        .with_columns(pl.col("employed").fill_null(0).cast(pl.Int8))
    )


@dataclass
class BenefitImpact:
    benefit: str
    horizon_months: int
    n_recipients: int  # recipients with complete follow-up, whether estimated or not
    result: ImpactResult | None
    error: str | None = None


def estimate_benefits(
    data: RegisterData,
    spells: pl.DataFrame,
    benefits: list[str],
    horizons: tuple[int, ...] = HORIZONS_MONTHS,
    method: str = "aipw",
    seed: int = 0,
    min_treated: int = MIN_TREATED,
) -> list[BenefitImpact]:
    """Each benefit's effect at each horizon, or the reason there is none."""
    out = []
    for benefit in benefits:
        for h in horizons:
            table = analysis_table(data, spells, benefit, h, seed)
            n = int(table["treated"].sum()) if table.height else 0
            res, err = None, None
            if n < min_treated:
                err = f"too few to estimate: {n} recipients with {h} months of follow-up (at least {min_treated})"
            elif int((table["treated"] == 0).sum()) < min_treated // 3:
                err = "too few to estimate: too few comparison clients"
            else:
                covs = [c for c in COVARIATES if c in table.columns and table[c].n_unique() > 1]
                try:
                    res = estimate_effect(table, "treated", "employed", covs, method=method, seed=seed)
                except ImpactInputError as exc:
                    err = str(exc)
            out.append(BenefitImpact(benefit, h, n, res, err))
    return out


def impacts_frame(impacts: list[BenefitImpact]) -> pl.DataFrame:
    """Flat table for the dashboard: one row per benefit and horizon."""
    rows = []
    for s in impacts:
        r = s.result
        rows.append(
            {
                "benefit": s.benefit,
                "horizon_months": s.horizon_months,
                "method": r.method if r else None,
                "estimate": r.estimate if r else None,
                "ci_low": r.ci_low if r else None,
                "ci_high": r.ci_high if r else None,
                "naive_difference": r.naive_difference if r else None,
                "n_treated": r.n_treated if r else s.n_recipients,
                "n_control": r.n_control if r else None,
                "e_value_ci": r.details.get("e_value", {}).get("ci") if r else None,
                "status": "estimated" if r else "too_few",
                "warnings": "; ".join(r.warnings) if r else s.error,
            }
        )
    schema = {"benefit": pl.String, "horizon_months": pl.Int64, "method": pl.String, "estimate": pl.Float64,
              "ci_low": pl.Float64, "ci_high": pl.Float64, "naive_difference": pl.Float64, "n_treated": pl.Int64,
              "n_control": pl.Int64, "e_value_ci": pl.Float64, "status": pl.String, "warnings": pl.String}  # fmt: skip
    return pl.DataFrame(rows, schema=schema)
