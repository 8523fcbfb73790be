"""The benchmarks are scripts outside the package, so nothing imports them in the suite; a
moved or renamed module would break one silently (benchmarks/audit_overhead.py did, twice).
Every `from kohtaanto... import name` in them must resolve."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((ROOT / "benchmarks").glob("*.py"))


@pytest.mark.django_db
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_every_kohtaanto_import_of_a_benchmark_resolves(script):
    broken = []
    for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kohtaanto"):
            module = importlib.import_module(node.module)
            for alias in node.names:
                if not hasattr(module, alias.name):
                    try:
                        importlib.import_module(f"{node.module}.{alias.name}")
                    except ImportError:
                        broken.append(f"from {node.module} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("kohtaanto"):
                    try:
                        importlib.import_module(alias.name)
                    except ImportError:
                        broken.append(f"import {alias.name}")
    assert not broken, broken
