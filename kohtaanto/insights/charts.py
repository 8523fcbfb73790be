"""Server-side charts: Altair (Vega-Lite) specs rendered to SVG with vl-convert.

SVG inline in the page keeps the strict CSP (no scripts, no inline styles: Vega's SVG uses
presentation attributes only) and works without JavaScript. Every chart is drawn from a
published (suppressed, scoped) table that the page also shows as its text alternative;
hidden cells are simply missing points. Rendering is cached by spec and locale.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

import altair as alt
import polars as pl
from django.utils.html import escape
from django.utils.translation import get_language

from .labels import value_label

LOCALES = {"fi": "fi-FI", "sv": "sv-SE", "en": "en-US"}
WIDTH, HEIGHT = 560, 240
PALETTE = ["#0b4f9c", "#b35806", "#1b7837", "#762a83", "#4d4d4d", "#c51b7d", "#01665e", "#8c510a"]


@dataclass
class Chart:
    title: str
    svg: str | None  # None: nothing to draw, or the renderer is unavailable
    table: str  # the table on the page that holds the same numbers


def _values(df: pl.DataFrame, codes: tuple[str, ...] = ()) -> list[dict]:
    """JSON-safe rows; code columns replaced by their translated labels."""
    df = df.with_columns(
        [pl.col(c).cast(pl.String) for c, t in df.schema.items() if t in (pl.Date, pl.Datetime)]
    )
    rows = df.to_dicts()
    for r in rows:
        for c in codes:
            r[c] = value_label(r[c])
    return rows


@lru_cache(maxsize=256)
def _render(spec_json: str, lang: str) -> str | None:
    try:
        import vl_convert as vlc
    except ImportError:  # the data table on the page remains the chart's content
        return None
    locale = LOCALES.get(lang, "fi-FI")
    svg = vlc.vegalite_to_svg(json.loads(spec_json), format_locale=locale, time_format_locale=locale)
    # The page's figure caption and data table describe the chart; the SVG is one image.
    return re.sub(r"^<svg ", '<svg role="img" focusable="false" ', svg, count=1)


def render(chart: alt.TopLevelMixin | None, title: str, table: str) -> Chart:
    if chart is None:  # every value hidden or missing: the table says so
        return Chart(title, None, table)
    spec = (
        chart.properties(width=WIDTH, height=HEIGHT)
        .configure_range(category=PALETTE)
        .configure_axis(labelFontSize=12, titleFontSize=12)
        .to_dict()
    )
    svg = _render(json.dumps(spec, sort_keys=True, default=str), (get_language() or "fi")[:2])
    if svg:
        svg = svg.replace('role="img"', f'role="img" aria-label="{escape(title)}"', 1)
    return Chart(title, svg, table)


def line(df, x: str, y: str, color: str | None, *, title: str, x_title: str, y_title: str, table: str,
         share: bool = False, codes: tuple[str, ...] = ()) -> Chart:  # fmt: skip
    values = _values(df.drop_nulls(y), codes)
    if not values:
        return render(None, title, table)
    data = alt.Data(values=values)
    enc = {
        "x": alt.X(f"{x}:T", title=x_title),
        "y": alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=".0%" if share else ",d")),
    }
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=None, legend=alt.Legend(orient="bottom", columns=2))
        enc["strokeDash"] = alt.StrokeDash(f"{color}:N", legend=None)
    return render(alt.Chart(data).mark_line(point=True).encode(**enc), title, table)


def bars(df, category: str, value: str, *, title: str, value_title: str, table: str, share: bool = False,
         color: str | None = None, rule: float | None = None, codes: tuple[str, ...] = (),
         order: list[str] | None = None) -> Chart:  # fmt: skip
    values = _values(df.drop_nulls(value), codes)
    if not values:
        return render(None, title, table)
    data = alt.Data(values=values)
    fmt = ".0%" if share else ",.0f"
    enc = {
        "y": alt.Y(f"{category}:N", title=None, sort=None),
        "x": alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(format=fmt)),
    }
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=None, legend=alt.Legend(orient="bottom"), sort=order)
        enc["yOffset"] = alt.YOffset(f"{color}:N", sort=order)
    chart = alt.Chart(data).mark_bar().encode(**enc)
    if rule is not None:
        chart = chart + alt.Chart(alt.Data(values=[{"r": rule}])).mark_rule(
            color="#8a1c00", strokeWidth=2
        ).encode(x="r:Q")
    return render(chart, title, table)


def intervals(df, category: str, est: str, lo: str, hi: str, *, title: str, value_title: str, table: str,
              naive: str | None = None) -> Chart:  # fmt: skip
    """Point estimates with confidence intervals (and the naive difference as a hollow mark)."""
    values = _values(df.drop_nulls(est))
    if not values:
        return render(None, title, table)
    data = alt.Data(values=values)
    base = alt.Chart(data).encode(y=alt.Y(f"{category}:N", title=None, sort=None))
    x = alt.X(f"{est}:Q", title=value_title, axis=alt.Axis(format="+.0%"))
    chart = base.mark_rule(color="#4d4d4d").encode(x=alt.X(f"{lo}:Q", title=value_title), x2=f"{hi}:Q")
    chart = chart + base.mark_point(filled=True, size=60, color="#0b4f9c").encode(x=x)
    if naive:
        chart = chart + base.mark_point(shape="diamond", size=50, color="#b35806").encode(x=f"{naive}:Q")
    zero = (
        alt.Chart(alt.Data(values=[{"z": 0}])).mark_rule(strokeDash=[4, 3], color="#1a1a1a").encode(x="z:Q")
    )
    return render(chart + zero, title, table)


def calibration(df, *, title: str, x_title: str, y_title: str, table: str) -> Chart:
    values = _values(df.drop_nulls("observed"))
    if not values:
        return render(None, title, table)
    data = alt.Data(values=values)
    diag = alt.Chart(alt.Data(values=[{"p": 0.0}, {"p": 1.0}])).mark_line(strokeDash=[4, 3], color="#4d4d4d")
    diag = diag.encode(x=alt.X("p:Q", title=x_title), y=alt.Y("p:Q", title=y_title))
    pts = (
        alt.Chart(data)
        .mark_line(point=True, color="#0b4f9c")
        .encode(
            x=alt.X("mean_predicted:Q", axis=alt.Axis(format=".0%")),
            y=alt.Y("observed:Q", axis=alt.Axis(format=".0%")),
        )
    )
    return render(diag + pts, title, table)


def stacked(df, x: str, columns: list[str], *, title: str, x_title: str, y_title: str, table: str) -> Chart:
    """Stacked bars of several count columns (hidden cells drop out of the stack)."""
    long = df.select(x, *columns).unpivot(index=x, variable_name="what", value_name="n").drop_nulls("n")
    long = long.with_columns(pl.col("what").str.replace("score_", ""))
    if long.height == 0:
        return render(None, title, table)
    data = alt.Data(values=_values(long))
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:T", title=x_title, timeUnit="yearmonth"),
            y=alt.Y("n:Q", title=y_title, stack="zero"),
            color=alt.Color("what:N", title=None, legend=alt.Legend(orient="bottom")),
        )
    )
    return render(chart, title, table)


def section_charts(section, actor, norm: int) -> list[Chart]:
    """The charts of one dashboard page, each drawn from a table shown on the same page."""
    from django.utils.translation import gettext as _

    f = section.frames
    leader = actor.role == "team_leader"
    out: list[Chart] = []
    month = _("month end")
    if section.slug == "overview":
        if "clients_by_unit" in f:
            out.append(line(f["clients_by_unit"], "month_end", "n", "service_unit", title=_("Job seekers by service unit"),
                            x_title=month, y_title=_("persons"), table="clients_by_unit"))  # fmt: skip
        elif "clients_over_time" in f:
            out.append(line(f["clients_over_time"], "month_end", "n", "team", title=_("Job seekers in my team"),
                            x_title=month, y_title=_("persons"), table="clients_over_time"))  # fmt: skip
    elif section.slug == "caseloads":
        name, cat, val = (
            ("caseloads", "worker", "caseload") if leader else ("caseload_summary", "team", "mean_caseload")
        )
        if name in f:
            out.append(bars(f[name], cat, val, title=_("Caseload against the norm (red line)"),
                            value_title=_("active clients"), rule=norm, table=name))  # fmt: skip
    elif section.slug == "promise":
        name = "service_promise" if leader else "service_promise_total"
        if name in f:
            out.append(line(f[name], "month", "share_on_time", "indicator", title=_("Service promise kept"),
                            x_title=_("month"), y_title=_("share on time"), share=True, codes=("indicator",), table=name))  # fmt: skip
    elif section.slug == "services" and "service_bottlenecks" in f:
        df = f["service_bottlenecks"]
        out.append(bars(df, "name_en", "utilisation_now", title=_("Utilisation of places now"),
                        value_title=_("participants / places"), share=True, rule=1.0, table="service_bottlenecks"))  # fmt: skip
        out.append(bars(df, "name_en", "conversion", title=_("Referral-to-start conversion"),
                        value_title=_("started / decided referrals"), share=True, table="service_bottlenecks"))  # fmt: skip
    elif section.slug == "outcomes" and "outcomes_by_segment" in f:
        months = _("months")
        df = f["outcomes_by_segment"].with_columns(pl.col("horizon_months").cast(pl.String) + " " + months)
        order = [f"{m} {months}" for m in (3, 6, 12)]
        out.append(bars(df, "segment", "share_employed", color="horizon_months", share=True, codes=("segment",), order=order,
                        title=_("Employed within 3, 6 and 12 months of registration"),
                        value_title=_("share employed"), table="outcomes_by_segment"))  # fmt: skip
    elif section.slug == "feedback" and "feedback_scores" in f and f["feedback_scores"].height:
        out.append(stacked(f["feedback_scores"], "month", [f"score_{i}" for i in range(1, 6)],
                           title=_("Feedback scores by month (persons)"), x_title=_("month"),
                           y_title=_("persons"), table="feedback_scores"))  # fmt: skip
    elif section.slug == "paths" and "path_variants" in f:
        out.append(bars(f["path_variants"], "variant", "share_employed", share=True, codes=("variant",),
                        title=_("Share employed within 12 months by service sequence (descriptive)"),
                        value_title=_("share employed"), table="path_variants"))  # fmt: skip
    elif section.slug == "forecast" and "forecast_calibration" in f:
        out.append(calibration(f["forecast_calibration"], title=_("Calibration: predicted and observed"),
                               x_title=_("mean predicted"), y_title=_("observed share employed"), table="forecast_calibration"))  # fmt: skip
        if "forecast_fairness" in f:
            df = f["forecast_fairness"].with_columns(
                value=pl.col("group").map_elements(value_label, return_dtype=pl.String)
                + ": "
                + pl.col("value").map_elements(value_label, return_dtype=pl.String)
            )
            out.append(bars(df, "value", "fnr", share=True, title=_("False negative rate by group"),
                            value_title=_("false negative rate"), table="forecast_fairness"))  # fmt: skip
    elif section.slug == "employers" and "employer_filled_by_industry" in f:
        out.append(bars(f["employer_filled_by_industry"], "industry_name", "median_days_to_fill",
                        title=_("Median days to fill a vacancy by industry"), value_title=_("days"),
                        table="employer_filled_by_industry"))  # fmt: skip
        if "employer_hires_by_industry" in f:
            out.append(bars(f["employer_hires_by_industry"], "industry_name", "share_long_term", share=True,
                            title=_("Share of hires who were long-term unemployed, by industry"),
                            value_title=_("share long-term unemployed"), table="employer_hires_by_industry"))  # fmt: skip
    elif section.slug == "impact" and "service_impact" in f:
        df = f["service_impact"].filter(pl.col("controls") == "no_service")
        # xgettext:no-python-format
        title = _("Estimated effect with 95% confidence interval (dot) and naive difference (diamond)")
        out.append(intervals(df, "name_en", "estimate", "ci_low", "ci_high", naive="naive_difference", title=title,
                             value_title=_("percentage points"), table="service_impact"))  # fmt: skip
    elif section.slug == "providers" and "provider_performance" in f:
        df = f["provider_performance"].filter(
            pl.col("controls") == "no_service", pl.col("horizon_months") == 6, pl.col("service_id").is_null()
        )
        # xgettext:no-python-format
        title = _(
            "Employment within 6 months, observed minus expected, per provider with 95% confidence interval"
        )
        out.append(intervals(df, "provider", "difference", "ci_low", "ci_high", title=title,
                             value_title=_("percentage points"), table="provider_performance"))  # fmt: skip
    return out
