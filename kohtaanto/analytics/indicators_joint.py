"""The indicator set's TYP, Ohjaamo and contract-bonus rows (set 1.1, docs/indicators.md).

Computed from the extract's tables of the procured and joint services
(`data.OPTIONAL_TABLES`) against a `frames.Source`, so DuckDB and Spark give the same rows:
the engine filters, joins and counts; only small per-category results come to Polars. Each
function returns (indicator, segment_kind, segment, n, count[, value]) rows; `indicators.compute`
adds the shares and suppresses. A table missing from the extract gives no rows here, and
the indicator is then reported as `not_in_extract`.

The TYP rows follow the national TYP register: active clients per professional (by party),
duration, outcome at exit and services used; Ohjaamo's the visit and transitions template
(visits, not persons: anonymous visits have no person to count).
"""

from __future__ import annotations

import datetime as dt

import narwhals as nw
import polars as pl

from kohtaanto.analytics.data import DataError
from kohtaanto.analytics.frames import Source, collect, count_if, epoch_days, month_key

DURATION_BANDS = ((183, "under_6_months"), (365, "6_to_12_months"), (None, "over_12_months"))
TYP_TABLES = ("typ_cases", "typ_team")
OHJAAMO_TABLES = ("ohjaamo_visits",)
BONUS_TABLES = ("contract_members", "contract_bonuses")
ROW = {
    "indicator": pl.String,
    "segment_kind": pl.String,
    "segment": pl.String,
    "n": pl.Int64,
    "count": pl.Int64,
}


def has_tables(src: Source, names: tuple[str, ...]) -> bool:
    """Whether the extract carries every table of `names` (older extracts do not)."""
    try:
        for name in names:
            src.lazy(name)
    except (DataError, KeyError):
        return False
    return True


