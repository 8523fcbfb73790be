"""The shared reference data (../shared beside the repository, or KOHTAANTO_SHARED_DIR).

Tests that need it call `shared_file`: where the file is missing they fail with a clear
message in CI (CI is set) and are skipped elsewhere, so a fresh clone never skips silently
in CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KOHTAANTO_SHARED_DIR") or REPO.parent / "shared")


def shared_file(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        message = (
            f"shared data {path} is missing: put ../shared beside the repository or set KOHTAANTO_SHARED_DIR"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path
