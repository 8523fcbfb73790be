"""Every model change has its migration: a missing one would leave a fresh install (and CI's
PostgreSQL) with a schema that differs from the code."""

from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_without_a_migration(capsys):
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=1)
    except SystemExit as exc:  # --check exits 1 when a migration is missing
        pytest.fail(f"missing migration (exit {exc.code}):\n{capsys.readouterr().out}")
