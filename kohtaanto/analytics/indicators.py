"""The uniform impact indicators: one versioned set, computed the same way for every area.

Every municipality's pseudonymised extract yields the same long table (`SCHEMA`): one row per
indicator and segment, with the persons counted (`n`), the persons with the outcome (`count`)
and their share (`value`). The indicators are computed once against a `frames.Source`, so
DuckDB and Spark give the same numbers; the small result is suppressed in Polars with the
dashboard's own rule (`disclosure.suppress_rates`, same threshold) before anything is written.

The reporting window is the twelve months ending with the period month. The TYP, Ohjaamo
and contract-bonus indicators come from the extract's tables of those services
(`indicators_joint`); an extract without them (older ones) reports them with null values
and `status = "not_in_extract"`, so every export has the same columns (docs/indicators.md).
"""

from __future__ import annotations

import datetime as dt
import re

import narwhals as nw
import polars as pl

from kohtaanto.analytics import indicators_joint as joint
from kohtaanto.analytics.disclosure import THRESHOLD, protect_complements, suppress_rates
from kohtaanto.analytics.frames import Source, age_group, age_years, collect, count_if, epoch_days, month_key

INDICATOR_SET_VERSION = "1.1.0"
DEFAULT_THRESHOLD = THRESHOLD  # the dashboard's, one constant in analytics.disclosure
WINDOW_MONTHS = 12
FOLLOW_UP_MONTHS = (3, 6, 12)
PROMISE_KINDS = ("initial_interview", "job_search_conversation")

SCHEMA = {
    "set_version": pl.String,
    "area": pl.String,
    "period": pl.String,
    "indicator": pl.String,
    "segment_kind": pl.String,
    "segment": pl.String,
    "n": pl.Int64,
    "count": pl.Int64,
    "value": pl.Float64,
    "status": pl.String,
}

# The indicators of the procured and joint services and the extract tables they need: an
# extract without those tables (older ones) reports them as `not_in_extract`.
JOINT_FAMILIES = (
    (
        joint.TYP_TABLES,
        joint.typ,
        (
            "typ_active_clients_per_professional",
            "typ_duration_days",
            "typ_duration_band",
            "typ_outcome_at_exit",
            "typ_services_used",
        ),
    ),
    (joint.OHJAAMO_TABLES, joint.ohjaamo, ("ohjaamo_visits", "ohjaamo_transitions_to_services")),
    (joint.BONUS_TABLES, joint.bonuses, ("contract_bonuses", "contract_bonus_euros")),
)
NOT_IN_EXTRACT = tuple(
    (name, f"the extract has no {' / '.join(tables)} table")
    for tables, _f, names in JOINT_FAMILIES
    for name in names
)

_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class IndicatorError(ValueError):
    """A bad period or area code: nothing is computed or written."""


def parse_period(period: str) -> tuple[int, int]:
    """`YYYY-MM` → (year, month), or a clear error."""
    m = _PERIOD.match(period or "")
    if not m:
        raise IndicatorError(f"period {period!r}: expected YYYY-MM, e.g. 2026-11")
    return int(m.group(1)), int(m.group(2))


