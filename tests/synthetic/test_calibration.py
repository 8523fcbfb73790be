"""Calibration of the active stock at as_of to the public statistics (see calibration.py)."""

import polars as pl
import pytest

from kohtaanto.domain.organisation import HELSINKI
from kohtaanto.synthetic import calibration as cal
from kohtaanto.synthetic.population import team_quotas
from tests.shared import shared_file

from .conftest import AS_OF, N_CLIENTS

AGE = (pl.lit(AS_OF) - pl.col("birth_date")).dt.total_days() / 365.25


def test_targets_are_derived_from_the_statistics_file():
    stats = shared_file("data/stats/aggregate_figures.csv").parent
    derived = cal.derive_from_stats(stats)
    assert derived["foreign_language_share"] == pytest.approx(cal.FOREIGN_LANGUAGE_SHARE, abs=0.001)
    assert derived["long_term_share"] == pytest.approx(cal.LONG_TERM_SHARE, abs=0.001)
    assert derived["under_25_share"] == pytest.approx(cal.UNDER_25_SHARE, abs=0.001)
    assert derived["under_30_share"] == pytest.approx(cal.UNDER_30_SHARE, abs=0.001)
    assert derived["over_55_share"] == pytest.approx(cal.OVER_55_SHARE, abs=0.001)


def test_rows_per_team_follow_the_quotas(data):
    counts = dict(data["clients"]["team"].value_counts().iter_rows())
    assert counts == {k: v for k, v in team_quotas(HELSINKI, N_CLIENTS).items() if v}


def test_unit_shares_of_the_active_stock(active):
    shares = dict(active["service_unit"].value_counts(normalize=True).iter_rows())
    total = HELSINKI.total_clients
    for unit in HELSINKI.units:
        assert shares[unit.code] == pytest.approx(unit.clients / total, abs=0.04), unit.code


def test_foreign_language_share(active):
    assert (active["language_group"] == "foreign").mean() == pytest.approx(
        cal.FOREIGN_LANGUAGE_SHARE, abs=0.04
    )


def test_long_term_unemployed_about_half(active):
    assert active["long_term_unemployed"].mean() == pytest.approx(cal.LONG_TERM_SHARE, abs=0.05)


def test_age_shares(active):
    under30 = active.select((AGE < 30).mean()).item()
    under25 = active.select((AGE < 25).mean()).item()
    over55 = active.select((AGE >= 55).mean()).item()
    assert under30 == pytest.approx(cal.UNDER_30_SHARE, abs=0.04)
    assert under25 == pytest.approx(cal.UNDER_25_SHARE, abs=0.03)
    assert over55 == pytest.approx(cal.OVER_55_SHARE, abs=0.04)


def test_long_term_flag_matches_the_spell(data):
    c = data["clients"].with_columns(
        spell=(pl.coalesce("end_date", pl.lit(AS_OF)) - pl.col("registration_date")).dt.total_days()
    )
    assert (c["long_term_unemployed"] == (c["spell"] >= 365)).all()


def test_history_has_new_registrations_over_24_months_and_an_older_stock(data):
    reg = data["clients"]["registration_date"]
    window_start = AS_OF.replace(year=AS_OF.year - 2)
    new = reg.filter(reg >= window_start)
    assert 0.5 < len(new) / len(reg) < 0.85
    months = new.dt.strftime("%Y-%m").n_unique()
    assert months == 25  # every month of the window (both end months partly)
    assert reg.min() < window_start.replace(year=window_start.year - 3)
