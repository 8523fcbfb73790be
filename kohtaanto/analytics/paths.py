"""Successful paths: which sequences of meetings and services precede employment, and which not.

DESCRIPTIVE ONLY: a path that is common before employment is not thereby a cause of it
(clients are steered to services by their prospects). The cohort is clients registered in
the window with 12 months of follow-up; each client's path is the ordered, de-duplicated
sequence of meeting kinds and service kinds from registration until the first outcome
within 12 months (employment, education, other exit) or, failing one, 12 months. A
*variant* is the sequence of services alone; meetings stay in the transitions.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from kohtaanto.analytics.data import RegisterData
from kohtaanto.analytics.kpi import segments
from kohtaanto.domain.organisation import Organisation

FOLLOW_UP_DAYS = 365
MAX_STEPS = 8
MEETING_TOKENS = {
    "initial_interview": "initial_interview",
    "job_search_conversation": "conversation",
    "supplementary": "supplementary",
}
LABEL = "descriptive: sequences preceding outcomes, not causal effects"


def client_paths(data: RegisterData, org: Organisation | None = None) -> pl.DataFrame:
    """One row per cohort client: segment, outcome, days to outcome, steps (list) and variant.
    Segments come from `org`, or from every configured area (as in `kpi.segments`)."""
    h = dt.timedelta(days=FOLLOW_UP_DAYS)
    c = (
        data["clients"]
        .filter(
            pl.col("registration_date") >= data.window_start, pl.col("registration_date") + h <= data.as_of
        )
        .join(segments(org), on="team", how="left")
        .select("client_id", "registration_date", pl.col("segment").fill_null("other"))
    )
    ev = data["events"].join(c.select("client_id", "registration_date"), on="client_id")
    ev = ev.filter(pl.col("date") <= pl.col("registration_date") + h)
    ends = (
        ev.filter(pl.col("kind").is_in(["employment", "education_start", "job_search_ended"]))
        .with_columns(
            rank=pl.col("kind").replace_strict(
                {"employment": 0, "education_start": 1, "job_search_ended": 2}
            ),
            outcome=pl.col("kind").replace_strict(
                {"employment": "employed", "education_start": "education", "job_search_ended": "other_exit"}
            ),
        )
        .sort("date", "rank")
        .group_by("client_id", maintain_order=True)
        .first()
        .select("client_id", pl.col("date").alias("outcome_date"), "outcome")
    )
    c = c.join(ends, on="client_id", how="left").with_columns(
        pl.col("outcome").fill_null("searching"),
        days_to_outcome=(pl.col("outcome_date") - pl.col("registration_date")).dt.total_days(),
        stop=pl.coalesce("outcome_date", pl.col("registration_date") + h),
    )
    kinds = data["services"].select("service_id", pl.col("kind").alias("token"))
    starts = (
        ev.filter(pl.col("kind") == "service_start")
        .join(kinds, on="service_id")
        .select("client_id", "date", "token")
    )
    meet = (
        data["meetings"]
        .filter(pl.col("status") == "held")
        .select(
            "client_id",
            pl.col("held_date").alias("date"),
            pl.col("kind").replace_strict(MEETING_TOKENS).alias("token"),
        )
    )
    steps = (
        pl.concat([starts, meet])
        .join(c.select("client_id", "registration_date", "stop"), on="client_id")
        .filter(pl.col("date") >= pl.col("registration_date"), pl.col("date") <= pl.col("stop"))
        .sort("client_id", "date", "token")
    )
    steps = steps.filter(
        (pl.col("token") != pl.col("token").shift(1).over("client_id"))
        | pl.col("token").shift(1).over("client_id").is_null()
    )
    meeting_tokens = list(MEETING_TOKENS.values())
    seq = steps.group_by("client_id").agg(
        steps=pl.col("token"),
        services=pl.col("token").filter(~pl.col("token").is_in(meeting_tokens)),
        meetings_held=pl.col("token").is_in(meeting_tokens).sum(),
    )
    empty = pl.lit([], pl.List(pl.String))
    out = c.join(seq, on="client_id", how="left").with_columns(
        pl.col("steps").fill_null(empty),
        pl.col("services").fill_null(empty),
        pl.col("meetings_held").fill_null(0),
    )
    # The variant is the service sequence: meetings recur for everyone by the Nordic model
    # and would drown the differences; they stay in `steps` and in the transitions.
    joined = pl.col("services").list.head(MAX_STEPS).list.join(" > ")
    joined = pl.when(pl.col("services").list.len() > MAX_STEPS).then(joined + " > …").otherwise(joined)
    variant = pl.when(pl.col("services").list.len() == 0).then(pl.lit("(no service)")).otherwise(joined)
    return out.with_columns(variant=variant).select(
        "client_id", "segment", "outcome", "days_to_outcome", "meetings_held", "steps", "variant"
    )


def variant_frequencies(paths: pl.DataFrame, threshold: int = 5) -> pl.DataFrame:
    """Per segment and variant: clients, how many were employed, and the employment share.
    Variants with fewer than `threshold` clients are pooled into "(rare variants)"."""
    v = paths.group_by("segment", "variant").agg(
        n=pl.len(),
        n_employed=(pl.col("outcome") == "employed").sum(),
        median_days_to_employment=pl.col("days_to_outcome").filter(pl.col("outcome") == "employed").median(),
    )
    rare = v["n"] < threshold
    pooled = (
        v.filter(rare)
        .group_by("segment")
        .agg(pl.col("n").sum(), pl.col("n_employed").sum())
        .with_columns(variant=pl.lit("(rare variants)"), median_days_to_employment=pl.lit(None, pl.Float64))
    )
    v = pl.concat([v.filter(~rare), pooled.select(v.columns)], how="vertical_relaxed")
    total = pl.col("n").sum().over("segment")
    return v.with_columns(
        share_of_segment=pl.col("n") / total, share_employed=pl.col("n_employed") / pl.col("n")
    ).sort(["segment", "n", "variant"], descending=[False, True, False])  # ties: by name, every run alike


def transitions(paths: pl.DataFrame) -> pl.DataFrame:
    """Step-to-step transition counts per segment, separately for paths ending in employment
    and the rest; `start` and the outcome are states too."""
    p = paths.with_columns(
        group=pl.when(pl.col("outcome") == "employed")
        .then(pl.lit("employed"))
        .otherwise(pl.lit("not_employed")),
        states=pl.concat_list([pl.lit("start"), "steps", "outcome"]),
    )
    ex = p.select("segment", "group", "states").with_row_index("path").explode("states")
    ex = (
        ex.with_columns(to=pl.col("states").shift(-1).over("path"))
        .rename({"states": "from"})
        .drop_nulls("to")
    )
    out = ex.group_by("segment", "group", "from", "to").agg(n=pl.len())
    return out.with_columns(share_from=pl.col("n") / pl.col("n").sum().over("segment", "group", "from")).sort(
        ["segment", "group", "from", "n", "to"], descending=[False, False, False, True, False]
    )


def time_to_outcome(paths: pl.DataFrame) -> pl.DataFrame:
    """Days from registration to each outcome per segment (quartiles)."""
    return (
        paths.filter(pl.col("outcome") != "searching")
        .group_by("segment", "outcome")
        .agg(
            n=pl.len(),
            p25_days=pl.col("days_to_outcome").quantile(0.25),
            median_days=pl.col("days_to_outcome").median(),
            p75_days=pl.col("days_to_outcome").quantile(0.75),
        )
        .sort("segment", "outcome")
    )
