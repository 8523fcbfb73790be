"""Probability of employment within 6 months, per client: decision support, never a decision.

Landmark design: at each month end ("snapshot") every active job seeker is a row, with
what was known then (demographics, language, education, unit/team, job-search duration,
services and meetings so far) and the label "an employment event within 182 days after
the snapshot". Evaluation is temporal: the model is trained on earlier snapshots whose
label windows close before the test snapshot, calibrated (isotonic) on the next one and
tested on the latest snapshot with complete follow-up. The model is a regularised logistic
regression: its per-client factors are exact (log-odds contributions), which a worker can
read and contest. Error rates are reported per gender, age group and language group.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import narwhals as nw
import numpy as np
import polars as pl

from kohtaanto.analytics.data import age_group, months
from kohtaanto.analytics.diagnostics import auc
from kohtaanto.analytics.frames import Source, age_years, collect, count_if, epoch_days

if TYPE_CHECKING:  # scikit-learn loads only when a model is fitted
    from sklearn.isotonic import IsotonicRegression

HORIZON_DAYS = 182
CATEGORICAL = ["age_group", "gender", "language_group", "finnish_level", "education_level", "team"]
NUMERIC = ["age", "log_search_days", "long_term", "needs_multiprofessional", "years_in_finland",
           "services_started", "in_service", "meetings_held_90d", "no_shows_180d"]  # fmt: skip
FAIRNESS_GROUPS = ["gender", "age_group", "language_group"]
LABELS = {
    "age": "age", "log_search_days": "length of job search", "long_term": "long-term unemployed",
    "needs_multiprofessional": "needs multi-professional support", "years_in_finland": "years in Finland",
    "services_started": "services started", "in_service": "currently in a service",
    "meetings_held_90d": "meetings held in last 90 days", "no_shows_180d": "missed meetings in last 180 days",
}  # fmt: skip


def _rows(data: Source, snapshots: list[dt.date]) -> nw.LazyFrame:
    """Per client and snapshot date at which the client is a job seeker: what was known
    then, as integers and codes (counted on the engine), and the label."""
    snap = data.small(pl.DataFrame({"snapshot": snapshots}, schema={"snapshot": pl.Date}))
    snap = snap.with_columns(snap_day=epoch_days("snapshot"))
    c = (
        data.lazy("clients")
        .join(snap, how="cross")
        .filter(
            nw.col("registration_date") <= nw.col("snapshot"),
            nw.col("end_date").is_null() | (nw.col("end_date") > nw.col("snapshot")),
        )
        .select(
            "client_id", "snapshot", "snap_day", "gender", "language_group", "finnish_level",
            "education_level", "team",
            age_years("birth_date", "snapshot").alias("age"),
            (nw.col("snap_day") - epoch_days("registration_date")).alias("search_days"),
            (nw.col("snap_day") - epoch_days("arrival_date")).alias("arrival_days"),
            count_if(nw.col("needs_multiprofessional"), agg=False).alias("needs_multiprofessional"),
        )
    )  # fmt: skip
    keys = c.select("client_id", "snapshot", "snap_day")
    open_now = nw.col("end_date").is_null() | (nw.col("end_date") > nw.col("snapshot"))
    svc = (
        data.lazy("referrals")
        .join(keys, on="client_id")
        .filter(nw.col("start_date") <= nw.col("snapshot"))
        .with_columns(open=count_if(open_now, agg=False))
        .group_by("client_id", "snapshot")
        .agg(nw.len().cast(nw.Int64).alias("services_started"), nw.col("open").max().alias("in_service"))
    )
    held = (nw.col("status") == "held") & (epoch_days("held_date") > nw.col("snap_day") - 90)
    no_show = (nw.col("status") == "no_show") & (epoch_days("planned_date") > nw.col("snap_day") - 180)
    mt = (
        data.lazy("meetings")
        .join(keys, on="client_id")
        .filter(nw.col("planned_date") <= nw.col("snapshot"))
        .with_columns(h=count_if(held, agg=False), ns=count_if(no_show, agg=False))
        .group_by("client_id", "snapshot")
        .agg(
            nw.col("h").sum().cast(nw.Int64).alias("meetings_held_90d"),
            nw.col("ns").sum().cast(nw.Int64).alias("no_shows_180d"),
        )
    )
    emp = (
        data.lazy("events")
        .filter(nw.col("kind") == "employment")
        .select("client_id", epoch_days("date").alias("emp"))
        .join(keys, on="client_id")
        .filter(nw.col("emp") > nw.col("snap_day"), nw.col("emp") - nw.col("snap_day") <= HORIZON_DAYS)
        .select("client_id", "snapshot")
        .unique()
        .with_columns(employed=nw.lit(1, nw.Int64))
    )
    return (
        c.join(svc, on=["client_id", "snapshot"], how="left")
        .join(mt, on=["client_id", "snapshot"], how="left")
        .join(emp, on=["client_id", "snapshot"], how="left")
        .drop("snap_day")
    )


def _finish(rows: pl.DataFrame) -> pl.DataFrame:
    """The model's features from the collected integers (float arithmetic here, on one
    node, so every engine gives the same numbers)."""
    age = pl.col("age").cast(pl.Int32)
    search = pl.col("search_days")
    return rows.sort("snapshot", "client_id").select(
        "client_id", "gender", "language_group", "finnish_level", "education_level", "team",
        age.cast(pl.Float64).alias("age"), age_group(age).alias("age_group"),
        (search.cast(pl.Float64) + 1).log().alias("log_search_days"),
        (search >= 365).cast(pl.Float64).alias("long_term"),
        pl.col("needs_multiprofessional").cast(pl.Float64),
        (pl.col("arrival_days") / 365.25).fill_null(0.0).alias("years_in_finland"),
        *[pl.col(c).cast(pl.Float64).fill_null(0.0) for c in NUMERIC[5:]],
        "snapshot",
        pl.col("employed").fill_null(0).cast(pl.Int8),
    )  # fmt: skip


def labelled_snapshots(data: Source, snapshots: list[dt.date]) -> dict[dt.date, pl.DataFrame]:
    """Features as of each snapshot and the label "an employment event in (snapshot,
    snapshot + 182 days]", one frame per snapshot. Built on the engine in one query; the
    rows (one per active job seeker and snapshot) are what the model is fitted on."""
    rows = _finish(collect(_rows(data, snapshots)))
    return {s: rows.filter(pl.col("snapshot") == s) for s in snapshots}


def snapshot_features(data: Source, on: dt.date) -> pl.DataFrame:
    """One row per client who is a job seeker at the end of day `on`, with features as of `on`."""
    return labelled_snapshots(data, [on])[on].drop("employed")


@dataclass
class Encoder:
    """Fixed one-hot + standardisation learned on training rows (unknown levels -> all zeros)."""

    levels: dict[str, list[str]] = field(default_factory=dict)
    mean: np.ndarray | None = None
    sd: np.ndarray | None = None
    names: list[str] = field(default_factory=list)
    source: list[str] = field(default_factory=list)  # original feature of each column

    def fit(self, df: pl.DataFrame) -> Encoder:
        for c in CATEGORICAL:
            self.levels[c] = sorted(df[c].drop_nulls().unique().to_list())
        self.names = list(NUMERIC) + [f"{c}={v}" for c in CATEGORICAL for v in self.levels[c]]
        self.source = list(NUMERIC) + [c for c in CATEGORICAL for _ in self.levels[c]]
        raw = self._raw(df)
        self.mean, self.sd = raw.mean(axis=0), raw.std(axis=0)
        self.sd[self.sd == 0] = 1.0
        return self

    def _raw(self, df: pl.DataFrame) -> np.ndarray:
        cols = [df[c].cast(pl.Float64).to_numpy() for c in NUMERIC]
        for c in CATEGORICAL:
            arr = df[c].cast(pl.String).to_numpy()
            cols += [(arr == v).astype(float) for v in self.levels[c]]
        return np.column_stack(cols)

    def transform(self, df: pl.DataFrame) -> np.ndarray:
        return (self._raw(df) - self.mean) / self.sd


@dataclass
class ForecastModel:
    """A trained forecast with its held-out evaluation."""

    encoder: Encoder
    coef: np.ndarray
    intercept: float
    calibrator: IsotonicRegression
    threshold: float
    metrics: dict
    calibration: pl.DataFrame
    fairness: pl.DataFrame
    snapshots: dict

    def raw_logit(self, X: np.ndarray) -> np.ndarray:
        return X @ self.coef + self.intercept

    def probability(self, X: np.ndarray) -> np.ndarray:
        return np.clip(self.calibrator.predict(self.raw_logit(X)), 0.0, 1.0)


def _split(as_of: dt.date, window_start: dt.date) -> tuple[list[dt.date], dt.date, dt.date]:
    h = dt.timedelta(days=HORIZON_DAYS)
    snaps = [s for s in months(window_start, as_of)[6:] if s + h <= as_of]
    if len(snaps) < 3:
        raise ValueError("need at least 9 months of history with 6 months of follow-up to train a forecast")
    test = snaps[-1]
    before = [s for s in snaps if s + h < test] or snaps[:-1]
    return before[:-1] or before, before[-1], test


def calibration_table(p: np.ndarray, y: np.ndarray, bins: int = 10) -> pl.DataFrame:
    """Reliability curve: mean predicted vs observed rate per decile of predicted risk."""
    edges = np.unique(np.quantile(p, np.linspace(0, 1, bins + 1)))
    idx = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, len(edges) - 2)
    df = pl.DataFrame({"bin": idx, "p": p, "y": y})
    return (
        df.group_by("bin")
        .agg(n=pl.len(), mean_predicted=pl.col("p").mean(), observed=pl.col("y").mean())
        .sort("bin")
    )


def fairness_table(df: pl.DataFrame, p: np.ndarray, threshold: float) -> pl.DataFrame:
    """FPR/FNR (positive = predicted to find work), AUC and calibration-in-the-large per group."""
    d = df.select([*FAIRNESS_GROUPS, "employed"]).with_columns(p=pl.Series(p), pred=pl.Series(p >= threshold))
    rows = []
    for g in FAIRNESS_GROUPS:
        for (v,), sub in d.group_by([g]):
            y, pr, pp = sub["employed"].to_numpy(), sub["pred"].to_numpy(), sub["p"].to_numpy()
            neg, pos = y == 0, y == 1
            rows.append(
                {
                    "group": g, "value": str(v), "n": len(y), "prevalence": float(y.mean()),
                    "mean_predicted": float(pp.mean()),
                    "fpr": float(pr[neg].mean()) if neg.any() else None,
                    "fnr": float((~pr[pos]).mean()) if pos.any() else None,
                    "auc": auc(pp, y) if neg.any() and pos.any() else None,
                }
            )  # fmt: skip
    return pl.DataFrame(rows).sort("group", "value")


def train(data: Source, C: float = 0.5, seed: int = 0) -> ForecastModel:
    """Train, calibrate and evaluate on held-out later snapshots."""
    from sklearn.isotonic import IsotonicRegression
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    train_s, cal_s, test_s = _split(data.as_of, data.window_start)
    frames = labelled_snapshots(data, [*train_s, cal_s, test_s])
    tr = pl.concat([frames[s] for s in train_s])
    enc = Encoder().fit(tr)
    with threadpool_limits(limits=1):
        lr = LogisticRegression(C=C, max_iter=2000).fit(enc.transform(tr), tr["employed"].to_numpy())
    coef, icpt = lr.coef_[0], float(lr.intercept_[0])
    cal = frames[cal_s]
    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0)
    iso.fit(enc.transform(cal) @ coef + icpt, cal["employed"].to_numpy())
    te = frames[test_s]
    y = te["employed"].to_numpy()
    model = ForecastModel(
        enc,
        coef,
        icpt,
        iso,
        float(tr["employed"].mean()),  # type: ignore[arg-type]
        {},
        pl.DataFrame(),
        pl.DataFrame(),
        {},
    )
    p = model.probability(enc.transform(te))
    model.metrics = {
        "auc": auc(p, y),
        "brier": float(np.mean((p - y) ** 2)),
        "brier_reference": float(np.mean((y.mean() - y) ** 2)),
        "n_train": tr.height,
        "n_calibration": cal.height,
        "n_test": te.height,
        "prevalence_test": float(y.mean()),
        "threshold": model.threshold,
    }
    model.calibration = calibration_table(p, y)
    model.fairness = fairness_table(te, p, model.threshold)
    model.snapshots = {
        "train": [s.isoformat() for s in train_s],
        "calibration": cal_s.isoformat(),
        "test": test_s.isoformat(),
    }
    return model


def _display(df: pl.DataFrame, f: str) -> list[str]:
    """Feature values as a worker would read them."""
    s = df[f]
    if f == "log_search_days":
        return [f"{(np.exp(v) - 1) / 30.44:.0f} months" for v in s.to_list()]
    if f in ("long_term", "needs_multiprofessional", "in_service"):
        return ["yes" if v else "no" for v in s.to_list()]
    if s.dtype.is_float():
        return [f"{v:g}" if v == int(v) else f"{v:.1f}" for v in s.to_list()]
    return s.cast(pl.String).to_list()


def predict(model: ForecastModel, data: Source, on: dt.date | None = None, top: int = 3) -> pl.DataFrame:
    """Per active client: calibrated probability and the main contributing factors.

    A factor's effect is its log-odds contribution relative to an average client; positive
    raises the estimated chance of employment. For decision support only.
    """
    on = on or data.as_of
    df = snapshot_features(data, on)
    if df.height == 0:
        return pl.DataFrame(schema={"client_id": pl.String, "probability": pl.Float64})
    X = model.encoder.transform(df)
    p = model.probability(X)
    contrib = X * model.coef  # standardised: relative to the training average
    src = np.array(model.encoder.source)
    feats = list(dict.fromkeys(model.encoder.source))
    per_feat = np.column_stack([contrib[:, src == f].sum(axis=1) for f in feats])
    order = np.argsort(-np.abs(per_feat), axis=1)[:, :top]
    values = {f: _display(df, f) for f in feats}
    factors = [
        [
            {
                "feature": LABELS.get(feats[j], feats[j]),
                "value": values[feats[j]][i],
                "effect": round(float(per_feat[i, j]), 3),
            }
            for j in order[i]
        ]
        for i in range(df.height)
    ]
    return pl.DataFrame({"client_id": df["client_id"], "probability": p, "factors": factors}).with_columns(
        as_of=pl.lit(on), model_use=pl.lit("decision support only; not an automatic decision")
    )
