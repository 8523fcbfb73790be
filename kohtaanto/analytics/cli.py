"""CLI: `kohtaanto impact estimate` and `kohtaanto analytics refresh|extract|forecast`.

Only argparse is imported at registration time: numpy, scikit-learn and DuckDB load when a
command actually runs, so `kohtaanto --help` stays fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from pathlib import Path


def _clean(obj):
    """JSON has no NaN/inf: write them as null."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    if hasattr(obj, "item"):  # numpy scalar
        return _clean(obj.item())
    return obj


def _impact_estimate(args: argparse.Namespace) -> int:
    from kohtaanto.analytics.causal import estimate_effect
    from kohtaanto.analytics.design import ImpactInputError, read_table
    from kohtaanto.errors import CommandError

    covariates = [c.strip() for c in args.covariates.split(",") if c.strip()]
    try:
        df = read_table(args.data)
        res = estimate_effect(
            df,
            args.treatment,
            args.outcome,
            covariates,
            estimand=args.estimand,
            method=args.method,
            model=args.model,
            folds=args.folds,
            trim=args.trim,
            alpha=1 - args.level,
            missing=args.missing,
            n_bootstrap=args.bootstrap,
            seed=args.seed,
        )
    except ImpactInputError as exc:
        raise CommandError(str(exc)) from exc
    out = res.to_dict()
    if args.json:
        print(json.dumps(_clean(out), ensure_ascii=False, indent=2))
        return 0
    pct = round(args.level * 100)
    print(
        f"{res.method.upper()} estimate of the {res.estimand.upper()}: {res.estimate:+.4f} ({pct}% CI {res.ci_low:+.4f} .. {res.ci_high:+.4f})"
    )
    print(f"naive difference in means: {res.naive_difference:+.4f}")
    print(f"treated {res.n_treated}, control {res.n_control}, analysed {res.details['n_analysed']}")
    b, o = res.balance, res.overlap
    print(f"max |SMD| before {b['max_abs_smd_before']:.3f}, after {b['max_abs_smd_after']:.3f}")
    print(
        f"propensity AUC {o['propensity_auc']:.3f}, trimmed {o['share_trimmed']:.1%}, ESS treated {o['ess']['treated']:.0f}, control {o['ess']['control']:.0f}"
    )
    ev = res.details.get("e_value")
    if ev:
        print(
            f"E-value (unmeasured confounding needed to explain away): estimate {ev['estimate']}, CI limit {ev['ci']}"
        )
    for w in res.warnings:
        print(f"WARNING: {w}")
    return 0


def _refresh(args: argparse.Namespace) -> int:
    from kohtaanto.analytics.refresh import RefreshError, refresh
    from kohtaanto.config import load_config
    from kohtaanto.errors import CommandError

    config = load_config()
    try:
        report = refresh(
            args.data,
            args.out,
            norm=args.norm or config.caseload_norm,
            threshold=args.threshold,
            impact=not args.no_impact,
            seed=args.seed,
            as_of=args.as_of,
            engine=args.engine or config.analytics_engine,
            spark_master=args.spark_master or config.spark_master,
        )
    except RefreshError as exc:
        raise CommandError(str(exc)) from exc
    print(json.dumps(_clean(report), ensure_ascii=False, indent=2))
    return 0


def _partition(args: argparse.Namespace) -> int:
    from kohtaanto.analytics.data import DataError
    from kohtaanto.analytics.partition import partition_extract
    from kohtaanto.errors import CommandError

    try:
        written = partition_extract(args.data, args.out, args.area)
    except DataError as exc:
        raise CommandError(str(exc)) from exc
    print(json.dumps(written, indent=2))
    return 0


def _extract(args: argparse.Namespace) -> int:
    from kohtaanto.analytics.extract import ExtractError, pseudonymise_extract
    from kohtaanto.errors import CommandError

    key = args.key_file.read_bytes().strip() if args.key_file else None
    if not key:
        raise CommandError("give --key-file: pseudonyms must be keyed by a secret kept outside the extract")
    try:
        written = pseudonymise_extract(args.data, args.out, key=key)
    except ExtractError as exc:
        raise CommandError(str(exc)) from exc
    print(json.dumps(written, indent=2))
    return 0


