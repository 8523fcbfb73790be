"""Calibration targets of the generator and where each number comes from.

The targets are constants so that the package works without the reference data; the
function `derive_from_stats` recomputes them from the public statistics file
(``aggregate_figures.csv``, see the project's shared data README) and a test checks that
the two agree.

- FOREIGN_LANGUAGE_SHARE: Helsinki, Dec 2019, foreign-language unemployed 8,935 of
  31,554 unemployed job seekers = 28.3 % ("vieraskieliset", Ulkomaalaistaustaiset Helsingissä).
- LONG_TERM_SHARE: Helsinki, Nov 2025, long-term unemployed 23,770 of 48,140 = 49.4 %
  (City Board case HEL 2025-014917). Measured on the active stock at `as_of`.
- UNDER_25_SHARE: Finland, Nov 2025, under-25s 36,300 of 318,700 = 11.4 % (KEHA-keskus).
  No Helsinki figure for the count is available.
- UNDER_30_SHARE: derived. Helsinki, Dec 2019, unemployment rates under 25 / 25-29 /
  under 30 were 6.7 / 6.3 / 6.5 %. The under-30 rate is the labour-force-weighted mean of the
  other two, so 6.5 = 6.7 w + 6.3 (1 - w) gives w = 0.5: the two age groups have equal labour
  forces and the 25-29 unemployed number 6.3/6.7 of the under-25 unemployed. Hence
  under-30 share = 11.4 % x (1 + 6.3/6.7) = 22.1 %. Cross-check: the youth teams' share of
  Helsinki's caseload capacity (OSU-N and TKP-MN experts at their unit's caseload) is 23.5 %.
- OVER_55_SHARE: Finland, Nov 2025, over-55s 83,100 of 318,700 = 26.1 %.
- SWEDISH_SPEAKER_SHARE: assumption (not in the statistics files): about 4 % of Helsinki's
  unemployed are Swedish speakers (their population share is about 5.5 %, with lower unemployment).
"""

from __future__ import annotations

import csv
from pathlib import Path

FOREIGN_LANGUAGE_SHARE = 0.283
LONG_TERM_SHARE = 0.494
UNDER_25_SHARE = 0.114
UNDER_30_SHARE = 0.221
OVER_55_SHARE = 0.261
SWEDISH_SPEAKER_SHARE = 0.04

# Mother tongues of foreign-language job seekers: rough Helsinki proportions (assumption,
# ordered like the largest foreign-language groups of Helsinki's population).
FOREIGN_TONGUE_WEIGHTS = {
    "ru": 0.19,
    "ar": 0.12,
    "so": 0.11,
    "et": 0.09,
    "uk": 0.09,
    "en": 0.07,
    "fa": 0.07,
    "ku": 0.05,
    "es": 0.05,
    "vi": 0.04,
    "tr": 0.04,
    "zh": 0.03,
}

# Months weights of new registrations (job losses peak after summer and around new year).
REGISTRATION_MONTH_WEIGHTS = (1.25, 1.0, 0.95, 0.9, 0.95, 1.15, 1.1, 1.15, 1.0, 0.9, 0.85, 0.8)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _value(rows: list[dict[str, str]], region: str, period: str, indicator_startswith: str) -> str:
    for row in rows:
        if (
            row["region"] == region
            and row["period"] == period
            and row["indicator"].startswith(indicator_startswith)
        ):
            return row["value"]
    raise KeyError(f"{region} {period} {indicator_startswith!r} not in the statistics file")


def derive_from_stats(stats_dir: str | Path) -> dict[str, float]:
    """Recompute the targets from ``aggregate_figures.csv`` in `stats_dir`."""
    rows = _rows(Path(stats_dir) / "aggregate_figures.csv")
    fi_all = float(_value(rows, "Finland", "2025-11", "unemployed jobseekers, end of month"))
    fi_u25 = float(_value(rows, "Finland", "2025-11", "unemployed jobseekers under 25"))
    fi_o55 = float(_value(rows, "Finland", "2025-11", "unemployed jobseekers over 55"))
    hel_all = float(_value(rows, "Helsinki", "2025-11", "unemployed jobseekers, end of month"))
    hel_ltu = float(_value(rows, "Helsinki", "2025-11", "long-term unemployed"))
    hel_2019 = float(_value(rows, "Helsinki", "2019-12", "unemployed jobseekers"))
    hel_foreign = float(_value(rows, "Helsinki", "2019-12", "foreign-language unemployed"))
    rates = _value(rows, "Helsinki", "2019-12", "unemployment rate under 25")
    r_u25, r_25_29, r_u30 = (float(x) for x in rates.split("/"))
    weight_u25 = (r_u30 - r_25_29) / (r_u25 - r_25_29)  # labour-force share of the under-25s
    u25 = fi_u25 / fi_all
    ratio_25_29 = (r_25_29 * (1 - weight_u25)) / (r_u25 * weight_u25)
    return {
        "foreign_language_share": hel_foreign / hel_2019,
        "long_term_share": hel_ltu / hel_all,
        "under_25_share": u25,
        "under_30_share": u25 * (1 + ratio_25_29),
        "over_55_share": fi_o55 / fi_all,
    }
