"""Reads for the dashboard and the worker's outlook panel, scoped by the actor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl
from django.core.exceptions import PermissionDenied
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import TEAM_CASEWORK
from kohtaanto.analytics.extract import pseudonym
from kohtaanto.audit.services import Reads, audit_record
from kohtaanto.clients.models import Client
from kohtaanto.clients.selectors import client_get
from kohtaanto.organisation.models import Municipality
from kohtaanto.organisation.tenancy import area_code_of

from .labels import FACTORS, factor_value, value_label
from .models import Refresh
from .tables import SPECS, Spec, area_report, latest_refresh, published, results_folder

SECTIONS: dict[str, tuple[object, tuple[str, ...]]] = {
    "overview": (_("Job seekers"), ("clients_by_unit", "clients_by_segment", "clients_over_time")),
    "caseloads": (_("Caseloads"), ("caseload_summary", "caseloads")),
    "promise": (_("Service promise"), ("service_promise_total", "service_promise")),
    "services": (_("Services and bottlenecks"), ("service_bottlenecks",)),
    "outcomes": (_("Outcomes"), ("outcomes_by_segment", "job_search_ends")),
    "feedback": (_("Customer feedback"), ("feedback_scores", "feedback_themes")),
    "paths": (_("Successful paths"), ("path_variants", "path_transitions", "time_to_outcome")),
    "forecast": (_("Employment forecast"), ("forecast_fairness", "forecast_calibration")),
    "impact": (_("Impact of services"), ("service_impact", "subsidy_impact")),
    "providers": (
        _("Provider performance"),
        ("provider_performance", "provider_operations", "provider_feedback"),
    ),
    "employers": (
        _("Employer services"),
        (
            "employer_filled_by_industry",
            "employer_hires_by_industry",
            "employer_filled_by_coordinator",
            "employer_hires_by_coordinator",
        ),
    ),
    "subsidies": (
        _("Employer subsidies"),
        ("subsidy_applications", "subsidy_processing", "subsidy_committed", "subsidy_paid"),
    ),
}
# Page filters: a code column whose value narrows every table of the section that has it.
FILTERS = {"overview": "measure", "paths": "segment"}
OUTLOOK_ROLES = TEAM_CASEWORK  # accounts.policy
HIDDEN = ".."  # Statistics Finland's symbol for a confidential figure


@dataclass
class TableView:
    spec: Spec
    headers: list[str]
    rows: list[list[tuple[str, bool]]]  # (text, hidden)
    n_hidden: int


@dataclass
class Section:
    slug: str
    title: object
    nav: list[tuple[str, object, str]]
    refresh: Refresh | None
    tables: list[TableView] = field(default_factory=list)
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    filter_column: str | None = None
    filter_value: str | None = None
    filter_options: list[tuple[str, str]] = field(default_factory=list)
    report: dict = field(default_factory=dict)  # the refresh's report, with the area's part
    area: str | None = None  # the reader's area code; None: they belong to no area
    area_name: str = ""


URL_NAMES = {slug: "insights_home" if slug == "overview" else f"insights_{slug}" for slug in SECTIONS}


def sections_for(actor: User) -> list[tuple[str, object, str]]:
    """(slug, title, url name) of the sections with a table this role may see, in order."""
    return [
        (slug, title, URL_NAMES[slug])
        for slug, (title, names) in SECTIONS.items()
        if any(actor.role in SPECS[n].roles for n in names)
    ]


def format_cell(value, kind: str) -> tuple[str, bool]:
    if value is None or (isinstance(value, float) and value != value):
        return (HIDDEN, True) if kind in ("count", "share", "num", "signed") else ("", False)
    if kind == "count" or kind == "int":
        return number_format(int(value), force_grouping=True), False
    if kind == "share":
        return number_format(100 * value, 1) + " %", False
    if kind == "signed":
        pp = 100 * value
        return ("+" if pp > 0 else "") + number_format(pp, 1) + " " + str(_("pp")), False
    if kind == "num":
        return number_format(value, 1 if abs(value) < 100 else 0, force_grouping=True), False
    if kind == "month":
        return date_format(value, "Y-m"), False
    if kind == "date":
        return date_format(value, "SHORT_DATE_FORMAT"), False
    if kind == "code":
        return value_label(value), False
    return str(value), False


def table_view(spec: Spec, df: pl.DataFrame) -> TableView:
    cols = [c for c in spec.columns if c.name in df.columns and c.kind != "note"]
    rows, hidden = [], 0
    names = [c.name for c in cols]
    done = names.index(spec.computed) if spec.computed in names else None
    for rec in df.select(names).iter_rows():
        if done is not None and rec[done] is None:  # not computed: nothing was hidden
            cells = [
                format_cell(v, c.kind if v is not None else "text") for v, c in zip(rec, cols, strict=True)
            ]
            cells = [(t or "–", False) for t, _h in cells]
        else:
            cells = [format_cell(v, c.kind) for v, c in zip(rec, cols, strict=True)]
        hidden += sum(h for _, h in cells)
        rows.append(cells)
    return TableView(spec, [str(c.label) for c in cols], rows, hidden)


def apply_filter(df: pl.DataFrame, column: str | None, value: str | None) -> pl.DataFrame:
    if column and value and column in df.columns:
        return df.filter(pl.col(column).cast(pl.String) == value)
    return df


def dashboard_section(*, actor: User, slug: str, filter_value: str | None = None) -> Section:
    """One dashboard page: its published tables (suppressed, scoped) ready to render."""
    nav = sections_for(actor)
    if slug not in {n[0] for n in nav}:
        raise PermissionDenied("this role does not see this part of the dashboard")
    title, names = SECTIONS[slug]
    refresh = latest_refresh()
    area = area_code_of(actor)
    section = Section(slug, title, nav, refresh, filter_column=FILTERS.get(slug), area=area)
    section.report = area_report(refresh, area)
    section.area_name = Municipality.objects.filter(code=area).values_list("name", flat=True).first() or ""
    for name in names:
        df = published(actor, name, refresh)
        if df is not None:
            section.frames[name] = df
    col = section.filter_column
    if col:
        values = sorted(
            {
                v
                for df in section.frames.values()
                if col in df.columns
                for v in df[col].cast(pl.String).unique().to_list()
                if v
            }
        )
        default = "n_active" if col == "measure" and "n_active" in values else (values[0] if values else None)
        section.filter_value = filter_value if filter_value in values else default
        section.filter_options = [(v, value_label(v)) for v in values]
    for name, df in section.frames.items():
        df = apply_filter(df, col, section.filter_value)
        section.frames[name] = df
        section.tables.append(table_view(SPECS[name], df))
    return section


@dataclass
class Outlook:
    probability: float
    percent: str
    factors: list[dict]
    as_of: dt.date | None
    refresh_id: int


OUTLOOK_PURPOSE = "employment outlook (decision support)"


def client_outlook(*, actor: User, client_id: int, request_id: str = "") -> Outlook | None:
    """The client's estimated chance of employment within 6 months with its main factors:
    decision support for the client's case worker, never a decision. Scoped through
    `client_get` (404 outside the actor's clients) and audited; None when no forecast."""
    if actor.role not in OUTLOOK_ROLES:
        raise PermissionDenied("only the client's case workers see the employment outlook")
    client = client_get(actor=actor, client_id=client_id, purpose=OUTLOOK_PURPOSE, request_id=request_id)
    return _outlook(actor=actor, client=client, request_id=request_id, reads=None)


def _outlook(*, actor: User, client: Client, request_id: str, reads: Reads | None) -> Outlook | None:
    """The forecast of a client already read and in the actor's scope. With `reads` (the
    client page) the section is added there, forecast or not, instead of audited here."""
    refresh = latest_refresh()
    # The forecast of the client's own area (issue 15: each area's model fits its clients).
    folder = results_folder(refresh, client.municipality.code if client.municipality_id else None)
    path = None if folder is None else folder / "client_forecasts.parquet"
    rec = None
    if refresh is not None and path is not None and path.is_file():
        from .services import pseudonym_key

        pid = pseudonym(client.external_id, pseudonym_key(), "C")
        row = pl.scan_parquet(path).filter(pl.col("client_id") == pid).collect()
        rec = row.row(0, named=True) if row.height else None
    if reads is not None:
        found = (
            {"refresh": refresh.pk, "as_of": str(rec.get("as_of"))}
            if rec and refresh
            else {"forecast": False}
        )
        reads.add("client.forecast", purpose=OUTLOOK_PURPOSE, **found)
    if rec is None or refresh is None:
        return None
    factors = [
        {
            "feature": str(FACTORS.get(f["feature"], f["feature"])),
            "value": factor_value(str(f["value"])),
            "raises": f["effect"] > 0,
            "effect": f["effect"],
        }
        for f in rec.get("factors") or []
    ]
    if reads is None:
        audit_record(
            actor=actor,
            action="read",
            target_type="client.forecast",
            target_id=client.pk,
            subject_client_id=client.pk,
            purpose=OUTLOOK_PURPOSE,
            request_id=request_id,
            detail={"refresh": refresh.pk, "as_of": str(rec.get("as_of"))},
        )
    p = float(rec["probability"])
    return Outlook(p, number_format(100 * p, 0) + " %", factors, rec.get("as_of"), refresh.pk)


def client_outlook_for_page(*, actor: User, client: Client, reads: Reads) -> dict | None:
    """For the staff client page, whose selector has read `client` (in scope) and writes one
    audit event for the page: the panel's context, or None for roles without it."""
    if actor.role not in OUTLOOK_ROLES:
        return None
    return {"forecast": _outlook(actor=actor, client=client, request_id="", reads=reads)}