def _service_table(args: argparse.Namespace) -> int:
    from kohtaanto.analytics.data import DataError, load
    from kohtaanto.analytics.service_impact import COVARIATES, analysis_table
    from kohtaanto.errors import CommandError

    try:
        data = load(args.data, as_of=args.as_of)
    except DataError as exc:
        raise CommandError(str(exc)) from exc
    if args.service not in data["services"]["service_id"].to_list():
        raise CommandError(f"unknown service {args.service!r}")
    table = analysis_table(data, args.service, args.horizon, args.controls)
    if table.height == 0:
        raise CommandError(f"no clients started {args.service} with complete follow-up")
    table.write_parquet(args.out) if args.out.suffix == ".parquet" else table.write_csv(args.out)
    print(
        f"{table.height} rows ({int(table['treated'].sum())} treated) -> {args.out}\n"
        f"kohtaanto impact estimate --data {args.out} --treatment treated --outcome employed "
        f"--covariates {','.join(COVARIATES)} --json"
    )
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    impact = subparsers.add_parser("impact", help="impact evaluation from observational data")
    isub = impact.add_subparsers(dest="impact_command", metavar="SUBCOMMAND")
    est = isub.add_parser(
        "estimate",
        help="estimate a treatment effect (doubly robust AIPW by default)",
        description="Estimate the effect of a binary treatment on an outcome from a .csv or .parquet table.",
    )
    est.add_argument("--data", required=True, type=Path, help=".csv or .parquet file")
    est.add_argument("--treatment", required=True, help="binary 0/1 column")
    est.add_argument("--outcome", required=True, help="numeric or binary column")
    est.add_argument(
        "--covariates", required=True, help="comma-separated columns; text columns are one-hot encoded"
    )
    est.add_argument("--estimand", choices=("att", "ate"), default="att")
    est.add_argument("--method", choices=("aipw", "ipw", "matching"), default="aipw")
    est.add_argument("--model", choices=("logit", "gbm"), default="logit", help="nuisance models")
    est.add_argument("--missing", choices=("error", "drop", "indicator"), default="error")
    est.add_argument("--folds", type=int, default=5, help="cross-fitting folds")
    est.add_argument(
        "--trim", type=float, default=0.01, help="drop units with propensity beyond [trim, 1-trim]"
    )
    est.add_argument("--level", type=float, default=0.95, help="confidence level")
    est.add_argument(
        "--bootstrap", type=int, default=0, metavar="B", help="percentile bootstrap CI with B replicates"
    )
    est.add_argument("--seed", type=int, default=0)
    est.add_argument("--json", action="store_true", help="print JSON")
    est.set_defaults(func=_impact_estimate)
    impact.set_defaults(func=lambda a: (impact.print_help(sys.stderr), 2)[1])

    an = subparsers.add_parser("analytics", help="KPIs, forecasts, paths and the analytics extract")
    asub = an.add_subparsers(dest="analytics_command", metavar="SUBCOMMAND")
    ref = asub.add_parser("refresh", help="compute all analytics tables from a Parquet folder")
    ref.add_argument("--data", required=True, type=Path, help="folder in the data-model schema")
    ref.add_argument("--out", required=True, type=Path)
    ref.add_argument("--threshold", type=int, default=5, help="disclosure-control threshold (persons)")
    ref.add_argument("--no-impact", action="store_true", help="skip the per-service impact estimates")
    ref.add_argument(
        "--norm", type=int, default=0, help="caseload norm (default: the setting KOHTAANTO_CASELOAD_NORM)"
    )
    ref.add_argument("--seed", type=int, default=0)
    ref.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="snapshot date (default: last event date)",
    )
    ref.add_argument(
        "--engine", default="", metavar="duckdb|spark", help="default: the setting KOHTAANTO_ANALYTICS_ENGINE"
    )
    ref.add_argument(
        "--spark-master", default="", metavar="URL", help="local[N], spark://, k8s://, sc:// (docs/scale.md)"
    )
    ref.set_defaults(func=_refresh)
    part = asub.add_parser("partition", help="write an extract as Parquet partitioned by area and year")
    part.add_argument("--data", required=True, type=Path, help="folder with one file per table")
    part.add_argument("--out", required=True, type=Path, help="partitioned folder (other areas are kept)")
    part.add_argument("--area", required=True, help="employment-area code of this extract")
    part.set_defaults(func=_partition)
    ext = asub.add_parser("extract", help="write a pseudonymised Parquet extract")
    ext.add_argument("--data", required=True, type=Path)
    ext.add_argument("--out", required=True, type=Path)
    ext.add_argument("--key-file", type=Path, help="file holding the secret pseudonymisation key")
    ext.set_defaults(func=_extract)
    st = asub.add_parser("service-table", help="write one service's impact analysis table (.parquet or .csv)")
    st.add_argument("--data", required=True, type=Path)
    st.add_argument("--service", required=True, help="service_id, e.g. P001")
    st.add_argument("--out", required=True, type=Path)
    st.add_argument("--horizon", type=int, default=182, help="outcome window in days")
    st.add_argument("--controls", choices=("no_service", "referred"), default="no_service")
    st.add_argument("--as-of", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD")
    st.set_defaults(func=_service_table)
    an.set_defaults(func=lambda a: (an.print_help(sys.stderr), 2)[1])
