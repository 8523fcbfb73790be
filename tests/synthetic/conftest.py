"""Pure tests of the generator: no database, no Django.

tests/conftest.py has an autouse fixture that asks for pytest-django's `settings`; with
``-p no:django`` that fixture does not exist, so provide a harmless stand-in here.
"""

import datetime as dt
from types import SimpleNamespace

import pytest

from kohtaanto.synthetic import generate

N_CLIENTS = 4000
SEED = 20240601
AS_OF = dt.date(2026, 10, 31)


@pytest.fixture
def settings():
    return SimpleNamespace()


@pytest.fixture(scope="session")
def data():
    return generate(N_CLIENTS, SEED, AS_OF)


@pytest.fixture(scope="session")
def active(data):
    import polars as pl

    return data["clients"].filter(pl.col("job_search_status") == "active")
