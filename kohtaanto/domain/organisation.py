"""The default organisation: Helsinki's municipal employment services (seed, Dec 2020).

Other municipalities are configured with the same shape (a JSON file passed to
`kohtaanto org load`), so nothing elsewhere hard-codes Helsinki.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Team:
    code: str
    name: str
    experts: int
    social_workers: int = 0
    offices: tuple[str, ...] = ()
    # Segment the team serves: "adult_basic", "adult_upper_secondary", "adult_tertiary",
    # "youth", "light", "multiprofessional", "multiprofessional_youth",
    # "integration_rehab", "integration_career".
    segment: str = ""


@dataclass(frozen=True)
class ServiceUnit:
    code: str
    name: str
    clients: int
    person_years: int
    teams: tuple[Team, ...]


@dataclass(frozen=True)
class SharedRole:
    role: str
    count: int
    unit: str | None = None  # None: serves all units


@dataclass(frozen=True)
class Organisation:
    municipality_code: str
    municipality_name: str
    offices: tuple[str, ...]
    units: tuple[ServiceUnit, ...]
    shared: tuple[SharedRole, ...] = field(default_factory=tuple)

    def unit(self, code: str) -> ServiceUnit:
        return next(u for u in self.units if u.code == code)

    def teams(self) -> list[tuple[ServiceUnit, Team]]:
        return [(u, t) for u in self.units for t in u.teams]

    @property
    def total_clients(self) -> int:
        return sum(u.clients for u in self.units)


HELSINKI = Organisation(
    municipality_code="091",
    municipality_name="Helsinki",
    offices=("Itäkeskus", "Pasila", "Viipurinkatu", "Kamppi"),
    units=(
        ServiceUnit(
            code="OSU",
            name="Osaaminen ja uraohjaus",
            clients=29_500,
            person_years=118,
            teams=(
                Team("OSU-AP", "Aikuiset / perusaste", 20, 0, ("Viipurinkatu",), "adult_basic"),
                Team("OSU-AT", "Aikuiset / toinen aste", 20, 0, ("Itäkeskus",), "adult_upper_secondary"),
                Team("OSU-AK", "Aikuiset / korkea-aste", 16, 0, ("Pasila",), "adult_tertiary"),
                Team("OSU-N", "Nuoret / kaikki asteet", 32, 0, ("Kamppi", "Itäkeskus"), "youth"),
                Team("OSU-K1", "Kevyt asiointi ja neuvonta 1", 15, 0, ("Itäkeskus", "Pasila"), "light"),
                Team("OSU-K2", "Kevyt asiointi ja neuvonta 2", 15, 0, ("Viipurinkatu", "Kamppi"), "light"),
            ),
        ),
        ServiceUnit(
            code="TKP",
            name="Työhön kuntouttavat palvelut",
            clients=15_500,
            person_years=97,
            teams=(
                Team("TKP-M1", "Monialainen 1", 23, 1, ("Itäkeskus",), "multiprofessional"),
                Team("TKP-M2", "Monialainen 2", 23, 1, ("Viipurinkatu",), "multiprofessional"),
                Team("TKP-M3", "Monialainen 3", 23, 1, ("Itäkeskus", "Pasila"), "multiprofessional"),
                Team(
                    "TKP-MN", "Monialainen nuoret", 22, 3, ("Kamppi", "Itäkeskus"), "multiprofessional_youth"
                ),
            ),
        ),
        ServiceUnit(
            code="KOTO",
            name="Kotoutumisen palvelut",
            clients=5_000,
            person_years=34,
            teams=(
                Team("KOTO-1", "Koto+1 Työhön kuntoutus", 14, 3, ("Itäkeskus",), "integration_rehab"),
                Team(
                    "KOTO-2", "Koto+2 Osaaminen ja uraohjaus", 17, 0, ("Viipurinkatu",), "integration_career"
                ),
            ),
        ),
    ),
    shared=(
        SharedRole("psychologist", 12),
        SharedRole("psychologist", 3, "KOTO"),
        SharedRole("startup_grant_expert", 2),
        SharedRole("pay_subsidy_expert", 4),
        SharedRole("employer_coordinator", 5),
    ),
)


def load_organisation(path: str | Path) -> Organisation:
    """Read an organisation from JSON of the same shape as `organisation_to_dict`."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    units = tuple(
        ServiceUnit(
            code=u["code"],
            name=u["name"],
            clients=int(u["clients"]),
            person_years=int(u["person_years"]),
            teams=tuple(Team(**{**t, "offices": tuple(t.get("offices", ()))}) for t in u["teams"]),
        )
        for u in data["units"]
    )
    return Organisation(
        municipality_code=data["municipality_code"],
        municipality_name=data["municipality_name"],
        offices=tuple(data["offices"]),
        units=units,
        shared=tuple(SharedRole(**s) for s in data.get("shared", ())),
    )


def organisation_to_dict(org: Organisation) -> dict:
    from dataclasses import asdict

    return asdict(org)
