"""CSV and Excel files of the published tables: exactly the cells the page shows (hidden
cells are empty), with the privacy note, the descriptive label or the impact caveat."""

from __future__ import annotations

import csv
import datetime as dt
import io

import polars as pl
from django.http import HttpResponse
from django.utils.translation import gettext as _

from .models import Refresh
from .tables import THRESHOLD, Spec

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    """Text that a spreadsheet would run as a formula is quoted (service names come from
    providers)."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    if isinstance(value, float) and value != value:
        return None
    return value


def notes(spec: Spec, refresh: Refresh | None) -> list[str]:
    out = [
        _("Kohtaanto: %(title)s") % {"title": spec.title},
        _("Data as of %(as_of)s (refresh %(id)s).")
        % {
            "as_of": (refresh.report or {}).get("as_of", "-") if refresh else "-",
            "id": refresh.pk if refresh else "-",
        },
        _(
            "Empty cells are hidden to protect privacy: fewer than %(n)d persons, or a cell that would "
            "reveal such a number through the totals."
        )
        % {"n": THRESHOLD},
    ]
    if spec.section == "paths":
        out.append(_("Descriptive: sequences that preceded outcomes, not the effects of services."))
    if spec.section == "employers":
        out.append(
            _(
                "Live figures over the last 12 months. Time to fill runs from the vacancy's creation to its "
                "move into filled; a hire of a long-term unemployed person is one whose job search had lasted "
                "12 months or more when the employment started."
            )
        )
    if spec.section == "impact":
        out.append(
            _(
                "Estimates assume no unmeasured confounding. If case workers choose clients on something "
                "the register does not record, no adjustment removes the bias and the diagnostics cannot "
                "tell. Never read an estimate as the service's proven effect."
            )
        )
    return out


def _filename(spec: Spec, refresh: Refresh | None, ext: str) -> str:
    as_of = (refresh.report or {}).get("as_of", "") if refresh else ""
    return f"kohtaanto-{spec.name}{'-' + as_of if as_of else ''}.{ext}"


def _columns(spec: Spec, df: pl.DataFrame) -> list:
    return [c for c in spec.columns if c.name in df.columns]


def csv_response(spec: Spec, df: pl.DataFrame, refresh: Refresh | None) -> HttpResponse:
    cols = _columns(spec, df)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([c.name for c in cols])
    for row in df.select([c.name for c in cols]).iter_rows():
        w.writerow(["" if v is None else _safe(v) for v in row])
    resp = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{_filename(spec, refresh, "csv")}"'
    return resp


def xlsx_response(spec: Spec, df: pl.DataFrame, refresh: Refresh | None) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    cols = _columns(spec, df)
    wb = Workbook()
    ws = wb.active
    ws.title = spec.name[:31]
    ws.append([str(c.label) for c in cols])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in df.select([c.name for c in cols]).iter_rows():
        ws.append([_safe(v) for v in row])
    for j, c in enumerate(cols, start=1):
        if c.kind in ("share", "signed"):
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.number_format = "0.0%"
        elif c.kind in ("month", "date"):
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm" if c.kind == "month" else "yyyy-mm-dd"
    info = wb.create_sheet(_("About"))
    for line in notes(spec, refresh):
        info.append([line])
    out = io.BytesIO()
    wb.save(out)
    resp = HttpResponse(out.getvalue(), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="{_filename(spec, refresh, "xlsx")}"'
    return resp
