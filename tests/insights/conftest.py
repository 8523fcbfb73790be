"""Fixtures for the insights tests: a generated register loaded into the database, and a
hand-made results folder for precise disclosure and scoping checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from kohtaanto.insights.models import Refresh, RefreshStatus


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    """Each test gets its own analytics folder."""
    settings.DATA_DIR = tmp_path / "data"
    Path(settings.DATA_DIR).mkdir()


@pytest.fixture(scope="session")
def register_folder(tmp_path_factory):
    from kohtaanto.synthetic import generate, write

    folder = tmp_path_factory.mktemp("register")
    write(folder, generate(1000, seed=5))
    return folder


@pytest.fixture
def loaded(db, register_folder):
    """The generated register in the database: organisation, staff, clients, meetings,
    events (clients.loader) and services with referrals (insights.demo)."""
    from kohtaanto.clients.loader import load_folder
    from kohtaanto.domain.organisation import HELSINKI
    from kohtaanto.insights.demo import register_services_install
    from kohtaanto.organisation.services import organisation_install

    organisation_install(org=HELSINKI)
    counts = load_folder(register_folder)
    counts.update(register_services_install(register_folder))
    return counts


def write_results(folder: Path, tables: dict[str, pl.DataFrame], as_of: str = "2026-10-31") -> Refresh:
    """A finished refresh whose results are the given tables."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        df.write_parquet(folder / f"{name}.parquet")
    now = dt.datetime.now(dt.UTC)
    return Refresh.objects.create(
        status=RefreshStatus.DONE,
        results_dir=str(folder),
        report={"as_of": as_of},
        started_at=now,
        finished_at=now,
    )
