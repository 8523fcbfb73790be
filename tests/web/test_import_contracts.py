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
    ("files", "contract"),
    [
        ({"kohtaanto/domain/_violation.py": "import django.db\n"}, "The pure libraries"),
        (
            {"kohtaanto/analytics/_violation.py": "from kohtaanto.clients import models\n"},
            "The pure libraries",
        ),
        # An app importing upward: clients sit below referrals.
        ({"kohtaanto/clients/_violation.py": "from kohtaanto.referrals import models\n"}, "Apps import only"),
        # The audit log sits below accounts (everyone writes to it).
        ({"kohtaanto/audit/_violation.py": "from kohtaanto.accounts import policy\n"}, "Apps import only"),
        # Two modules of one package importing each other.
        (
            {
                "kohtaanto/market/_violation.py": "from kohtaanto.market import _violation_b\n",
                "kohtaanto/market/_violation_b.py": "from kohtaanto.market import _violation\n",
            },
            "No import circles",
        ),
    ],
)
def test_a_violation_breaks_the_contract(tmp_path, files, contract):
    shutil.copytree(
        ROOT / "kohtaanto",
        tmp_path / "kohtaanto",
        ignore=shutil.ignore_patterns("data", "locale", "static", "templates", "__pycache__"),
    )
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    for module, text in files.items():
        (tmp_path / module).write_text(text, encoding="utf-8")
    result = _lint(tmp_path)
    out = " ".join(result.stdout.split())  # lint-imports wraps long names
    assert result.returncode != 0 and "_violation" in out, out[-2000:]
    broken = out[out.index("Broken contracts") :]
    assert contract in broken, broken[:2000]
