"""Real job advertisements for the demo's vacancies: the City of Helsinki's recruitment ads
of December 2022 (drupal-helfi-rekry's test fixture, MIT; attribution in NOTICE).

The shipped file, kohtaanto/data/jobs/helsinki-rekry-2022-12.jsonl, is `rekry_rows` of the
fixture's search responses: one ad per line, translations of the same ad (same uuid) kept
once, in Finnish. The ads carry a title, a task area, the employment type and its duration,
the number of positions and the publication dates, but no body text.

Pure: no Django.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "jobs" / "helsinki-rekry-2022-12.jsonl"
_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})?")


@dataclass(frozen=True)
class Ad:
    uuid: str
    language: str  # fi or sv
    title: str
    task_area: str  # the city's task area, "" when the ad has none
    employment_type: str  # e.g. "Määräaikainen työsuhde", "Fast anställning"
    employment: str  # e.g. "Sijaisuus", "" when not given
    duration: str  # as written: "1.2.2023 - 11.5.2023", "9.1.2023 tai sopimuksen mukaan"
    positions: int
    published: date
    unpublished: date
    url: str

    @property
    def permanent(self) -> bool:
        return self.employment_type.lower().startswith(("vakinainen", "fast"))


def _first(source: dict, key: str, default=""):
    value = source.get(key)
    if isinstance(value, list):
        return value[0] if value else default
    return default if value is None else value


def _day(timestamp: int) -> str:
    return datetime.fromtimestamp(int(timestamp), UTC).date().isoformat()


def rekry_rows(responses: list[dict]) -> list[dict]:
    """The ads of the fixture's search responses as plain rows, one per uuid (the Finnish
    version when there are several); taxonomy terms and other hits are skipped."""
    rows: dict[str, dict] = {}
    for response in responses:
        for hit in (response.get("hits") or {}).get("hits", []):
            source = hit.get("_source") or {}
            if "title" not in source or "uuid" not in source:
                continue
            row = {
                "uuid": _first(source, "uuid"),
                "language": _first(source, "_language", "fi"),
                "title": " ".join(str(_first(source, "title")).split()),
                "task_area": _first(source, "field_task_area"),
                "employment_type": _first(source, "field_employment_type"),
                "employment": _first(source, "field_employment"),
                "duration": " ".join(str(_first(source, "field_job_duration")).split()),
                "positions": int(_first(source, "field_jobs", 1) or 1),
                "published": _day(_first(source, "field_publication_starts")),
                "unpublished": _day(_first(source, "unpublish_on")),
                "url": _first(source, "url"),
            }
            if row["uuid"] not in rows or row["language"] == "fi":
                rows[row["uuid"]] = row
    return sorted(rows.values(), key=lambda r: (r["published"], r["uuid"]))


def load_ads(path: Path = SHIPPED) -> list[Ad]:
    """The shipped ads, in publication order."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            r["published"] = date.fromisoformat(r["published"])
            r["unpublished"] = date.fromisoformat(r["unpublished"])
            out.append(Ad(**r))
    return out


def job_period(duration: str) -> tuple[date | None, date | None]:
    """(start, end) written in an ad's duration: "1.2.2023 - 11.5.2023" has both,
    "16.1.2023 tai sopimuksen mukaan" a start only, "Sopimuksen mukaan" neither. A start
    without a year ("1.2.-30.4.2023") takes the end's year."""
    found = _DATE.findall(duration)
    years = [int(y) for _, _, y in found if y]
    days: list[date] = []
    for d, m, y in found[:2]:
        year = int(y) if y else (years[-1] if years else None)
        if year is None:
            continue
        try:
            days.append(date(year, int(m), int(d)))
        except ValueError:
            continue
    if not days:
        return None, None
    return days[0], (days[1] if len(days) > 1 and days[1] >= days[0] else None)
