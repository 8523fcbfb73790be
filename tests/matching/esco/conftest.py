"""Shared fixtures: a tiny hand-made ESCO-shaped package and releases built from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kohtaanto.matching.esco import import_packages, subset
from kohtaanto.matching.esco.analysis import Analyzer

FIXTURES = Path(__file__).parent / "fixtures"
OCC = "http://data.europa.eu/esco/occupation/"
SKILL = "http://data.europa.eu/esco/skill/"


@pytest.fixture(scope="session")
def fixture_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def tiny_release():
    return import_packages([FIXTURES])


@pytest.fixture(scope="session")
def tiny_default(tiny_release):
    return subset(tiny_release)


@pytest.fixture(scope="session", params=["voikko", "simplemma"])
def analyzer(request) -> Analyzer:
    if request.param == "voikko":
        try:
            return Analyzer("voikko")
        except RuntimeError:
            pytest.skip("Voikko (libvoikko + voikko-fi) not installed")
    return Analyzer("simplemma")
