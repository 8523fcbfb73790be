"""Synthetic staff from the organisation config, and responsible-worker assignment.

Every team gets its experts (case workers), social workers and one team leader (PE);
every service unit a service manager; shared roles come from `Organisation.shared`.
Everyone serves in Finnish; many also in English or Swedish, and integration-services
staff often in a client language.
"""

from __future__ import annotations

import math

import numpy as np

from kohtaanto.domain.organisation import Organisation
from kohtaanto.synthetic.names import NAMES

CLIENT_LANGUAGES = ("ru", "ar", "so", "fa", "et", "uk", "ku")


def make_staff(rng: np.random.Generator, org: Organisation, scale: float = 1.0) -> dict[str, list]:
    """Staff rows as column lists; role codes are those of docs/data-model.md.

    `scale` (active clients / the organisation's clients) sizes the teams to the data, so
    a small demo still gives each worker a realistic caseload: every team keeps its leader
    and at least one expert (and one social worker if it has any)."""

    def scaled(k: int) -> int:
        return max(1, math.ceil(k * scale - 1e-9)) if k else 0

    rows: list[tuple[str, str | None, str | None, str, bool]] = []  # role, unit, team, office, koto
    for unit in org.units:
        rows.append(("service_manager", unit.code, None, unit.teams[0].offices[0], unit.code == "KOTO"))
        for team in unit.teams:
            offices = team.offices or org.offices
            rows.append(("team_leader", unit.code, team.code, offices[0], unit.code == "KOTO"))
            for i in range(scaled(team.experts)):
                rows.append(
                    ("case_worker", unit.code, team.code, offices[i % len(offices)], unit.code == "KOTO")
                )
            for i in range(scaled(team.social_workers)):
                rows.append(
                    ("social_worker", unit.code, team.code, offices[i % len(offices)], unit.code == "KOTO")
                )
    for shared in org.shared:
        for i in range(scaled(shared.count)):
            rows.append(
                (shared.role, shared.unit, None, org.offices[i % len(org.offices)], shared.unit == "KOTO")
            )
    n = len(rows)
    origin = rng.choice(["fi", "sv", "foreign"], size=n, p=[0.85, 0.08, 0.07])
    koto = np.array([r[4] for r in rows])
    origin[koto & (rng.random(n) < 0.35)] = "foreign"
    tongue = np.where(origin == "foreign", rng.choice(CLIENT_LANGUAGES, size=n), origin)
    gender = np.where(rng.random(n) < 0.7, "F", "M")  # the profession is mostly women
    first, last, languages = [], [], []
    for i in range(n):
        f_first, m_first, f_last, m_last = NAMES[tongue[i]]
        firsts, lasts = (f_first, f_last) if gender[i] == "F" else (m_first, m_last)
        first.append(firsts[rng.integers(len(firsts))])
        last.append(lasts[rng.integers(len(lasts))])
        langs = {"fi", tongue[i]}
        if rng.random() < 0.75:
            langs.add("en")
        if tongue[i] == "fi" and rng.random() < 0.25:
            langs.add("sv")
        if koto[i] and rng.random() < 0.4:
            langs.add(CLIENT_LANGUAGES[rng.integers(len(CLIENT_LANGUAGES))])
        languages.append(sorted(langs))
    return {
        "staff_id": [f"S{i + 1:04d}" for i in range(n)],
        "first_name": first,
        "last_name": last,
        "role": [r[0] for r in rows],
        "service_unit": [r[1] for r in rows],
        "team": [r[2] for r in rows],
        "office": [r[3] for r in rows],
        "languages": languages,
    }


def assign_workers(
    rng: np.random.Generator, staff: dict[str, list], team: np.ndarray, active: np.ndarray
) -> np.ndarray:
    """Responsible worker per client: round-robin within the team, active clients first.

    Active caseloads within a team then differ by at most one, and so do total caseloads.
    Returns indices into the staff rows.
    """
    n = len(team)
    out = np.full(n, -1, dtype=np.int64)
    roles = np.array(staff["role"])
    teams = np.array(staff["team"], dtype=object)
    for code in np.unique(team):
        workers = np.flatnonzero((roles == "case_worker") & (teams == code))
        if not len(workers):
            raise ValueError(f"team {code} has no case workers")
        members = np.flatnonzero(team == code)
        members = members[np.lexsort((rng.random(len(members)), ~active[members]))]
        out[members] = rng.permutation(workers)[np.arange(len(members)) % len(workers)]
    return out
