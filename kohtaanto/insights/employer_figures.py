"""Employer services on the dashboard (issue 14): vacancies filled, time to fill and hires,
by industry (TOL 2008 section) and by the employer's responsible coordinator.

Live from the database like the feedback scores: the register extract holds no vacancies.
Over the last 12 months:

- a filled vacancy is one in stage "filled" whose latest move into "filled" (without a
  recorded move, its `stage_since`) falls in the window; its time to fill runs from its
  creation or its first recorded stage change, whichever is earlier, to that move, in days;
- a hire is a candidate with status "hired" and an employment that starts in the window,
  counted in persons; it is a hire of a long-term unemployed person when the client's job
  search (the employment's period, else the registration) had lasted 12 months or more
  when the employment started (`domain.unemployment`).

The industry and the coordinator tables describe the same vacancies and hires, so each
column's total can be read from either: the counts are suppressed with
`analytics.disclosure.suppress` against public column totals (as the feedback scores),
and `tables.published` then guards them like every other table. Coordinators leave here
as staff pseudonyms; `tables._worker_names` shows names to their supervisors only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import polars as pl
from django.db.models import F, Max, Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kohtaanto.analytics.disclosure import suppress
from kohtaanto.analytics.extract import pseudonym
from kohtaanto.domain.tol import section_name, section_of, sections
from kohtaanto.domain.unemployment import is_long_term
from kohtaanto.employers.models import Candidate, CandidateStatus, Stage, Vacancy

THRESHOLD = 5
WINDOW_DAYS = 365
FILLED_BY_INDUSTRY = "employer_filled_by_industry"
HIRES_BY_INDUSTRY = "employer_hires_by_industry"
FILLED_BY_COORDINATOR = "employer_filled_by_coordinator"
HIRES_BY_COORDINATOR = "employer_hires_by_coordinator"
TABLES = (FILLED_BY_INDUSTRY, HIRES_BY_INDUSTRY, FILLED_BY_COORDINATOR, HIRES_BY_COORDINATOR)
FILLED_COUNTS = ("n_filled",)
HIRE_COUNTS = ("n_hires", "n_hires_long_term")
# The employer's coordinator, as the rows carry it: (pk, staff code, team code).
_COORDINATOR = (
    "employer__coordinator_id",
    "employer__coordinator__staff_code",
    "employer__coordinator__team__code",
)


def window_start(today: dt.date | None = None) -> dt.date:
    return (today or timezone.localdate()) - dt.timedelta(days=WINDOW_DAYS)


def _staff_id(pk: int | None, code: str | None, key: bytes) -> str:
    """The coordinator's pseudonym, as `tables._worker_names` and the caseloads spell it."""
    if pk is None:
        return _("(no responsible coordinator)")
    return pseudonym(code or f"U{pk}", key, "W")


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def filled_rows(since: dt.date, key: bytes, area: int | None = None) -> list[dict]:
    """One row per vacancy filled since `since`: industry, coordinator and days to fill."""
    filled_at = Coalesce(
        Max("stage_changes__at", filter=Q(stage_changes__stage=Stage.FILLED)), F("stage_since")
    )
    vacancies = Vacancy.objects.all() if area is None else Vacancy.objects.filter(area_id=area)
    qs = (
        vacancies.filter(stage=Stage.FILLED)
        .annotate(filled_at=filled_at, first_at=Min("stage_changes__at"))
        .values_list("employer__industry", *_COORDINATOR, "created_at", "first_at", "filled_at")
    )
    rows = []
    for industry, pk, code, team, created, first, filled in qs:
        if _local_date(filled) < since:
            continue
        start = min(created, first) if first is not None else created
        rows.append(
            {
                "industry": section_of(industry),
                "staff_id": _staff_id(pk, code, key),
                "team": team or "",
                "days": max(0, (_local_date(filled) - _local_date(start)).days),
            }
        )
    return rows


def hire_rows(since: dt.date, key: bytes, area: int | None = None) -> list[dict]:
    """One row per hire whose employment starts on or after `since`."""
    candidates = Candidate.objects.all() if area is None else Candidate.objects.filter(vacancy__area_id=area)
    qs = candidates.filter(
        status=CandidateStatus.HIRED, employment__isnull=False, employment__start__gte=since
    ).values_list(
        "client_id",
        "vacancy__employer__industry",
        *(f"vacancy__{c}" for c in _COORDINATOR),
        "employment__start",
        "employment__period__start",
        "client__registration_date",
    )
    return [
        {
            "industry": section_of(industry),
            "staff_id": _staff_id(pk, code, key),
            "team": team or "",
            "client_id": client_id,
            "long_term": is_long_term(period_start or registered, start),
        }
        for client_id, industry, pk, code, team, start, period_start, registered in qs
    ]


def _filled_table(rows: Iterable[dict], keys: list[str]) -> pl.DataFrame:
    schema = {"industry": pl.String, "staff_id": pl.String, "team": pl.String, "days": pl.Int64}
    df = pl.DataFrame(list(rows), schema=schema)
    return df.group_by(keys).agg(
        n_filled=pl.len().cast(pl.Int64), median_days_to_fill=pl.col("days").median()
    )


def _hires_table(rows: Iterable[dict], keys: list[str]) -> pl.DataFrame:
    schema = {"industry": pl.String, "staff_id": pl.String, "team": pl.String, "client_id": pl.Int64,
              "long_term": pl.Boolean}  # fmt: skip
    df = pl.DataFrame(list(rows), schema=schema)
    return (
        df.group_by(keys)
        .agg(
            n_hires=pl.col("client_id").n_unique().cast(pl.Int64),
            n_hires_long_term=pl.col("client_id").filter(pl.col("long_term")).n_unique().cast(pl.Int64),
        )
        .with_columns(share_long_term=pl.col("n_hires_long_term") / pl.col("n_hires"))
    )


def _by_industry(df: pl.DataFrame) -> pl.DataFrame:
    """Sections in the classification's order, with their names in the page's language."""
    order = {code: i for i, code in enumerate(sections())}
    lang = (get_language() or "fi")[:2]
    return df.with_columns(
        industry_name=pl.col("industry").map_elements(lambda c: section_name(c, lang), return_dtype=pl.String)
    ).sort(pl.col("industry").replace_strict(order, default=len(order), return_dtype=pl.Int64))


def employer_table(
    name: str, key: bytes, today: dt.date | None = None, threshold: int = THRESHOLD, area: int | None = None
) -> pl.DataFrame:
    """One of `TABLES`, computed now and suppressed (see the module's docstring); `area`:
    that area's vacancies only."""
    since = window_start(today)
    industry = name in (FILLED_BY_INDUSTRY, HIRES_BY_INDUSTRY)
    keys = ["industry"] if industry else ["staff_id", "team"]
    if name in (FILLED_BY_INDUSTRY, FILLED_BY_COORDINATOR):
        df, counts = _filled_table(filled_rows(since, key, area), keys), FILLED_COUNTS
    else:
        df, counts = _hires_table(hire_rows(since, key, area), keys), HIRE_COUNTS
    df = suppress(df, list(counts), threshold, row_totals=False)
    return _by_industry(df) if industry else df.sort("team", "staff_id")
