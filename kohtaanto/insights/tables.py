"""The published tables: one registry for the pages, the CSV/Excel exports and the API.

Every table passes `published()` on its way out: it is read from the latest refresh's
results (already disclosure-controlled by `analytics.refresh` and `published.py`) or
computed live (feedback), scoped to the actor, and then guarded once more with
`analytics.disclosure.suppress`: person counts of 1-4 are hidden wherever they come from,
and the shares, means and medians of a row with a hidden count are hidden with it. Pages,
files and JSON all come from this one function, so they show the same cells.

Scope: everyone sees the tables of their own employment area only (issue 15: each area's
refresh is computed from its own clients, and the live tables count its own records); a
reader who belongs to no area sees none. Within the area, team leaders see their own team in tables by team, their team's segment in tables by
segment, and the municipality-wide service tables (bottlenecks, impact, forecast quality);
service managers and analysts see everything at aggregate level; case workers see only the
forecast's quality tables (the group error rates of the outlook they are shown). Worker
rows carry pseudonyms except for team leaders and service managers, who see the names of
their own staff. Per-client forecasts are never a table here. The employer services'
tables (`employer_figures`) are live like the feedback scores; their coordinators follow
the same rule as the case workers.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from django.utils.translation import gettext_lazy as _

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.analytics.disclosure import THRESHOLD, suppress
from kohtaanto.analytics.extract import pseudonym
from kohtaanto.analytics.paths import LABEL as PATHS_LABEL
from kohtaanto.organisation.tenancy import area_code_of, area_of

from . import employer_figures as employers
from . import subsidy_figures as subsidies
from .models import Refresh
from .results import area_report, latest_refresh, read_result, results_folder

__all__ = ["area_report", "latest_refresh", "published", "read_result", "results_folder", "tables_for"]

DASHBOARD_ROLES = policy.DASHBOARD
MANAGERS = policy.DASHBOARD_MANAGERS
FORECAST_READERS = policy.FORECAST_READERS
PROVIDER_READERS = policy.PROVIDER_PERFORMANCE_READERS


@dataclass(frozen=True)
class Col:
    name: str
    label: object
    kind: str = "text"  # text | code | count | share | num | int | month | date | signed


@dataclass(frozen=True)
class Spec:
    name: str
    title: object
    section: str
    columns: tuple[Col, ...]
    counts: tuple[str, ...] = ()
    derived: tuple[str, ...] = ()
    team: str | None = None  # team leaders: filter on this column
    segment: str | None = None  # team leaders: filter on their team's segment
    roles: frozenset = DASHBOARD_ROLES
    live: bool = False  # computed from the database at request time (feedback)
    computed: str | None = None  # a null here: the row was not computed (not hidden)


C = Col
MONTH_END = C("month_end", _("month end"), "month")
SEGMENT = C("segment", _("segment"), "code")
TEAM, UNIT = C("team", _("team")), C("service_unit", _("service unit"))
LABEL = C("label", _("note"), "note")  # "descriptive: ...": in the files, a banner on the page
# Employer services: the TOL 2008 section letter is text (a code label would read "F" as women).
INDUSTRY, INDUSTRY_NAME = C("industry", _("industry")), C("industry_name", _("industry name"))
COORDINATOR = C("worker", _("coordinator"))
BENEFIT, MONTH = C("benefit", _("benefit"), "code"), C("month", _("month"), "month")
FILLED = (
    C("n_filled", _("vacancies filled"), "count"),
    C("median_days_to_fill", _("median days to fill"), "num"),
)
HIRES = (C("n_hires", _("hires"), "count"), C("n_hires_long_term", _("hires of long-term unemployed"), "count"),
         C("share_long_term", _("share long-term unemployed"), "share"))  # fmt: skip
SPECS: dict[str, Spec] = {
    s.name: s
    for s in (
        Spec("clients_by_unit", _("Job seekers by service unit"), "overview",
             (MONTH_END, UNIT, C("measure", _("measure"), "code"), C("n", _("persons"), "count")),
             counts=("n",), roles=MANAGERS),
        Spec("clients_by_segment", _("Job seekers by segment"), "overview",
             (MONTH_END, SEGMENT, C("measure", _("measure"), "code"), C("n", _("persons"), "count")),
             counts=("n",), roles=MANAGERS),
        Spec("clients_over_time", _("Job seekers by team"), "overview",
             (MONTH_END, UNIT, TEAM, SEGMENT, C("measure", _("measure"), "code"), C("n", _("persons"), "count")),
             counts=("n",), team="team"),
        Spec("caseload_summary", _("Caseload by team"), "caseloads",
             (UNIT, TEAM, C("n_workers", _("case workers"), "int"), C("n_clients", _("clients"), "count"),
              C("mean_caseload", _("mean caseload"), "num"), C("max_caseload", _("largest caseload"), "count"),
              C("share_over_norm", _("workers over the norm"), "share")),
             counts=("n_clients", "max_caseload"), derived=("mean_caseload", "share_over_norm"), team="team"),
        Spec("caseloads", _("Caseload per worker against the norm"), "caseloads",
             (C("worker", _("worker")), TEAM, C("caseload", _("active clients"), "count"),
              C("norm", _("norm"), "int"), C("ratio_to_norm", _("of the norm"), "share")),
             counts=("caseload",), derived=("ratio_to_norm",), team="team"),
        Spec("service_promise_total", _("Service promise, whole municipality"), "promise",
             (C("indicator", _("indicator"), "code"), C("month", _("month"), "month"),
              C("n_due", _("due"), "count"), C("n_on_time", _("on time"), "count"),
              C("share_on_time", _("share on time"), "share")),
             counts=("n_due", "n_on_time"), derived=("share_on_time",), roles=MANAGERS),
        Spec("service_promise", _("Service promise by team"), "promise",
             (C("indicator", _("indicator"), "code"), C("month", _("month"), "month"), UNIT, TEAM,
              C("n_due", _("due"), "count"), C("n_on_time", _("on time"), "count"),
              C("share_on_time", _("share on time"), "share")),
             counts=("n_due", "n_on_time"), derived=("share_on_time",), team="team"),
        Spec("service_bottlenecks", _("Services: capacity, utilisation, waiting and conversion"), "services",
             (C("service_id", _("service")), C("name_en", _("name")), C("kind", _("kind"), "code"),
              C("capacity", _("places"), "int"), C("participants_now", _("participants now"), "count"),
              C("utilisation_now", _("utilisation now"), "share"), C("utilisation_mean", _("mean utilisation"), "share"),
              C("n_referred", _("referred"), "count"), C("n_started", _("started"), "count"),
              C("n_pending", _("waiting to start"), "count"), C("n_declined", _("declined"), "count"),
              C("n_cancelled", _("cancelled"), "count"), C("n_interrupted", _("interrupted"), "count"),
              C("wait_median_days", _("median wait, days"), "num"), C("wait_p90_days", _("90th percentile wait, days"), "num"),
              C("conversion", _("referral-to-start conversion"), "share")),
             counts=("participants_now", "n_referred", "n_started", "n_pending", "n_declined", "n_cancelled", "n_interrupted"),
             derived=("utilisation_now", "utilisation_mean", "wait_median_days", "wait_p90_days", "conversion")),
        Spec("outcomes_by_segment", _("Outcomes by segment"), "outcomes",
             (SEGMENT, C("horizon_months", _("months after registration"), "int"), C("n", _("clients"), "count"),
              C("n_employed", _("employed"), "count"), C("share_employed", _("share employed"), "share"),
              C("n_employed_or_education", _("employed or in education"), "count"),
              C("share_employed_or_education", _("share employed or in education"), "share")),
             counts=("n", "n_employed", "n_employed_or_education"),
             derived=("share_employed", "share_employed_or_education"), segment="segment"),
        Spec("job_search_ends", _("Job searches ended by reason"), "outcomes",
             (C("month", _("month"), "month"), C("reason", _("reason"), "code"), C("n", _("persons"), "count")),
             counts=("n",)),
        Spec("feedback_scores", _("Customer feedback scores by month"), "feedback",
             (C("month", _("month"), "month"), *(C(f"score_{i}", str(i), "count") for i in range(1, 6)),
              C("mean_score", _("mean score"), "num")),
             counts=tuple(f"score_{i}" for i in range(1, 6)), derived=("mean_score",), live=True),
        Spec("feedback_themes", _("Feedback themes by score band"), "feedback",
             (C("band", _("score band"), "code"), C("language", _("language"), "code"), C("theme", _("theme")),
              C("n_persons", _("persons"), "count")),
             counts=("n_persons",)),
        Spec("path_variants", _("Service sequences (variants) and employment"), "paths",
             (SEGMENT, C("variant", _("services in order"), "code"), C("n", _("clients"), "count"),
              C("share_of_segment", _("share of segment"), "share"), C("n_employed", _("employed"), "count"),
              C("share_employed", _("share employed"), "share"),
              C("median_days_to_employment", _("median days to employment"), "num"), LABEL),
             counts=("n", "n_employed"), derived=("share_of_segment", "share_employed", "median_days_to_employment"),
             segment="segment"),
        Spec("path_transitions", _("Transitions between steps"), "paths",
             (SEGMENT, C("group", _("outcome group"), "code"), C("from", _("from"), "code"), C("to", _("to"), "code"),
              C("n", _("clients"), "count"), C("share_from", _("share of moves from the step"), "share"), LABEL),
             counts=("n",), derived=("share_from",), segment="segment"),
        Spec("time_to_outcome", _("Time from registration to outcome"), "paths",
             (SEGMENT, C("outcome", _("outcome"), "code"), C("n", _("clients"), "count"),
              C("p25_days", _("25th percentile, days"), "num"), C("median_days", _("median, days"), "num"),
              C("p75_days", _("75th percentile, days"), "num"), LABEL),
             counts=("n",), derived=("p25_days", "median_days", "p75_days"), segment="segment"),
        Spec("forecast_fairness", _("Error rates by group (held-out data)"), "forecast",
             (C("group", _("group"), "code"), C("value", _("value"), "code"), C("n", _("persons"), "count"),
              C("prevalence", _("found work"), "share"), C("mean_predicted", _("mean predicted"), "share"),
              C("fpr", _("false positive rate"), "share"), C("fnr", _("false negative rate"), "share"),
              C("auc", _("AUC"), "num")),
             counts=("n",), derived=("prevalence", "mean_predicted", "fpr", "fnr", "auc"), roles=FORECAST_READERS),
        Spec("forecast_calibration", _("Calibration (held-out data)"), "forecast",
             (C("bin", _("risk group"), "int"), C("n", _("persons"), "count"),
              C("mean_predicted", _("mean predicted"), "share"), C("observed", _("observed"), "share")),
             counts=("n",), derived=("mean_predicted", "observed"), roles=FORECAST_READERS),
        Spec("service_impact", _("Impact per service: employment within 6 months"), "impact",
             (C("service_id", _("service")), C("name_en", _("name")), C("controls", _("comparison"), "code"),
              C("method", _("method")), C("estimate", _("estimated effect"), "signed"), C("ci_low", _("95% CI low"), "signed"),
              C("ci_high", _("95% CI high"), "signed"), C("naive_difference", _("naive difference"), "signed"),
              C("n_treated", _("participants"), "count"), C("n_control", _("comparison clients"), "count"),
              C("e_value_ci", _("E-value (CI)"), "num"), C("evidence", _("evidence"), "code"),
              C("warnings", _("warnings"))),
             counts=("n_treated", "n_control"),
             derived=("estimate", "ci_low", "ci_high", "naive_difference", "e_value_ci"), computed="method"),
        # Provider performance (issue 17): analytics.providers, written by the refresh.
        Spec("provider_performance", _("Providers: employment observed against expected for the same clients"),
             "providers",
             (C("provider", _("provider")), C("service_id", _("service")), C("service_name", _("name")),
              C("controls", _("comparison"), "code"), C("horizon_months", _("months"), "int"),
              C("n_participants", _("participants"), "count"), C("observed", _("observed"), "share"),
              C("expected", _("expected"), "share"), C("difference", _("difference"), "signed"),
              C("ci_low", _("95% CI low"), "signed"), C("ci_high", _("95% CI high"), "signed")),
             counts=("n_participants",), derived=("observed", "expected", "difference", "ci_low", "ci_high"),
             roles=PROVIDER_READERS),
        Spec("provider_feedback", _("Providers: clients' feedback on the service"), "providers",
             (C("provider", _("provider")), C("service_id", _("service")), C("service_name", _("name")),
              C("n_persons", _("persons"), "count"), C("mean_score", _("mean score (1-5)"), "num")),
             counts=("n_persons",), derived=("mean_score",), roles=PROVIDER_READERS, live=True),
        Spec("provider_operations", _("Providers: referrals, waiting, completion and raw outcomes"), "providers",
             (C("provider", _("provider")), C("service_id", _("service")), C("service_name", _("name")),
              C("n_referred", _("referred"), "count"), C("acceptance", _("acceptance"), "share"),
              C("wait_median_days", _("median wait, days"), "num"), C("n_started", _("started"), "count"),
              C("completion", _("completed"), "share"), C("interruption", _("interrupted"), "share"),
              C("employed_3m", _("employed within 3 months"), "share"),
              C("employed_6m", _("employed within 6 months"), "share"),
              C("employed_12m", _("employed within 12 months"), "share")),
             counts=("n_referred", "n_started"), derived=("acceptance", "wait_median_days"),
             roles=PROVIDER_READERS),
        Spec(employers.FILLED_BY_INDUSTRY, _("Vacancies filled in the last 12 months by industry (TOL 2008)"),
             "employers", (INDUSTRY, INDUSTRY_NAME, *FILLED), counts=("n_filled",),
             derived=("median_days_to_fill",), live=True),
        Spec(employers.HIRES_BY_INDUSTRY, _("Hires in the last 12 months by industry (TOL 2008)"), "employers",
             (INDUSTRY, INDUSTRY_NAME, *HIRES), counts=("n_hires", "n_hires_long_term"),
             derived=("share_long_term",), live=True),
        Spec(employers.FILLED_BY_COORDINATOR, _("Vacancies filled in the last 12 months by coordinator"),
             "employers", (COORDINATOR, TEAM, *FILLED), counts=("n_filled",),
             derived=("median_days_to_fill",), team="team", live=True),
        Spec(employers.HIRES_BY_COORDINATOR, _("Hires in the last 12 months by coordinator"), "employers",
             (COORDINATOR, TEAM, *HIRES), counts=("n_hires", "n_hires_long_term"),
             derived=("share_long_term",), team="team", live=True),
        # Employer subsidies and the start-up grant (issue 16): subsidy_figures, live.
        Spec(subsidies.APPLICATIONS, _("Subsidy applications and decisions by month"), "subsidies",
             (BENEFIT, MONTH, C("n_submitted", _("applications submitted"), "count"),
              C("n_granted", _("granted"), "count"), C("n_partly_granted", _("partly granted"), "count"),
              C("n_rejected", _("rejected"), "count")),
             counts=subsidies.COUNTS[subsidies.APPLICATIONS], live=True),
        Spec(subsidies.PROCESSING, _("Subsidy processing time from submission to decision"), "subsidies",
             (BENEFIT, MONTH, C("n_decided", _("decisions"), "count"), C("median_days", _("median, days"), "num"),
              C("p90_days", _("90th percentile, days"), "num")),
             counts=("n_decided",), derived=("median_days", "p90_days"), live=True),
        Spec(subsidies.COMMITTED, _("Money committed by subsidy decisions"), "subsidies",
             (BENEFIT, MONTH, C("n_committed", _("persons"), "count"), C("committed_eur", _("committed, €"), "num")),
             counts=("n_committed",), derived=("committed_eur",), live=True),
        Spec(subsidies.PAID, _("Subsidies paid"), "subsidies",
             (BENEFIT, MONTH, C("n_paid", _("persons"), "count"), C("paid_eur", _("paid, €"), "num")),
             counts=("n_paid",), derived=("paid_eur",), live=True),
        Spec("subsidy_impact", _("Impact per subsidy: employment 6 and 12 months after it ends"), "impact",
             (BENEFIT, C("horizon_months", _("months after the end"), "int"),
              C("method", _("method")), C("estimate", _("estimated effect"), "signed"),
              C("ci_low", _("95% CI low"), "signed"), C("ci_high", _("95% CI high"), "signed"),
              C("naive_difference", _("naive difference"), "signed"), C("n_treated", _("recipients"), "count"),
              C("n_control", _("comparison clients"), "count"), C("e_value_ci", _("E-value (CI)"), "num"),
              C("status", _("status"), "code")),
             counts=("n_treated", "n_control"),
             derived=("estimate", "ci_low", "ci_high", "naive_difference", "e_value_ci"), computed="method"),
    )
}  # fmt: skip


def guard(df: pl.DataFrame, spec: Spec, threshold: int = THRESHOLD) -> pl.DataFrame:
    """Last line of disclosure control: hide person counts of 1..threshold-1 (through
    `suppress`) and everything derived from a row that has a hidden count."""
    counts = [c for c in spec.counts if c in df.columns]
    if df.height == 0 or not counts:
        return df
    df = suppress(df, counts, threshold, row_totals=False, col_totals=False)
    hidden = pl.any_horizontal([pl.col(c).is_null() for c in counts])
    return df.with_columns(
        [pl.when(hidden).then(None).otherwise(pl.col(c)).alias(c) for c in spec.derived if c in df.columns]
    )


def _segments_from_teams(df: pl.DataFrame) -> pl.DataFrame:
    """Segment totals from the published team cells: a total whose cells are all published
    is exact; one with a hidden cell is hidden (never estimated), so nothing new is revealed."""
    return (
        df.group_by("month_end", "segment", "measure")
        .agg(n=pl.when(pl.col("n").is_null().any()).then(None).otherwise(pl.col("n").sum()))
        .sort("month_end", "segment", "measure")
    )


def _worker_names(
    actor: User, df: pl.DataFrame, key: bytes, roles: frozenset = policy.CASE_WORKERS
) -> pl.DataFrame:
    """Pseudonyms for analysts; names of their own staff for team leaders and managers."""
    names: dict[str, str] = {}
    if policy.is_supervisor(actor):
        staff = User.objects.filter(role__in=roles)
        staff = (
            staff.filter(team_id=actor.team_id)
            if policy.is_team_leader(actor)
            else staff.filter(unit_id=actor.unit_id)
        )
        for u in staff:
            names[pseudonym(u.staff_code or f"U{u.pk}", key, "W")] = u.display_name
    return df.with_columns(worker=pl.col("staff_id").replace(names) if names else pl.col("staff_id"))


def _evidence(df: pl.DataFrame) -> pl.DataFrame:
    """Per service: do the main design and the robustness check agree (overlapping CIs)?"""
    if df.height == 0 or "controls" not in df.columns:
        return df
    ref = df.filter(pl.col("controls") == "referred").select(
        "service_id", pl.col("ci_low").alias("__lo"), pl.col("ci_high").alias("__hi")
    )
    main = df.filter(pl.col("controls") == "no_service").join(ref, on="service_id", how="left")
    verdict = (
        pl.when(pl.col("ci_low").is_null())
        .then(None)
        .when(pl.col("__lo").is_null())
        .then(pl.lit("single_design"))
        .when((pl.col("ci_low") <= pl.col("__hi")) & (pl.col("__lo") <= pl.col("ci_high")))
        .then(pl.lit("consistent"))
        .otherwise(pl.lit("inconclusive"))
    )
    verdicts = main.select("service_id", verdict.alias("evidence"))
    return df.join(verdicts, on="service_id", how="left", maintain_order="left")


def _source(name: str, refresh: Refresh | None, actor: User, key: bytes) -> pl.DataFrame | None:
    """The table of the actor's area; nothing for a reader who belongs to no area."""
    area = area_of(actor)
    if area is None:
        return None
    if name in employers.TABLES:
        return employers.employer_table(name, key, area=area)
    if name in subsidies.TABLES:
        return subsidies.subsidy_table(name, area=area)
    code = area_code_of(actor)
    if name == "clients_by_segment":
        base = read_result(refresh, "clients_over_time", code)
        return None if base is None else _segments_from_teams(base)
    if name == "feedback_scores":
        from .feedback import feedback_scores

        return feedback_scores(actor)
    if name == "provider_feedback":
        from .feedback import feedback_by_provider

        return feedback_by_provider(area=area)
    df = read_result(refresh, name, code)
    if name == "feedback_themes" and df is not None:
        # Computed per team and for everyone ("all"); a team leader gets their team's.
        want = (actor.team.code if actor.team else "") if policy.is_team_leader(actor) else "all"
        df = df.filter(pl.col("scope") == want)
    return df


