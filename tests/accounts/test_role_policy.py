"""One role policy (issue 11, first part): the menu comes from kohtaanto.accounts.policy, no
template compares role names, and the team's case-work role set is written once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kohtaanto.accounts.models import Role
from kohtaanto.accounts.policy import MENU, menu_for
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def test_no_template_compares_role_names():
    hits = []
    for path in (ROOT / "kohtaanto" / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\.role\b", text):  # user.role == ..., request.user.role in ...
            hits.append(str(path.relative_to(ROOT)))
    assert not hits, hits


def test_the_team_casework_set_is_written_once():
    pattern = re.compile(
        r"[({]\s*Role\.CASE_WORKER,\s*Role\.TEAM_LEADER\s*[)}]|\"case_worker\",\s*\"team_leader\"\)"
    )
    writers = {
        str(p.relative_to(ROOT))
        for p in (ROOT / "kohtaanto").rglob("*.py")
        if "migrations" not in p.parts and pattern.search(p.read_text(encoding="utf-8"))
    }
    assert writers <= {"kohtaanto/accounts/policy.py"}, sorted(writers)


# Modules that may name roles: the policy and the model's choices (and migrations).
MAY_NAME_ROLES = {"kohtaanto/accounts/policy.py", "kohtaanto/accounts/models.py"}
# Role members, role sets written again, or role values as strings in a route's guard.
ROLE_NAME = re.compile(r"\bRole\.[A-Z_]+\b|\b(NETWORK|STAFF)_ROLES\s*=|(role_auth|market_role)\([^)]*[\"']")


def test_no_module_but_the_policy_names_a_role():
    """Services, selectors, API routes and views ask kohtaanto.accounts.policy; none of them
    compares or lists roles itself (issue 11: 'grep finds no role names')."""
    hits = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in (ROOT / "kohtaanto").rglob("*.py")
        if "migrations" not in p.parts and str(p.relative_to(ROOT)) not in MAY_NAME_ROLES
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if ROLE_NAME.search(line)
    ]
    assert not hits, hits


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_every_role_gets_its_menu_items_in_order(role):
    user = UserFactory(role=role)
    expected = [item.url_name for item in MENU if role in item.roles]
    assert len(menu_for(user)) == len(expected)
