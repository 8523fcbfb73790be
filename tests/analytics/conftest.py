"""Shared fixtures: simulated confounded data with a known effect, tiny register data sets."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest


def confounded(n: int = 4000, seed: int = 1, effect: float = 0.10, separation: float = 1.0) -> pl.DataFrame:
    """Older, less educated and long-term unemployed people are both less likely to be
    treated and less likely to find work, so the naive difference overstates the effect."""
    rng = np.random.default_rng(seed)
    age = rng.uniform(18, 64, n)
    edu = rng.choice(["basic", "upper_secondary", "tertiary"], n, p=[0.3, 0.5, 0.2])
    long_term = rng.random(n) < 0.3
    x = (age - 40) / 12
    lin = -0.5 + separation * (-0.8 * x + 0.9 * (edu == "tertiary") - 1.0 * long_term)
    t = (rng.random(n) < 1 / (1 + np.exp(-lin))).astype(int)
    base = 1 / (1 + np.exp(-(-0.3 - 0.7 * x + 0.8 * (edu == "tertiary") - 1.2 * long_term)))
    y = (rng.random(n) < np.clip(base + effect * t, 0, 1)).astype(int)
    return pl.DataFrame({"treated": t, "employed": y, "age": age, "education": edu, "long_term": long_term})


@pytest.fixture
def make_confounded():
    return confounded


@pytest.fixture(autouse=True)
def _fast_password_hashing():
    """Overrides the suite-wide Django fixture: analytics tests must run without Django."""
    yield
