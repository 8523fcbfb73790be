"""Layering as contracts (issue 11): `.importlinter` holds them and `make test` runs
`lint-imports`; here each contract is shown to catch a deliberate violation in a
throw-away copy of the package."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).parent / "lint-imports"
pytestmark = pytest.mark.slow


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--config", str(cwd / ".importlinter")],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_contracts_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize(
    ("module", "violation"),
    [
        ("kohtaanto/domain/_violation.py", "import django.db\n"),
        ("kohtaanto/analytics/_violation.py", "from kohtaanto.clients import models\n"),
    ],
)
def test_a_violation_breaks_the_contract(tmp_path, module, violation):
    shutil.copytree(
        ROOT / "kohtaanto",
        tmp_path / "kohtaanto",
        ignore=shutil.ignore_patterns("data", "locale", "static", "templates", "__pycache__"),
    )
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    (tmp_path / module).write_text(violation, encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode != 0 and "_violation" in result.stdout, result.stdout[-2000:]