def _scope(actor: User, spec: Spec, df: pl.DataFrame) -> pl.DataFrame:
    if not policy.is_team_leader(actor):
        return df
    team = actor.team
    if spec.team:
        return df.filter(pl.col(spec.team) == (team.code if team else ""))
    if spec.segment:
        return df.filter(pl.col(spec.segment) == ((team.segment or "other") if team else ""))
    return df


def published(
    actor: User, name: str, refresh: Refresh | None = None, key: bytes | None = None
) -> pl.DataFrame | None:
    """The table as `actor` may see it (None: not available to this role, or not computed)."""
    spec = SPECS.get(name)
    if spec is None or actor.role not in spec.roles:
        return None
    if not spec.live and refresh is None:
        refresh = latest_refresh()
    if key is None:
        from .services import pseudonym_key

        key = pseudonym_key()
    df = _source(name, refresh, actor, key)
    if df is None:
        return None
    df = _scope(actor, spec, df)
    if name == "service_bottlenecks":
        # Services nobody was referred to have no referral counts: zero, not hidden.
        df = df.with_columns(
            [pl.when(pl.col("n_referred") == 0).then(pl.col(c).fill_null(0)).otherwise(pl.col(c)).alias(c)
             for c in spec.counts if c in df.columns]
        )  # fmt: skip
    if name == "caseloads":
        df = _worker_names(actor, df, key)
    elif name in (employers.FILLED_BY_COORDINATOR, employers.HIRES_BY_COORDINATOR):
        df = _worker_names(actor, df, key, policy.EMPLOYER_COORDINATORS)
    df = guard(df, spec)
    if name == "service_impact":
        df = _evidence(df)
    elif name == "time_to_outcome" and "label" not in df.columns:
        df = df.with_columns(label=pl.lit(PATHS_LABEL))
    return df.select([c.name for c in spec.columns if c.name in df.columns])


def tables_for(actor: User) -> list[Spec]:
    return [s for s in SPECS.values() if actor.role in s.roles]
