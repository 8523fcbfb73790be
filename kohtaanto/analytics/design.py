"""Turning an arbitrary table into a numeric design matrix for the causal estimators.

The impact command must work on any table, not only Kohtaanto's, so validation is strict
and the messages say exactly which column is wrong: a silent coercion here would become a
wrong effect estimate later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

MISSING_POLICIES = ("error", "drop", "indicator")
MAX_LEVELS = 100  # a string covariate with more levels is most likely an identifier


class ImpactInputError(ValueError):
    """The input table cannot be analysed as asked (missing column, non-binary treatment...)."""


@dataclass
class Design:
    """Numeric arrays ready for the estimators, plus what was done to get them."""

    X: np.ndarray
    t: np.ndarray
    y: np.ndarray
    feature_names: list[str]
    n_dropped_missing: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def outcome_is_binary(self) -> bool:
        return bool(np.isin(self.y, (0.0, 1.0)).all())


def read_table(path: str | Path) -> pl.DataFrame:
    """Read a .csv or .parquet file; any failure becomes an ImpactInputError."""
    p = Path(path)
    if not p.is_file():
        raise ImpactInputError(f"data file not found: {p}")
    suffix = p.suffix.lower()
    try:
        if suffix == ".parquet":
            return pl.read_parquet(p)
        if suffix in (".csv", ".txt"):
            return pl.read_csv(p, infer_schema_length=10_000, null_values=["", "NA", "NaN", "null"])
    except Exception as exc:  # polars raises many different error types
        raise ImpactInputError(f"cannot read {p}: {exc}") from exc
    raise ImpactInputError(f"unsupported file type {suffix!r}: use .csv or .parquet")


def _binary(series: pl.Series, role: str) -> np.ndarray:
    name = series.name
    if series.dtype == pl.Boolean:
        return series.cast(pl.Float64).to_numpy()
    if not series.dtype.is_numeric():
        raise ImpactInputError(
            f"{role} column {name!r} must be binary 0/1 or boolean, got type {series.dtype}"
        )
    values = series.to_numpy().astype(float)
    levels = np.unique(values)
    if not np.isin(levels, (0.0, 1.0)).all():
        shown = ", ".join(f"{v:g}" for v in levels[:6])
        raise ImpactInputError(f"{role} column {name!r} must be binary 0/1, found values: {shown}")
    return values


def _numeric_outcome(series: pl.Series) -> np.ndarray:
    if series.dtype == pl.Boolean:
        return series.cast(pl.Float64).to_numpy()
    if not series.dtype.is_numeric():
        raise ImpactInputError(
            f"outcome column {series.name!r} must be numeric or boolean, got {series.dtype}"
        )
    return series.cast(pl.Float64).to_numpy()


def _encode(df: pl.DataFrame, col: str, missing: str) -> tuple[list[np.ndarray], list[str]]:
    s = df.get_column(col)
    has_null = s.null_count() > 0 or (s.dtype.is_float() and bool(s.is_nan().any()))
    if s.dtype == pl.Boolean:
        s = s.cast(pl.Float64)
    if s.dtype.is_numeric():
        v = s.cast(pl.Float64).fill_nan(None)
        if not has_null:
            return [v.to_numpy()], [col]
        med = v.median()
        filled = v.fill_null(med if med is not None else 0.0).to_numpy()
        return [filled, v.is_null().cast(pl.Float64).to_numpy()], [col, f"{col}__missing"]
    if s.dtype in (pl.Date, pl.Datetime):
        raise ImpactInputError(
            f"covariate {col!r} is a date: convert it to a number (e.g. days or age) before analysis"
        )
    s = s.cast(pl.String).fill_null("(missing)")
    levels = s.value_counts(sort=True).get_column(col).to_list()
    if len(levels) > MAX_LEVELS:
        raise ImpactInputError(
            f"covariate {col!r} has {len(levels)} distinct values; that looks like an identifier, "
            f"group it to at most {MAX_LEVELS} levels first"
        )
    if len(levels) < 2:
        return [], []
    arr = s.to_numpy()
    # All levels but the most frequent (the reference); regularisation keeps the fit stable.
    return [(arr == lv).astype(float) for lv in levels[1:]], [f"{col}={lv}" for lv in levels[1:]]


def build_design(
    df: pl.DataFrame,
    treatment: str,
    outcome: str,
    covariates: list[str],
    missing: str = "error",
) -> Design:
    """Validate columns and one-hot encode categorical covariates.

    missing: "error" (default) refuses rows with missing values and names the columns;
    "drop" drops those rows (complete-case analysis); "indicator" fills numeric gaps with the
    median plus a `col__missing` indicator and gives categoricals a "(missing)" level.
    Missing treatment or outcome is never imputed: those rows are refused or dropped.
    """
    if missing not in MISSING_POLICIES:
        raise ImpactInputError(f"missing must be one of {MISSING_POLICIES}, got {missing!r}")
    if not covariates:
        raise ImpactInputError("give at least one covariate: without them no confounding is adjusted")
    wanted = [treatment, outcome, *covariates]
    absent = [c for c in wanted if c not in df.columns]
    if absent:
        raise ImpactInputError(
            f"column(s) not in data: {', '.join(absent)} (available: {', '.join(df.columns)})"
        )
    if len(set(wanted)) != len(wanted):
        raise ImpactInputError("treatment, outcome and covariates must be distinct columns")
    df = df.select(wanted)
    if df.height == 0:
        raise ImpactInputError("the data has no rows")

    def nulls(c: str) -> pl.Expr:
        e = pl.col(c).is_null()
        if df.schema[c].is_float():
            e = e | pl.col(c).is_nan()
        return e

    counts = df.select([nulls(c).sum().alias(c) for c in wanted]).row(0, named=True)
    with_missing = {c: n for c, n in counts.items() if n}
    n_dropped = 0
    notes: list[str] = []
    if with_missing:
        listing = ", ".join(f"{c} ({n})" for c, n in with_missing.items())
        core_missing = [c for c in (treatment, outcome) if c in with_missing]
        if missing == "error":
            raise ImpactInputError(
                f"missing values in: {listing}; choose --missing drop (complete cases) or "
                "--missing indicator (impute covariates and add missingness indicators)"
            )
        drop_cols = wanted if missing == "drop" else core_missing
        if drop_cols:
            before = df.height
            df = df.filter(~pl.any_horizontal([nulls(c) for c in drop_cols]))
            n_dropped = before - df.height
            notes.append(f"dropped {n_dropped} rows with missing values ({listing})")
        if missing == "indicator":
            notes.append(f"missing covariate values imputed with indicators ({listing})")
    if df.height == 0:
        raise ImpactInputError("no rows left after removing missing values")

    t = _binary(df.get_column(treatment), "treatment")
    if t.min() == t.max():
        raise ImpactInputError(f"treatment column {treatment!r} has only one value: nothing to compare")
    y = _numeric_outcome(df.get_column(outcome))
    cols: list[np.ndarray] = []
    names: list[str] = []
    for c in covariates:
        arrays, labels = _encode(df, c, missing)
        cols.extend(arrays)
        names.extend(labels)
    if not cols:
        raise ImpactInputError("all covariates are constant: nothing to adjust for")
    X = np.column_stack(cols)
    return Design(X=X, t=t, y=y, feature_names=names, n_dropped_missing=n_dropped, notes=notes)
