"""An employment area's labour-market profile from the public statistics (issue 15, point 4).

The generator is calibrated on Helsinki (calibration.py). Another area differs from it, in
Statistics Finland's table 1001 per municipality (`data_kunta_1001.csv`: unemployed job
seekers, labour force and open vacancies by month, 2006-2020; CC BY 4.0, see the shared data
README), in two ways the generator can take:

- **Labour-market tightness**, open vacancies per unemployed job seeker, averaged over 2019
  (the last full year before the pandemic moved every series). The rate at which job seekers
  find work rises with tightness; matching-function estimates put the elasticity of the
  job-finding rate with respect to tightness at about 0.3-0.5 (Petrongolo and Pissarides 2001,
  "Looking into the black box", J. Econ. Lit. 39(2)). The area's daily employment hazard is
  Helsinki's times (tightness_area / tightness_Helsinki) ** 0.4, kept within 0.6..1.6. A
  slower exit to work also lengthens job searches, so the long-term share follows from it.
- **Seasonality.** The monthly index of the unemployed stock over 2015-2019 (each month over
  its year's mean, averaged over the years). The area's monthly weights of new registrations
  are Helsinki's calibrated weights times the area's index over Helsinki's: an area whose
  unemployment swells more in summer (students, seasonal work) registers more then.

Helsinki's own profile is the identity (ratio 1, Helsinki's weights), so its output is the
calibrated one, byte for byte. An area without statistics keeps Helsinki's profile and says so.

The profiles of the areas `areas.AREAS` knows are shipped, derived from the same table
(`kohtaanto/data/areas/profiles.json`, rebuilt by `scripts/area_profiles.py`), so the demo's
second area and `kohtaanto generate --areas` without `--stats` get their own labour market too.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import calibration as cal

STATS_FILE = "data_kunta_1001.csv"
COLUMNS = ("Tyottomat", "Tyovoima", "Avoimet_tyopaikat", "time", "kunta")
TIGHTNESS_YEAR = "2019"
SEASON_YEARS = ("2015", "2016", "2017", "2018", "2019")
ELASTICITY = 0.4
RATIO_RANGE = (0.6, 1.6)
REFERENCE = "Helsinki"
SHIPPED = Path(__file__).resolve().parents[1] / "data" / "areas" / "profiles.json"


class ProfileError(ValueError):
    """The statistics cannot give a profile (missing file or columns)."""


@dataclass(frozen=True)
class AreaProfile:
    name: str
    employment_ratio: float = 1.0  # the daily employment hazard relative to Helsinki's
    registration_weights: tuple[float, ...] = cal.REGISTRATION_MONTH_WEIGHTS  # January..December
    tightness: float | None = None  # open vacancies per unemployed, mean of TIGHTNESS_YEAR
    source: str = "Helsinki's profile: no statistics"

    @property
    def is_reference(self) -> bool:
        return self.employment_ratio == 1.0 and self.registration_weights == cal.REGISTRATION_MONTH_WEIGHTS

    def as_json(self, digits: int | None = 4) -> dict:
        """For people (rounded to `digits`), or exact (None) to be read back by `from_json`."""

        def r(x: float) -> float:
            return x if digits is None else round(x, digits)

        return {
            "name": self.name,
            "employment_ratio": r(self.employment_ratio),
            "registration_weights": [r(w) for w in self.registration_weights],
            "tightness": None if self.tightness is None else r(self.tightness),
            "source": self.source,
        }

    @classmethod
    def from_json(cls, d: dict) -> AreaProfile:
        return cls(
            d["name"],
            float(d["employment_ratio"]),
            tuple(float(w) for w in d["registration_weights"]),
            d["tightness"],
            d["source"],
        )


def _series(path: Path) -> dict[str, dict[str, tuple[float | None, float | None]]]:
    """municipality -> month -> (unemployed, open vacancies)."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise ProfileError(f"{path}: missing columns {', '.join(missing)}")
            out: dict[str, dict[str, tuple[float | None, float | None]]] = {}
            for row in reader:
                u, v = row["Tyottomat"], row["Avoimet_tyopaikat"]
                out.setdefault(row["kunta"], {})[row["time"]] = (
                    float(u) if u else None,
                    float(v) if v else None,
                )
            return out
    except OSError as exc:
        raise ProfileError(f"cannot read {path}: {exc}") from None


def _tightness(months: dict[str, tuple[float | None, float | None]]) -> float | None:
    ratios = [v / u for m, (u, v) in months.items() if m.startswith(TIGHTNESS_YEAR) and u and v is not None]
    return sum(ratios) / len(ratios) if len(ratios) >= 12 else None


def _season(months: dict[str, tuple[float | None, float | None]]) -> list[float] | None:
    """Mean over SEASON_YEARS of each month's unemployed over its year's mean."""
    index = [0.0] * 12
    for year in SEASON_YEARS:
        values = [months.get(f"{year}-{m:02d}", (None, None))[0] for m in range(1, 13)]
        if any(v is None or v <= 0 for v in values):
            return None
        mean = sum(values) / 12  # type: ignore[arg-type]
        for i, v in enumerate(values):
            index[i] += v / mean / len(SEASON_YEARS)  # type: ignore[operator]
    return index


def derive_profile(name: str, stats_dir: str | Path) -> AreaProfile:
    """The area's profile from the statistics, or Helsinki's when they do not cover it."""
    series = _series(Path(stats_dir) / STATS_FILE)
    ref, own = series.get(REFERENCE, {}), series.get(name)
    ref_t, ref_s = _tightness(ref), _season(ref)
    if name == REFERENCE:
        return AreaProfile(name, tightness=ref_t, source="Helsinki: the calibration itself")
    if own is None or ref_t is None or ref_s is None:
        return AreaProfile(name)
    t, s = _tightness(own), _season(own)
    if t is None or s is None:
        return AreaProfile(name)
    lo, hi = RATIO_RANGE
    ratio = min(hi, max(lo, (t / ref_t) ** ELASTICITY))
    weights = tuple(w * a / h for w, a, h in zip(cal.REGISTRATION_MONTH_WEIGHTS, s, ref_s, strict=True))
    source = (
        f"Statistics Finland table 1001: tightness {TIGHTNESS_YEAR}, seasonality "
        f"{SEASON_YEARS[0]}-{SEASON_YEARS[-1]}"
    )
    return AreaProfile(name, ratio, weights, t, source)


def write_shipped(names: list[str], stats_dir: str | Path, path: str | Path = SHIPPED) -> dict:
    """Derive the profiles of `names` and write them, at full precision, with their source."""
    profiles = {name: derive_profile(name, stats_dir) for name in names}
    doc = {
        "source": "Statistics Finland, table 1001 (municipal unemployment and open vacancies "
        "by month), via ../shared/data/stats/data_kunta_1001.csv",
        "licence": "CC BY 4.0, Statistics Finland",
        "profiles": {name: p.as_json(digits=None) for name, p in profiles.items()},
    }
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return doc


@lru_cache(maxsize=1)
def _shipped(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["profiles"] if path.is_file() else {}


def shipped_profile(name: str, path: Path = SHIPPED) -> AreaProfile:
    """The shipped profile of the municipality `name`, or Helsinki's when none is shipped."""
    found = _shipped(path).get(name)
    return AreaProfile(name) if found is None else AreaProfile.from_json(found)
