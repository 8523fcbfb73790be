"""Dashboard pages, file exports and the refresh button. Thin: a selector or service, render."""

from __future__ import annotations

import polars as pl
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaanto.accounts import policy

from . import selectors, services
from .charts import section_charts
from .downloads import csv_response, xlsx_response
from .models import Refresh
from .tables import SPECS, latest_refresh, published, tables_for


@login_required
def section(request, slug: str):
    column = selectors.FILTERS.get(slug)
    sec = selectors.dashboard_section(
        actor=request.user, slug=slug, filter_value=request.GET.get(column) if column else None
    )
    can_refresh = policy.has_role(request.user, policy.DASHBOARD_MANAGERS)
    context = {
        "section": sec,
        "charts": section_charts(sec, request.user, settings.CASELOAD_NORM),
        "report": sec.report,
        "can_refresh": can_refresh,
        "refreshes": list(Refresh.objects.all()[:5]) if can_refresh else [],
        "norm": settings.CASELOAD_NORM,
        "filter_query": f"&{sec.filter_column}={sec.filter_value}" if sec.filter_value else "",
    }
    return render(request, "insights/section.html", context)


@login_required
def export(request):
    """?table=NAME&format=csv|xlsx[&measure=...|&segment=...]: the table as the page shows it."""
    available = tables_for(request.user)
    if not available:
        raise PermissionDenied
    name = request.GET.get("table") or available[0].name
    spec = SPECS.get(name)
    if spec is None:
        raise Http404("no such table")
    if spec not in available:
        raise PermissionDenied
    refresh = latest_refresh()
    df = published(request.user, name, refresh)
    if df is None:
        df = pl.DataFrame(schema={c.name: pl.String for c in spec.columns})
    column = selectors.FILTERS.get(spec.section)
    df = selectors.apply_filter(df, column, request.GET.get(column) if column else None)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(spec, df, refresh)
    return csv_response(spec, df, refresh)


@login_required
@require_POST
def refresh(request):
    services.refresh_request(actor=request.user, request_id=request.request_id)
    messages.success(request, _("Refresh requested: the tables are recomputed by the next scheduled run."))
    return redirect("insights_home")


@login_required
def national(request):
    """Issue 15: every area's suppressed counts side by side; no person's record."""
    from .national import national_figures

    figures = national_figures(actor=request.user, request_id=request.request_id)
    return render(request, "insights/national.html", {"figures": figures})
