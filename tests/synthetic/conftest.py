"""Pure tests of the generator: no database, no Django."""

import datetime as dt

import pytest

from kohtaanto.synthetic import generate

N_CLIENTS = 4000
SEED = 20240601
AS_OF = dt.date(2026, 10, 31)


@pytest.fixture(scope="session")
def data():
    return generate(N_CLIENTS, SEED, AS_OF)


@pytest.fixture(scope="session")
def active(data):
    import polars as pl

    return data["clients"].filter(pl.col("job_search_status") == "active")
