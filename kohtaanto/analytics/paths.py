"""Successful paths: which sequences of meetings and services precede employment, and which not.

DESCRIPTIVE ONLY: a path that is common before employment is not thereby a cause of it
(clients are steered to services by their prospects). The cohort is clients registered in
the window with 12 months of follow-up; each client's path is the ordered, de-duplicated
sequence of meeting kinds and service kinds from registration until the first outcome
within 12 months (employment, education, other exit) or, failing one, 12 months. A
*variant* is the sequence of services alone; meetings stay in the transitions.

Written once for every engine (`frames.py`): the cohort, the steps, the variants and the
transitions are counted on the engine (`data` is any `frames.Source`), and only counts per
segment × variant × outcome × day, or per transition, are collected. `client_paths` brings
the per-client paths to this node for analyses that need them; the refresh does not.
"""

from __future__ import annotations

import datetime as dt

import narwhals as nw
import polars as pl

from kohtaanto.analytics.frames import Source, collect, count_if, epoch_days, keep
from kohtaanto.analytics.kpi import segments
from kohtaanto.domain.organisation import Organisation

FOLLOW_UP_DAYS = 365
MAX_STEPS = 8
MEETING_TOKENS = {
    "initial_interview": "initial_interview",
    "job_search_conversation": "conversation",
    "supplementary": "supplementary",
}
# The first outcome in the follow-up wins; on the same day employment before education
# before another exit.
OUTCOMES = {"employment": "employed", "education_start": "education", "job_search_ended": "other_exit"}
LABEL = "descriptive: sequences preceding outcomes, not causal effects"
_SERVICE_COLS = [f"s{k}" for k in range(1, MAX_STEPS + 1)]


def _case(col: str, mapping: dict, otherwise: nw.Expr | None = None) -> nw.Expr:
    out = otherwise if otherwise is not None else nw.lit(None, nw.String)
    for key, value in mapping.items():
        out = nw.when(nw.col(col) == key).then(nw.lit(value)).otherwise(out)
    return out