def _shift(ym: int, months: int) -> int:
    y, m = divmod(ym // 100 * 12 + ym % 100 - 1 + months, 12)
    return y * 100 + m + 1


def window(period: str) -> tuple[int, int]:
    """The first and last month (yyyymm) of the twelve months ending with `period`."""
    y, m = parse_period(period)
    last = y * 100 + m
    return _shift(last, -(WINDOW_MONTHS - 1)), last


def _in_months(col: str, first: int, last: int) -> nw.Expr:
    key = month_key(col)
    return (key >= first) & (key <= last)


def _segments(lf: nw.LazyFrame, flag: str, kinds: dict[str, nw.Expr]) -> pl.DataFrame:
    """Persons (`n`) and persons with `flag` (`count`) overall and per segment kind."""
    lf = lf.with_columns(**{f"__seg_{k}": e for k, e in kinds.items()})
    parts = [
        collect(
            lf.select(nw.len().cast(nw.Int64).alias("n"), nw.col(flag).sum().cast(nw.Int64).alias("count"))
        ).with_columns(pl.lit("all").alias("segment_kind"), pl.lit("all").alias("segment"))
    ]
    for k in kinds:
        g = collect(
            lf.group_by(f"__seg_{k}").agg(
                nw.len().cast(nw.Int64).alias("n"), nw.col(flag).sum().cast(nw.Int64).alias("count")
            )
        )
        parts.append(
            g.select(
                pl.col("n"),
                pl.col("count"),
                pl.lit(k).alias("segment_kind"),
                pl.col(f"__seg_{k}").cast(pl.String).fill_null("unknown").alias("segment"),
            )
        )
    out = pl.concat([p.select("n", "count", "segment_kind", "segment") for p in parts])
    return out.sort("segment_kind", "segment")


def service_promise(src: Source, first: int, last: int) -> pl.DataFrame:
    """Clients whose every promised meeting due in the window was held by its due date."""
    m = src.lazy("meetings").filter(
        nw.col("kind").is_in(list(PROMISE_KINDS)), _in_months("due_date", first, last)
    )
    m = m.with_columns(
        count_if(
            (nw.col("status") == "held") & (epoch_days("held_date") <= epoch_days("due_date")), agg=False
        ).alias("__ok")
    )
    per = m.group_by("client_id").agg(nw.len().cast(nw.Int64).alias("__n"), nw.col("__ok").sum().alias("__k"))
    per = per.with_columns(count_if(nw.col("__k") == nw.col("__n"), agg=False).alias("met"))
    clients = src.lazy("clients").select(
        "client_id", "registration_date", "birth_date", "long_term_unemployed"
    )
    per = per.join(clients, on="client_id", how="left")
    out = _segments(per, "met", {"age_group": age_group(age_years("birth_date", "registration_date"))})
    return out.with_columns(pl.lit("service_promise_met").alias("indicator"))


def employment_outcomes(src: Source, first: int, last: int) -> pl.DataFrame:
    """Of the clients registered `k` months before the window, the share employed within `k` months."""
    parts = []
    employed = src.lazy("events").filter(nw.col("kind") == "employment").select("client_id", "date")
    for k in FOLLOW_UP_MONTHS:
        c = src.lazy("clients").filter(_in_months("registration_date", _shift(first, -k), _shift(last, -k)))
        c = c.select("client_id", "registration_date", "birth_date", "education_level", "language_group")
        hit = (
            c.select("client_id", "registration_date")
            .join(employed, on="client_id")
            .filter(
                epoch_days("date") >= epoch_days("registration_date"),
                epoch_days("date") - epoch_days("registration_date") <= round(k * 30.4375),
            )
            .select("client_id")
            .unique()
            .with_columns(nw.lit(1).cast(nw.Int64).alias("__hit"))
        )
        c = c.join(hit, on="client_id", how="left").with_columns(
            count_if(nw.col("__hit") == 1, agg=False).alias("employed")
        )
        seg = _segments(
            c,
            "employed",
            {
                "age_group": age_group(age_years("birth_date", "registration_date")),
                "education_level": nw.col("education_level"),
                "language_group": nw.col("language_group"),
            },
        )
        parts.append(seg.with_columns(pl.lit(f"employed_within_{k}_months").alias("indicator")))
    return pl.concat(parts)


def contract_services(src: Source, first: int, last: int) -> pl.DataFrame:
    """Referrals to bought services: clients referred, completion and employment after the service."""
    r = src.lazy("referrals").join(
        src.lazy("services").select("service_id", "kind"), on="service_id", how="left"
    )
    referred = r.filter(_in_months("referred_date", first, last)).select("client_id", "kind").unique()
    referred = referred.with_columns(nw.lit(1).cast(nw.Int64).alias("referred"))
    ended = r.filter(_in_months("end_date", first, last)).with_columns(
        count_if(nw.col("status") == "completed", agg=False).alias("__c")
    )
    ended = ended.group_by("client_id", "kind").agg(
        nw.col("__c").max().alias("__c"), nw.col("end_date").max()
    )
    ended = ended.with_columns(count_if(nw.col("__c") > 0, agg=False).alias("completed"))
    employed = src.lazy("events").filter(nw.col("kind") == "employment").select("client_id", "date")
    after = (
        ended.select("client_id", "kind", "end_date")
        .join(employed, on="client_id")
        .filter(
            epoch_days("date") >= epoch_days("end_date"),
            epoch_days("date") - epoch_days("end_date") <= 91,
        )
        .select("client_id", "kind")
        .unique()
        .with_columns(nw.lit(1).cast(nw.Int64).alias("__e"))
    )
    ended = ended.join(after, on=["client_id", "kind"], how="left").with_columns(
        count_if(nw.col("__e") == 1, agg=False).alias("employed")
    )
    kinds = {"service_kind": nw.col("kind")}
    return pl.concat(
        [
            _segments(referred, "referred", kinds).with_columns(
                pl.lit("contract_referrals").alias("indicator")
            ),
            _segments(ended, "completed", kinds).with_columns(
                pl.lit("contract_completion").alias("indicator")
            ),
            _segments(ended, "employed", kinds).with_columns(
                pl.lit("contract_employed_within_3_months").alias("indicator")
            ),
        ]
    )


def compute(src: Source, *, area: str, period: str, threshold: int = DEFAULT_THRESHOLD) -> pl.DataFrame:
    """The whole indicator set for one area and period, suppressed, in `SCHEMA` order."""
    if not area or not area.replace("-", "").replace("_", "").isalnum():
        raise IndicatorError(f"area code {area!r}: letters, digits, - and _ only")
    first, last = window(period)
    parts = [
        service_promise(src, first, last),
        employment_outcomes(src, first, last),
        contract_services(src, first, last),
    ]
    missing = []
    for tables, family, names in JOINT_FAMILIES:
        if joint.has_tables(src, tables):
            parts.append(family(src, first, last))
        else:
            missing += [(n, why) for n, why in NOT_IN_EXTRACT if n in names]
    cols = ["indicator", "segment_kind", "segment", "n", "count", "value"]
    df = pl.concat(
        [
            p.with_columns(pl.lit(None, pl.Float64).alias("value")) if "value" not in p.columns else p
            for p in parts
        ],
        how="diagonal_relaxed",
    ).select(cols)
    # A share (count / n) unless the family gave its own value (a median).
    df = df.with_columns(
        pl.coalesce(pl.col("value"), pl.col("count") / pl.col("n")).round(4).alias("value"),
        pl.lit("computed").alias("status"),
    )
    raw_size = pl.coalesce("count", "n").alias("_size")
    df = suppress_rates(df.with_columns(raw_size), "n", ["n", "count", "value"], threshold, numerator="count")
    # Segments of a kind add up to the published `all` row: no single hidden segment, and
    # no hidden segments summing to under the threshold (disclosure.protect_complements).
    hidden = protect_complements(
        df.with_columns(pl.col("n").is_null().alias("_h")),
        ["indicator", "segment_kind"],
        "_h",
        "_size",
        threshold,
    )
    df = df.with_columns(
        [pl.when(hidden).then(None).otherwise(pl.col(c)).alias(c) for c in ("n", "count", "value")]
    ).drop("_size")
    df = df.with_columns(
        pl.when(pl.col("n").is_null()).then(pl.lit("suppressed")).otherwise(pl.col("status")).alias("status")
    )
    empty = pl.DataFrame(
        {
            "indicator": [i for i, _ in missing],
            "segment_kind": ["all"] * len(missing),
            "segment": ["all"] * len(missing),
            "status": ["not_in_extract"] * len(missing),
        },
        schema={"indicator": pl.String, "segment_kind": pl.String, "segment": pl.String, "status": pl.String},
    )
    df = pl.concat([df, empty], how="diagonal_relaxed")
    df = df.with_columns(
        pl.lit(INDICATOR_SET_VERSION).alias("set_version"),
        pl.lit(area).alias("area"),
        pl.lit(period).alias("period"),
    )
    return df.select([pl.col(c).cast(t) for c, t in SCHEMA.items()]).sort(
        "indicator", "segment_kind", "segment"
    )


def period_end(period: str) -> dt.date:
    """The last day of the period month (the snapshot date for an export)."""
    y, m = parse_period(period)
    nxt = dt.date(y + m // 12, m % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)
