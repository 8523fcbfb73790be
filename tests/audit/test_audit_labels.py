"""Every purpose and target the code writes into the audit log has words for people
(kohtaanto/audit/labels.py), so access logs never show a code (issue 18, item 6)."""

from __future__ import annotations

import re
from pathlib import Path

from kohtaanto.audit.labels import PURPOSE_LABELS, PURPOSE_PREFIX_LABELS, TARGET_LABELS

PACKAGE = Path(__file__).resolve().parents[2] / "kohtaanto"
PURPOSE = re.compile(r"""purpose\s*=\s*(?:[a-z_.]+\s+or\s+)?f?"([^"{]+)[":{]""")
TARGET = re.compile(r"""(?:target_type\s*=\s*"([a-z_.]+)"|AuditEntry\(\s*"[a-z]+",\s*"([a-z_.]+)")""")


def _written(pattern: re.Pattern) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            code = next(g for g in match.groups() if g)
            found.setdefault(code.rstrip(": "), str(path.relative_to(PACKAGE)))
    return found


def test_every_written_purpose_has_a_label():
    purposes = _written(PURPOSE)
    assert "worklist" in purposes and "record meeting" in purposes  # the scan finds them
    missing = {
        code: where
        for code, where in purposes.items()
        if code not in PURPOSE_LABELS and code not in PURPOSE_PREFIX_LABELS
    }
    assert not missing, f"purposes without words in kohtaanto/audit/labels.py: {missing}"


def test_every_written_target_has_a_label():
    targets = _written(TARGET)
    assert "client.worklist" in targets and "meeting" in targets
    missing = {code: where for code, where in targets.items() if code not in TARGET_LABELS}
    assert not missing, f"targets without words in kohtaanto/audit/labels.py: {missing}"


def test_every_need_to_know_reason_has_words_in_the_access_log():
    from kohtaanto.accounts.policy import ACCESS_REASONS
    from kohtaanto.audit.labels import PURPOSE_LABELS

    missing = [code for code in ACCESS_REASONS if f"need to know: {code}" not in PURPOSE_LABELS]
    assert not missing, f"reasons without words in kohtaanto/audit/labels.py: {missing}"