def _cohort(data: Source, org: Organisation | None) -> nw.LazyFrame:
    """Cohort clients with segment, outcome, days to it and the last day of their path."""
    clients = (
        data.lazy("clients")
        .filter(
            nw.col("registration_date") >= data.window_start,
            nw.col("registration_date") <= data.as_of - dt.timedelta(days=FOLLOW_UP_DAYS),
        )
        .join(data.small(segments(org)), on="team", how="left")
        .select(
            "client_id", nw.col("segment").fill_null("other"), epoch_days("registration_date").alias("reg")
        )
    )
    rank = _case("kind", {k: i for i, k in enumerate(OUTCOMES)}, nw.lit(None, nw.Int64))
    ends = (
        data.lazy("events")
        .filter(nw.col("kind").is_in(list(OUTCOMES)))
        .join(clients.select("client_id", "reg"), on="client_id")
        .with_columns(day=epoch_days("date"))
        .filter(nw.col("day") - nw.col("reg") <= FOLLOW_UP_DAYS)
        .with_columns(key=nw.col("day") * 4 + rank.cast(nw.Int64))
        .group_by("client_id")
        .agg(nw.col("key").min())
        .with_columns(end=nw.col("key") // 4, rank=nw.col("key") - (nw.col("key") // 4) * 4)
    )
    outcome = _case("rank", {i: v for i, v in enumerate(OUTCOMES.values())}, nw.lit("searching"))
    return (
        clients.join(ends, on="client_id", how="left")
        .with_columns(
            outcome.alias("outcome"),
            (nw.col("end") - nw.col("reg")).cast(nw.Int64).alias("days_to_outcome"),
            nw.when(nw.col("end").is_null())
            .then(nw.col("reg") + FOLLOW_UP_DAYS)
            .otherwise(nw.col("end"))
            .cast(nw.Int64)
            .alias("stop"),
        )
        .select("client_id", "segment", "outcome", "days_to_outcome", "reg", "stop")
    )


def _steps(data: Source, cohort: nw.LazyFrame) -> nw.LazyFrame:
    """The cohort's steps, consecutive repeats dropped, numbered per client (`step`) and
    per client's services (`service_no`: services so far)."""
    kinds = data.lazy("services").select("service_id", nw.col("kind").alias("token"))
    starts = (
        data.lazy("events")
        .filter(nw.col("kind") == "service_start")
        .join(kinds, on="service_id")
        .select("client_id", "date", "token")
    )
    meet = (
        data.lazy("meetings")
        .filter(nw.col("status") == "held", nw.col("kind").is_in(list(MEETING_TOKENS)))
        .select("client_id", nw.col("held_date").alias("date"), _case("kind", MEETING_TOKENS).alias("token"))
    )
    order = ["day", "token"]
    is_service = ~nw.col("token").is_in(list(MEETING_TOKENS.values()))
    return (
        nw.concat([starts, meet], how="vertical")
        .join(cohort.select("client_id", "reg", "stop"), on="client_id")
        .with_columns(day=epoch_days("date"))
        .filter(nw.col("day") >= nw.col("reg"), nw.col("day") <= nw.col("stop"))
        .with_columns(prev=nw.col("token").shift(1).over("client_id", order_by=order))
        .filter(nw.col("prev").is_null() | (nw.col("prev") != nw.col("token")))
        .with_columns(
            step=nw.col("day").cum_count().over("client_id", order_by=order).cast(nw.Int64),
            service=count_if(is_service, agg=False),
        )
        .with_columns(
            service_no=nw.col("service").cum_sum().over("client_id", order_by="step").cast(nw.Int64)
        )
        .select("client_id", "step", "token", "service", "service_no")
    )


def _per_client(data: Source, org: Organisation | None) -> tuple[nw.LazyFrame, nw.LazyFrame]:
    """(per cohort client: segment, outcome, days, meetings held, the first MAX_STEPS
    services as s1..s8 and `more` when there were more; the steps), kept on the engine
    once per data set: the counts, the transitions and the per-client paths all read them."""
    key = f"paths:{org.municipality_code if org is not None else '*'}"
    return data.once(key, lambda: _build(data, org))


def _build(data: Source, org: Organisation | None) -> tuple[nw.LazyFrame, nw.LazyFrame]:
    cohort = keep(data, _cohort(data, org))
    steps = keep(data, _steps(data, cohort))
    flags = steps.with_columns(
        *[
            nw.when((nw.col("service") == 1) & (nw.col("service_no") == k)).then(nw.col("token")).alias(s)
            for k, s in enumerate(_SERVICE_COLS, start=1)
        ],
        meeting=1 - nw.col("service"),
    )
    seq = flags.group_by("client_id").agg(
        nw.col("service").sum().cast(nw.Int64).alias("n_services"),
        nw.col("meeting").sum().cast(nw.Int64).alias("meetings_held"),
        *[nw.col(s).max() for s in _SERVICE_COLS],
    )
    per = cohort.join(seq, on="client_id", how="left").with_columns(
        nw.col("meetings_held").fill_null(0),
        more=count_if(nw.col("n_services") > MAX_STEPS, agg=False),
    )
    return keep(data, per), steps


def _variant() -> pl.Expr:
    # The variant is the service sequence: meetings recur for everyone by the Nordic model
    # and would drown the differences; they stay in `steps` and in the transitions.
    joined = pl.concat_str(_SERVICE_COLS, separator=" > ", ignore_nulls=True)
    joined = pl.when(pl.col("more") == 1).then(joined + " > …").otherwise(joined)
    return pl.when(pl.col("s1").is_null()).then(pl.lit("(no service)")).otherwise(joined).alias("variant")


def path_counts(data: Source, org: Organisation | None = None) -> pl.DataFrame:
    """Cohort clients per segment, variant, outcome and days to it (`n`), counted on the
    engine: the input of `variant_frequencies` and `time_to_outcome`. Segments come from
    `org`, or from every configured area (as in `kpi.segments`)."""
    per, _steps = _per_client(data, org)
    keys = ["segment", "outcome", "days_to_outcome", *_SERVICE_COLS, "more"]
    counted = collect(per.group_by(*keys).agg(nw.len().cast(nw.Int64).alias("n")))
    return (
        counted.with_columns(_variant())
        .group_by("segment", "variant", "outcome", "days_to_outcome")
        .agg(pl.col("n").sum())
        .sort("segment", "variant", "outcome", "days_to_outcome", nulls_last=True)
    )


def client_paths(data: Source, org: Organisation | None = None) -> pl.DataFrame:
    """One row per cohort client: segment, outcome, days to outcome, meetings held, steps
    (list) and variant. Per-client rows, collected to this node: the refresh uses the
    counts (`path_counts`, `transitions`) instead."""
    per, steps = _per_client(data, org)
    cols = ["client_id", "segment", "outcome", "days_to_outcome", "meetings_held", *_SERVICE_COLS, "more"]
    people = collect(per.select(*cols)).with_columns(_variant(), pl.col("meetings_held").cast(pl.UInt32))
    lists = (
        collect(steps.select("client_id", "step", "token"))
        .sort("client_id", "step")
        .group_by("client_id", maintain_order=True)
        .agg(steps=pl.col("token"))
    )
    return (
        people.join(lists, on="client_id", how="left")
        .with_columns(pl.col("steps").fill_null(pl.lit([], pl.List(pl.String))))
        .select("client_id", "segment", "outcome", "days_to_outcome", "meetings_held", "steps", "variant")
        .sort("client_id")
    )


def _with_n(paths: pl.DataFrame) -> pl.DataFrame:
    """Counts as they are; per-client paths (no `n`) count one each."""
    return paths if "n" in paths.columns else paths.with_columns(n=pl.lit(1, pl.Int64))


def _expanded(counts: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Days to outcome, each repeated by its count: exact quantiles from counted rows."""
    return counts.select(*keys, pl.col("days_to_outcome").repeat_by("n")).explode("days_to_outcome")


def variant_frequencies(paths: pl.DataFrame, threshold: int = 5) -> pl.DataFrame:
    """Per segment and variant: clients, how many were employed, and the employment share.
    Variants with fewer than `threshold` clients are pooled into "(rare variants)".
    `paths`: `path_counts` (or per-client `client_paths`)."""
    counts = _with_n(paths)
    employed = pl.col("outcome") == "employed"
    v = counts.group_by("segment", "variant").agg(
        pl.col("n").sum().cast(pl.UInt32),
        n_employed=pl.col("n").filter(employed).sum().cast(pl.UInt32),
    )
    medians = (
        _expanded(counts.filter(employed), ["segment", "variant"])
        .group_by("segment", "variant")
        .agg(median_days_to_employment=pl.col("days_to_outcome").median())
    )
    v = v.join(medians, on=["segment", "variant"], how="left")
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


def transitions(data: Source, org: Organisation | None = None) -> pl.DataFrame:
    """Step-to-step transition counts per segment, separately for paths ending in employment
    and the rest; `start` and the outcome are states too. Counted on the engine."""
    per, steps = _per_client(data, org)
    group = (
        nw.when(nw.col("outcome") == "employed").then(nw.lit("employed")).otherwise(nw.lit("not_employed"))
    )
    who = per.select("client_id", "segment", "outcome", group.alias("group"))
    s = steps.select(
        "client_id",
        "step",
        "token",
        nw.col("token").shift(-1).over("client_id", order_by="step").alias("next"),
    ).join(who, on="client_id")
    cols = ["segment", "group", "from_", "to_"]
    pairs = [
        s.filter(~nw.col("next").is_null()).select(
            "segment", "group", nw.col("token").alias("from_"), nw.col("next").alias("to_")
        ),
        s.filter(nw.col("step") == 1).select(
            "segment", "group", nw.lit("start").alias("from_"), nw.col("token").alias("to_")
        ),
        s.filter(nw.col("next").is_null()).select(
            "segment", "group", nw.col("token").alias("from_"), nw.col("outcome").alias("to_")
        ),
        who.join(steps.select("client_id"), on="client_id", how="anti").select(
            "segment", "group", nw.lit("start").alias("from_"), nw.col("outcome").alias("to_")
        ),
    ]
    out = collect(nw.concat(pairs, how="vertical").group_by(*cols).agg(nw.len().cast(nw.Int64).alias("n")))
    out = out.select("segment", "group", pl.col("from_").alias("from"), pl.col("to_").alias("to"), "n")
    out = out.with_columns(pl.col("n").cast(pl.UInt32))
    return out.with_columns(share_from=pl.col("n") / pl.col("n").sum().over("segment", "group", "from")).sort(
        ["segment", "group", "from", "n", "to"], descending=[False, False, False, True, False]
    )


def time_to_outcome(paths: pl.DataFrame) -> pl.DataFrame:
    """Days from registration to each outcome per segment (quartiles). `paths`:
    `path_counts` (or per-client `client_paths`)."""
    counts = _with_n(paths).filter(pl.col("outcome") != "searching")
    return (
        _expanded(counts, ["segment", "outcome"])
        .group_by("segment", "outcome")
        .agg(
            n=pl.len(),
            p25_days=pl.col("days_to_outcome").quantile(0.25),
            median_days=pl.col("days_to_outcome").median(),
            p75_days=pl.col("days_to_outcome").quantile(0.75),
        )
        .sort("segment", "outcome")
    )