def _days(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days


def _in_window(col: str, first: int, last: int) -> nw.Expr:
    key = month_key(col)
    return (key >= first) & (key <= last)


def _rows(indicator: str, kind: str, pairs: list[tuple[str, int, int]]) -> pl.DataFrame:
    """(segment, n, count) triples of one segment kind."""
    return pl.DataFrame([(indicator, kind, s, n, c) for s, n, c in pairs], schema=ROW, orient="row")


def _shares_of(indicator: str, kind: str, total: int, per: pl.DataFrame, key: str, col: str) -> pl.DataFrame:
    """Categories of one population: n = the population, count = those in the category."""
    pairs = [
        (str(r[key] if r[key] is not None else "unknown"), total, int(r[col]))
        for r in per.iter_rows(named=True)
    ]
    return _rows(indicator, kind, sorted(pairs))


def typ(src: Source, first: int, last: int) -> pl.DataFrame:
    """Active clients per professional, duration, outcome at exit and services used."""
    as_of = _days(src.as_of)
    cases = src.lazy("typ_cases")
    active = cases.filter(
        epoch_days("mapping_start") <= as_of,
        nw.col("ended_on").is_null() | (epoch_days("ended_on") > as_of),
    ).select("case_id")
    team = src.lazy("typ_team").join(active, on="case_id").select("staff_id", "party", "client_id").unique()
    per = collect(team.group_by("party", "staff_id").agg(nw.len().cast(nw.Int64).alias("clients")))
    parts = [
        _rows(
            "typ_active_clients_per_professional",
            "all",
            [("all", per["staff_id"].n_unique(), int(per["clients"].sum()))],
        )
    ]
    by_party = per.group_by("party").agg(pl.len().alias("pros"), pl.col("clients").sum())
    parts.append(
        _rows(
            "typ_active_clients_per_professional",
            "party",
            sorted((r["party"], int(r["pros"]), int(r["clients"])) for r in by_party.iter_rows(named=True)),
        )
    )
    ended_lf = cases.filter(~nw.col("ended_on").is_null(), _in_window("ended_on", first, last))
    ended = collect(
        ended_lf.select(
            "exit_outcome",
            (epoch_days("ended_on") - epoch_days("mapping_start")).cast(nw.Int64).alias("days"),
        )
    )
    total = ended.height
    median = ended.select(pl.col("days").cast(pl.Float64).median())["days"][0] if total else None
    parts.append(
        pl.DataFrame(
            [("typ_duration_days", "all", "all", total, None, median)],
            schema={**ROW, "value": pl.Float64},
            orient="row",
        )
    )
    band = pl.lit(DURATION_BANDS[-1][1])
    for limit, name in reversed(DURATION_BANDS[:-1]):
        band = pl.when(pl.col("days") < limit).then(pl.lit(name)).otherwise(band)
    bands = ended.with_columns(band.alias("band")).group_by("band").agg(pl.len().alias("k"))
    parts.append(_rows("typ_duration_band", "all", [("all", total, total)]))
    parts.append(_shares_of("typ_duration_band", "duration_band", total, bands, "band", "k"))
    outcomes = ended.group_by("exit_outcome").agg(pl.len().alias("k"))
    parts.append(_rows("typ_outcome_at_exit", "all", [("all", total, total)]))  # the outcomes divide it
    parts.append(_shares_of("typ_outcome_at_exit", "exit_outcome", total, outcomes, "exit_outcome", "k"))
    parts.append(_services_used(src, cases, first, last))
    return pl.concat(parts, how="diagonal_relaxed")


def _services_used(src: Source, cases: nw.LazyFrame, first: int, last: int) -> pl.DataFrame:
    """Clients in TYP during the window, and those referred to a service (by kind) while in it."""
    open_in = cases.filter(
        month_key("mapping_start") <= last,
        nw.col("ended_on").is_null() | (month_key("ended_on") >= first),
    ).select("client_id", "mapping_start", "ended_on")
    clients = collect(open_in.select(nw.col("client_id").n_unique().cast(nw.Int64).alias("n")))["n"][0]
    refs = (
        src.lazy("referrals")
        .filter(_in_window("referred_date", first, last))
        .join(open_in, on="client_id")
        .filter(
            epoch_days("referred_date") >= epoch_days("mapping_start"),
            nw.col("ended_on").is_null() | (epoch_days("referred_date") <= epoch_days("ended_on")),
        )
        .join(src.lazy("services").select("service_id", "kind"), on="service_id", how="left")
        .select("client_id", "kind")
        .unique()
    )
    any_ref = collect(refs.select(nw.col("client_id").n_unique().cast(nw.Int64).alias("k")))["k"][0]
    per_kind = collect(refs.group_by("kind").agg(nw.len().cast(nw.Int64).alias("k")))
    return pl.concat(
        [
            _rows("typ_services_used", "all", [("all", int(clients or 0), int(any_ref or 0))]),
            _shares_of("typ_services_used", "service_kind", int(clients or 0), per_kind, "kind", "k"),
        ]
    )


def ohjaamo(src: Source, first: int, last: int) -> pl.DataFrame:
    """Visits by age group, topic and month; transitions to services, overall, by kind and
    within each age group."""
    v = src.lazy("ohjaamo_visits").filter(_in_window("month", first, last))
    v = v.with_columns(
        month_key("month").alias("ym"),
        (nw.col("visits") * count_if(nw.col("transition") != "", agg=False)).alias("moved"),
    )
    total, moved = collect(
        v.select(nw.col("visits").sum().cast(nw.Int64), nw.col("moved").sum().cast(nw.Int64))
    ).row(0)
    total, moved = int(total or 0), int(moved or 0)
    parts = [_rows("ohjaamo_visits", "all", [("all", total, total)])]
    for kind, col in (("age_group", "age_group"), ("topic", "topic"), ("month", "ym")):
        per = collect(v.group_by(col).agg(nw.col("visits").sum().cast(nw.Int64).alias("k")))
        if col == "ym":
            per = per.with_columns(
                (pl.col("ym") // 100).cast(pl.String)
                + "-"
                + (pl.col("ym") % 100).cast(pl.String).str.zfill(2)
            )
        parts.append(_shares_of("ohjaamo_visits", kind, total, per, col, "k"))
    parts.append(_rows("ohjaamo_transitions_to_services", "all", [("all", total, moved)]))
    kinds = collect(
        v.filter(nw.col("transition") != "")
        .group_by("transition")
        .agg(nw.col("visits").sum().cast(nw.Int64).alias("k"))
    )
    parts.append(_shares_of("ohjaamo_transitions_to_services", "transition", total, kinds, "transition", "k"))
    ages = collect(
        v.group_by("age_group").agg(
            nw.col("visits").sum().cast(nw.Int64).alias("n"), nw.col("moved").sum().cast(nw.Int64).alias("k")
        )
    )
    parts.append(
        _rows(
            "ohjaamo_transitions_to_services",
            "age_group",
            sorted(
                (r["age_group"] or "unknown", int(r["n"]), int(r["k"])) for r in ages.iter_rows(named=True)
            ),
        )
    )
    return pl.concat(parts)


def bonuses(src: Source, first: int, last: int) -> pl.DataFrame:
    """Per contract: members, members with a bonus due in the window, and the euros due."""
    members = (
        src.lazy("contract_members").filter(month_key("start") <= last).filter(nw.col("arm") == "service")
    )
    members = members.select("contract_id", "client_id").unique()
    due = (
        src.lazy("contract_bonuses")
        .filter(_in_window("event_date", first, last))
        .group_by("contract_id", "client_id")
        .agg(nw.col("amount_cents").sum().cast(nw.Int64).alias("cents"))
    )
    m = collect(members.group_by("contract_id").agg(nw.len().cast(nw.Int64).alias("n")))
    d = collect(
        due.group_by("contract_id").agg(
            nw.len().cast(nw.Int64).alias("k"), nw.col("cents").sum().cast(nw.Int64).alias("cents")
        )
    )
    per = m.join(d, on="contract_id", how="full", coalesce=True).fill_null(0).sort("contract_id")
    paid = [(r["contract_id"], int(r["n"]), int(r["k"])) for r in per.iter_rows(named=True)]
    euros = [(r["contract_id"], int(r["k"]), int(round(r["cents"] / 100))) for r in per.iter_rows(named=True)]
    return pl.concat(
        [
            _rows("contract_bonuses", "all", [("all", sum(p[1] for p in paid), sum(p[2] for p in paid))]),
            _rows("contract_bonuses", "contract", paid),
            _rows(
                "contract_bonus_euros", "all", [("all", sum(e[1] for e in euros), sum(e[2] for e in euros))]
            ),
            _rows("contract_bonus_euros", "contract", euros),
        ]
    )
