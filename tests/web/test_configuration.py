"""One typed settings schema (issue 11): every setting declared once in kohtaanto/config.py,
docs/configuration.md generated from it and current, nothing else reading the environment,
and a malformed value refused with the variable's name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kohtaanto.config import ConfigError, docs_markdown, load_config

ROOT = Path(__file__).resolve().parents[2]
# Reading the environment is the schema's job; these only set process defaults.
ALLOWED = {
    "kohtaanto/config.py",
    "kohtaanto/cli.py",  # setdefault DJANGO_SETTINGS_MODULE
    "kohtaanto/wsgi.py",  # the same
    "kohtaanto/djcli.py",  # `serve` sets KOHTAANTO_DEBUG=0 for gunicorn's workers
    "kohtaanto/matching/encoders.py",  # setdefault OMP_WAIT_POLICY for the encoder's threads
    "kohtaanto/analytics/engine.py",  # JAVA_HOME, the JVM's own convention that Spark reads too
}
READS = re.compile(r"os\.environ(?:\.get|\[)|os\.getenv")


def test_the_configuration_document_is_current():
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert doc == docs_markdown(), "run `kohtaanto config docs --write docs/configuration.md`"


def test_nothing_else_reads_the_environment():
    readers = {
        str(p.relative_to(ROOT))
        for p in (ROOT / "kohtaanto").rglob("*.py")
        if READS.search(p.read_text(encoding="utf-8"))
    }
    assert readers <= ALLOWED, sorted(readers - ALLOWED)


@pytest.mark.parametrize(
    ("var", "value", "named"),
    [
        ("KOHTAANTO_CASELOAD_NORM", "many", "KOHTAANTO_CASELOAD_NORM"),
        ("KOHTAANTO_SESSION_SECONDS", "5", "KOHTAANTO_SESSION_SECONDS"),
        ("KOHTAANTO_ENV", "staging", "KOHTAANTO_ENV"),
        ("KOHTAANTO_DEBUG", "perhaps", "KOHTAANTO_DEBUG"),
    ],
)
def test_a_malformed_value_names_the_variable(monkeypatch, var, value, named):
    monkeypatch.setenv(var, value)
    with pytest.raises(ConfigError, match=named):
        load_config()


def test_values_are_typed(monkeypatch):
    monkeypatch.setenv("KOHTAANTO_CASELOAD_NORM", "120")
    monkeypatch.setenv("KOHTAANTO_DEBUG", "0")
    monkeypatch.setenv("DATABASE_URL", "postgres://x@h/db")
    c = load_config()
    assert c.caseload_norm == 120 and c.debug is False and c.database_url == "postgres://x@h/db"
