"""/api/v1/insights/: the published tables as JSON (the same cells as the pages and files),
the refresh trigger, and the worker's employment outlook for one client."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Field, Router, Schema, Status

from kohtaanto.accounts import policy
from kohtaanto.accounts.api_auth import role_auth

from . import selectors, services
from .models import Refresh
from .tables import DASHBOARD_ROLES, FORECAST_READERS, SPECS, THRESHOLD, latest_refresh, published, tables_for

router = Router(tags=["insights"])
READERS = role_auth(*FORECAST_READERS)
REFRESH_READERS = role_auth(*DASHBOARD_ROLES)
REFRESHERS = role_auth(*policy.DASHBOARD_MANAGERS)
WORKERS = role_auth(*selectors.OUTLOOK_ROLES)


class ColumnOut(Schema):
    name: str
    label: str
    kind: str


class TableInfo(Schema):
    name: str
    title: str
    section: str
    columns: list[ColumnOut]


class RefreshOut(Schema):
    id: int
    status: str
    requested_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    as_of: str | None
    counts: dict[str, int] = Field(..., description="rows exported per table")
    message: str


class TableOut(Schema):
    name: str
    title: str
    threshold: int
    note: str
    refresh: RefreshOut | None
    columns: list[ColumnOut]
    rows: list[dict[str, str | int | float | bool | dt.date | None]] = Field(
        ..., description="one object per row, keyed by the columns' names; suppressed cells are null"
    )


class FactorOut(Schema):
    feature: str
    value: str
    raises: bool
    effect: float


class OutlookOut(Schema):
    available: bool
    probability: float | None = None
    factors: list[FactorOut] = []
    as_of: dt.date | None = None
    use: str = "decision support only; not a decision (GDPR art. 22)"


def _refresh(r: Refresh | None) -> dict | None:
    if r is None:
        return None
    return {
        "id": r.pk,
        "status": r.status,
        "requested_at": r.requested_at,
        "started_at": r.started_at,
        "finished_at": r.finished_at,
        "as_of": (r.report or {}).get("as_of"),
        "counts": r.counts,
        "message": r.message,
    }


def _columns(spec) -> list[dict]:
    return [{"name": c.name, "label": str(c.label), "kind": c.kind} for c in spec.columns]


@router.get("/tables", response=list[TableInfo], auth=READERS)
def tables_index(request):
    return [
        {"name": s.name, "title": str(s.title), "section": s.section, "columns": _columns(s)}
        for s in tables_for(request.auth)
    ]


@router.get("/tables/{table}", response=TableOut, auth=READERS)
def table_get(request, table: str):
    spec = SPECS.get(table)
    if spec is None or spec not in tables_for(request.auth):
        raise Http404("no such table for this role")
    refresh = latest_refresh()
    df = published(request.auth, table, refresh)
    rows = []
    if df is not None:
        for r in df.to_dicts():
            rows.append({k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()})
    return {
        "name": spec.name,
        "title": str(spec.title),
        "threshold": THRESHOLD,
        "note": "null: hidden to protect privacy (fewer than 5 persons, or protecting such a cell)",
        "refresh": _refresh(refresh),
        "columns": _columns(spec),
        "rows": rows,
    }


PROVIDER_READERS = role_auth(*policy.PROVIDER_PERFORMANCE_READERS)
PROVIDER_TABLES = ("provider_performance", "provider_operations")


@router.get("/providers", response=list[TableOut], auth=PROVIDER_READERS)
def providers(request):
    """Provider performance for the procurement staff (who do not read the other tables)."""
    return [table_get(request, name) for name in PROVIDER_TABLES]


@router.get("/refresh", response=list[RefreshOut], auth=REFRESH_READERS)
def refresh_list(request):
    return [_refresh(r) for r in Refresh.objects.all()[:10]]


@router.post("/refresh", response={202: RefreshOut}, auth=REFRESHERS)
def refresh_request(request):
    r = services.refresh_request(actor=request.auth, request_id=request.request_id)
    return Status(202, _refresh(r))


@router.get("/clients/{client_id}/outlook", response=OutlookOut, auth=WORKERS)
def outlook(request, client_id: int):
    o = selectors.client_outlook(actor=request.auth, client_id=client_id, request_id=request.request_id)
    if o is None:
        return {"available": False}
    return {"available": True, "probability": o.probability, "factors": o.factors, "as_of": o.as_of}


class AreaFiguresOut(Schema):
    code: str
    name: str
    values: dict[str, int | None] = Field(..., description="measure -> persons; null when suppressed")


class AreaPromiseOut(Schema):
    code: str
    name: str
    month: dt.date | None
    shares: dict[str, float | None] = Field(
        ..., description="service-promise indicator -> share on time; null when hidden or not computed"
    )


class NationalOut(Schema):
    as_of: dt.date
    threshold: int
    measures: dict[str, str]
    areas: list[AreaFiguresOut]
    indicators: dict[str, str]
    promise_as_of: dt.date | None = Field(None, description="the latest refresh's snapshot date")
    promise: list[AreaPromiseOut]


NATIONAL_READERS = role_auth(*policy.NATIONAL_FIGURE_READERS)


@router.get("/national", response=NationalOut, auth=NATIONAL_READERS)
def national(request):
    """Every employment area's counts, suppressed as on the dashboard (issue 15)."""
    from .national import national_figures

    f = national_figures(actor=request.auth, request_id=request.request_id)
    areas = [{"code": a.code, "name": a.name, "values": a.values} for a in f.areas]
    promise = [{"code": p.code, "name": p.name, "month": p.month, "shares": p.shares} for p in f.promise]
    return {
        "as_of": f.as_of,
        "threshold": f.threshold,
        "measures": f.measures,
        "areas": areas,
        "indicators": f.indicators,
        "promise_as_of": f.promise_as_of,
        "promise": promise,
    }
