"""The default organisation: Helsinki's municipal employment services (seed, Dec 2020).

Other municipalities are configured with the same shape (a JSON file passed to
`kohtaanto org install --config FILE.json`, validated here), so nothing elsewhere hard-codes Helsinki.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from pydantic import Field as PydField


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
class OfficePlace:
    """An office's street address and coordinates (public), for maps and travel times."""

    office: str
    address: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Organisation:
    municipality_code: str
    municipality_name: str
    offices: tuple[str, ...]
    units: tuple[ServiceUnit, ...]
    shared: tuple[SharedRole, ...] = field(default_factory=tuple)
    places: tuple[OfficePlace, ...] = field(default_factory=tuple)

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
    places=(
        OfficePlace("Itäkeskus", "Turunlinnantie 12, 00930 Helsinki", 60.2103, 25.0813),
        OfficePlace("Pasila", "Ratapihantie 11, 00520 Helsinki", 60.1989, 24.9335),
        OfficePlace("Viipurinkatu", "Viipurinkatu 2, 00510 Helsinki", 60.1887, 24.9487),
        OfficePlace("Kamppi", "Salomonkatu 17, 00100 Helsinki", 60.1690, 24.9320),
    ),
)


class OrganisationConfigError(ValueError):
    """A configuration file that cannot be installed; the message names the file, line or field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _TeamIn(_Strict):
    code: str = PydField(min_length=1, max_length=20)
    name: str = PydField(min_length=1, max_length=200)
    experts: int = PydField(ge=0)
    social_workers: int = PydField(0, ge=0)
    offices: tuple[str, ...] = ()
    segment: str = ""


class _UnitIn(_Strict):
    code: str = PydField(min_length=1, max_length=20)
    name: str = PydField(min_length=1, max_length=200)
    clients: int = PydField(ge=0)
    person_years: int = PydField(ge=0)
    teams: tuple[_TeamIn, ...] = ()


class _SharedIn(_Strict):
    role: str = PydField(min_length=1)
    count: int = PydField(ge=0)
    unit: str | None = None


class _PlaceIn(_Strict):
    office: str
    address: str = PydField(min_length=1, max_length=200)
    latitude: float = PydField(ge=-90, le=90)
    longitude: float = PydField(ge=-180, le=180)


class _OrganisationIn(_Strict):
    municipality_code: str = PydField(pattern=r"^[0-9]{3}$")
    municipality_name: str = PydField(min_length=1, max_length=100)
    offices: tuple[str, ...] = PydField(min_length=1)
    units: tuple[_UnitIn, ...] = PydField(min_length=1)
    shared: tuple[_SharedIn, ...] = ()
    places: tuple[_PlaceIn, ...] = ()

    @model_validator(mode="after")
    def _references(self) -> _OrganisationIn:
        """Codes are unique and every reference (team -> office, shared role -> unit) exists."""
        _unique("office", self.offices)
        _unique("unit code", [u.code for u in self.units])
        _unique("team code", [t.code for u in self.units for t in u.teams])
        units = {u.code for u in self.units}
        for u in self.units:
            for t in u.teams:
                for o in t.offices:
                    if o not in self.offices:
                        raise ValueError(f"team {t.code!r} (unit {u.code!r}) names an unknown office {o!r}")
        for p in self.places:
            if p.office not in self.offices:
                raise ValueError(f"place of an unknown office {p.office!r}")
        for s in self.shared:
            if s.unit is not None and s.unit not in units:
                raise ValueError(f"shared role {s.role!r} references a unit that doesn't exist: {s.unit!r}")
        return self


def _unique(what: str, values: list[str] | tuple[str, ...]) -> None:
    seen: set[str] = set()
    for v in values:
        if v in seen:
            raise ValueError(f"duplicate {what} {v!r}")
        seen.add(v)


def _unit_refs(raw: object) -> None:
    """Teams listed at the top level with a `unit` field (the other accepted shape) must
    name a unit that exists; checked before the schema so the error names team and unit."""
    if not isinstance(raw, dict) or "teams" not in raw:
        return
    units = {u.get("code") for u in raw.get("units", []) if isinstance(u, dict)}
    for i, t in enumerate(raw["teams"]):
        if isinstance(t, dict) and t.get("unit") not in units:
            raise OrganisationConfigError(
                f"teams[{i}]: team {t.get('code')!r} references a unit that doesn't exist: {t.get('unit')!r}"
            )


def organisation_from_dict(raw: object) -> Organisation:
    """Validate a configuration and build the organisation. Teams sit either inside their
    unit (`units[].teams`) or at the top level with a `unit` code (`teams[].unit`)."""
    _unit_refs(raw)
    if isinstance(raw, dict) and "teams" in raw:
        raw = dict(raw)
        flat = raw.pop("teams")
        units = [dict(u, teams=list(u.get("teams", []))) for u in raw.get("units", [])]
        by_code = {u.get("code"): u for u in units}
        for t in flat:
            t = dict(t)
            by_code[t.pop("unit")]["teams"].append(t)
        raw["units"] = units
    try:
        cfg = _OrganisationIn.model_validate(raw)
    except ValidationError as exc:
        raise OrganisationConfigError(_describe(exc)) from None
    return Organisation(
        municipality_code=cfg.municipality_code,
        municipality_name=cfg.municipality_name,
        offices=cfg.offices,
        units=tuple(
            ServiceUnit(
                code=u.code,
                name=u.name,
                clients=u.clients,
                person_years=u.person_years,
                teams=tuple(Team(**t.model_dump()) for t in u.teams),
            )
            for u in cfg.units
        ),
        shared=tuple(SharedRole(**s.model_dump()) for s in cfg.shared),
        places=tuple(OfficePlace(**p.model_dump()) for p in cfg.places),
    )


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
        parts.append(f"{where or 'config'}: {err['msg']}")
    return "; ".join(parts)


def load_organisation(path: str | Path) -> Organisation:
    """Read and validate an organisation from JSON of the same shape as `organisation_to_dict`."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise OrganisationConfigError(f"{path}: line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except OSError as exc:
        raise OrganisationConfigError(f"{path}: {exc.strerror or exc}") from None
    try:
        return organisation_from_dict(raw)
    except OrganisationConfigError as exc:
        raise OrganisationConfigError(f"{path}: {exc}") from None


SHIPPED = Path(__file__).resolve().parent.parent / "data" / "organisation"


def configured_organisations(folder: str | Path | None = None) -> tuple[Organisation, ...]:
    """Every area configuration in `folder` (default: the setting KOHTAANTO_ORGANISATION_DIR,
    else the shipped folder), so analytics need no built-in organisation."""
    if folder is None:
        from kohtaanto.config import load_config

        folder = load_config().organisation_dir or SHIPPED
    return tuple(load_organisation(p) for p in sorted(Path(folder).glob("*.json")))


def organisation_to_dict(org: Organisation) -> dict:
    """The JSON shape `load_organisation` reads (`kohtaanto org show` prints it)."""
    return asdict(org)
