"""Load a folder of register Parquet files (docs/data-model.md) into the database.

All or nothing: every file is validated before anything is written, and the writes run in
one transaction, so a broken folder leaves the database as it was. Errors name the file,
the row and the field. This is the first (base) load into an empty database; later
snapshots go through `kohtaanto.clients.feed` (`kohtaanto load --incremental`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import REGISTER_TITLES
from kohtaanto.domain import nordic
from kohtaanto.domain.hetu import InvalidHetu
from kohtaanto.organisation.models import Municipality, Office, ServiceUnit, Team

from . import identity
from .models import Client, ClientEvent, EndReason, Meeting, RegisterLoad


class LoadError(ValueError):
    """Raised with a message naming the file, row and field that failed."""


REQUIRED = {
    "staff": ["staff_id", "first_name", "last_name", "role", "service_unit", "team", "office", "languages"],
    "clients": [
        "client_id", "hetu", "first_name", "last_name", "birth_date", "gender", "mother_tongue",
        "finnish_level", "swedish_level", "education_level", "municipality", "postal_code",
        "registration_date", "arrival_date", "needs_multiprofessional", "service_unit", "team",
        "responsible_worker", "office", "job_search_status", "end_date", "end_reason",
    ],
    "meetings": ["meeting_id", "client_id", "staff_id", "kind", "due_date", "planned_date", "held_date", "status", "channel"],
    "events": ["event_id", "client_id", "date", "kind", "service_id", "reason"],
}  # fmt: skip

ENUMS = {
    ("clients", "gender"): {"F", "M"},
    ("clients", "education_level"): {"none", "basic", "upper_secondary", "tertiary"},
    ("clients", "job_search_status"): {"active", "ended"},
    ("clients", "end_reason"): {*EndReason.values, None},
    ("meetings", "kind"): {"initial_interview", "job_search_conversation", "supplementary"},
    ("meetings", "status"): {"held", "no_show", "cancelled", "planned"},
    ("meetings", "channel"): {"in_person", "phone", "video"},
    ("events", "kind"): {
        "registration", "meeting", "service_start", "service_end", "employment", "education_start", "job_search_ended",
    },
    ("staff", "role"): set(REGISTER_TITLES),
}  # fmt: skip


def _read(folder: Path, name: str) -> list[dict]:
    path = folder / f"{name}.parquet"
    if not path.exists():
        raise LoadError(f"{path}: file is missing")
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise LoadError(f"{path}: not a readable Parquet file ({exc})") from exc
    missing = [c for c in REQUIRED[name] if c not in table.column_names]
    if missing:
        raise LoadError(f"{path}: missing column(s) {', '.join(missing)}")
    table = table.select(REQUIRED[name])
    for (file, field), allowed in ENUMS.items():
        if file != name:
            continue
        values = table.column(field).to_pylist()
        bad = set(values) - allowed
        if bad:
            i = next(k for k, v in enumerate(values, start=1) if v in bad)
            raise LoadError(
                f"{path}: row {i}, field {field}: {values[i - 1]!r} is not one of {sorted(allowed)}"
            )
    rows = table.to_pylist()
    return rows


def _check_date(path: str, i: int, field: str, value, required: bool = True) -> None:
    if value is None and not required:
        return
    if not isinstance(value, date):
        raise LoadError(f"{path}: row {i}, field {field}: expected a date, got {value!r}")


def read_manifest(folder: Path) -> dict:
    """snapshot.json (population and as_of) if the folder has one, else {}."""
    path = folder / "snapshot.json"
    if not path.exists():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if manifest.get("as_of"):
            date.fromisoformat(manifest["as_of"])
    except (OSError, ValueError, AttributeError) as exc:
        raise LoadError(f"{path}: not a snapshot description ({exc})") from exc
    return manifest


def load_folder(folder: str | Path, *, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Validate everything, then write in one transaction. Returns row counts per table."""
    folder = Path(folder)
    tick = progress or (lambda stage, n: None)
    manifest = read_manifest(folder)
    data = {name: _read(folder, name) for name in REQUIRED}
    tick("read", 0)

    muni_by_code = {m.code: m for m in Municipality.objects.all()}
    check_areas_installed(data["clients"], muni_by_code)
    # A base load fills empty areas: another area's clients may already be there.
    areas = {c["municipality"] for c in data["clients"]}
    existing = Client.objects.filter(municipality__code__in=areas).count()
    if existing:
        raise LoadError(
            f"the database already holds {existing:,} clients: apply a later snapshot with "
            "`kohtaanto load DIR --incremental`, or load into an empty database"
        )
    units = {u.code: u for u in ServiceUnit.objects.all()}
    teams = {t.code: t for t in Team.objects.all()}
    offices = {o.name: o for o in Office.objects.all()}
    if not units:
        raise LoadError("no organisation installed: run `kohtaanto org install` first")

    staff_ids = {s["staff_id"] for s in data["staff"]}
    for i, s in enumerate(data["staff"], 1):
        if s["team"] is not None and s["team"] not in teams:
            raise LoadError(f"staff.parquet: row {i}, field team: unknown team {s['team']!r}")
    client_ids: set[str] = set()
    protected = []
    for i, c in enumerate(data["clients"], 1):
        where = "clients.parquet"
        try:
            protected.append(identity.protect(c["hetu"]))
        except InvalidHetu as exc:
            raise LoadError(f"{where}: row {i}, field hetu: {exc}") from exc
        for field in ("birth_date", "registration_date"):
            _check_date(where, i, field, c[field])
        _check_date(where, i, "end_date", c["end_date"], required=c["job_search_status"] == "ended")
        if c["end_date"] is not None and c["end_date"] < c["registration_date"]:
            raise LoadError(
                f"{where}: row {i}, field end_date: {c['end_date']} is before the registration date "
                f"{c['registration_date']}"
            )
        if c["team"] not in teams:
            raise LoadError(f"{where}: row {i}, field team: unknown team {c['team']!r}")
        if c["service_unit"] not in units:
            raise LoadError(f"{where}: row {i}, field service_unit: unknown unit {c['service_unit']!r}")
        if c["municipality"] not in muni_by_code:
            raise LoadError(
                f"{where}: row {i}, field municipality: unknown municipality {c['municipality']!r}"
            )
        if c["responsible_worker"] is not None and c["responsible_worker"] not in staff_ids:
            raise LoadError(
                f"{where}: row {i}, field responsible_worker: unknown staff {c['responsible_worker']!r}"
            )
        client_ids.add(c["client_id"])
    if len(client_ids) != len(data["clients"]):
        raise LoadError("clients.parquet: client_id values are not unique")
    for name in ("meetings", "events"):
        for i, r in enumerate(data[name], 1):
            if r["client_id"] not in client_ids:
                raise LoadError(
                    f"{name}.parquet: row {i}, field client_id: unknown client {r['client_id']!r}"
                )
    tick("validated", 0)

    with transaction.atomic():
        counts = _write(data, protected, units, teams, offices, muni_by_code, tick)
        RegisterLoad.objects.create(
            population=manifest.get("population", ""),
            as_of=manifest.get("as_of") or _newest(data),
            incremental=False,
            counts=counts,
        )
    return counts


def check_areas_installed(clients: list[dict], muni_by_code: dict) -> None:
    """A snapshot for an area (municipality) that is not installed is refused as a whole,
    before any row is checked, with the command that installs it."""
    missing = sorted({c["municipality"] for c in clients} - set(muni_by_code), key=str)
    if missing:
        areas = ", ".join(repr(m) for m in missing)
        raise LoadError(
            f"the snapshot is for area {areas}, which is not installed (installed: "
            f"{', '.join(sorted(muni_by_code)) or 'none'}): run "
            "`kohtaanto org install --config FILE.json` for it first"
        )


def _newest(data) -> date | None:
    """The snapshot date when the folder does not say: its newest event."""
    return max((e["date"] for e in data["events"]), default=None)


def _write(data, protected, units, teams, offices, muni_by_code, tick) -> dict[str, int]:
    users = staff_users(data["staff"], units, teams, offices)
    User.objects.bulk_create(users, batch_size=2000, ignore_conflicts=True)
    staff_pk = dict(User.objects.exclude(staff_code="").values_list("staff_code", "pk"))
    tick("staff", len(users))

    # Worklist deadlines from the held meetings, set before insert (no second pass).
    held: dict[str, list[tuple[str, date]]] = defaultdict(list)
    for m in data["meetings"]:
        if m["status"] == "held" and m["held_date"] is not None:
            held[m["client_id"]].append((m["kind"], m["held_date"]))
    today = date.today()
    clients = []
    for c, (enc, h) in zip(data["clients"], protected, strict=True):
        due = None
        if c["job_search_status"] == "active":
            due = nordic.next_due(
                c["registration_date"], sorted(held.get(c["client_id"], []), key=lambda x: x[1]), today
            )
        clients.append(new_client(c, enc, h, muni_by_code, units, teams, offices, staff_pk, due))
    Client.objects.bulk_create(clients, batch_size=2000)
    client_pk = dict(Client.objects.values_list("external_id", "pk"))
    tick("clients", len(clients))

    meeting_rows = []
    for m in data["meetings"]:
        meeting_rows.append(
            (
                client_pk[m["client_id"]], staff_pk.get(m["staff_id"]), m["kind"], m["due_date"],
                m["planned_date"], m["held_date"], m["status"], m["channel"], "", m["meeting_id"],
            )
        )  # fmt: skip
    insert_rows(
        Meeting,
        [
            "client_id",
            "staff_id",
            "kind",
            "due_date",
            "planned_date",
            "held_date",
            "status",
            "channel",
            "notes",
            "external_id",
        ],
        meeting_rows,
    )
    tick("meetings", len(meeting_rows))

    event_rows = [
        (
            client_pk[e["client_id"]],
            e["date"],
            e["kind"],
            e["service_id"] or "",
            e["reason"] or "",
            e["event_id"],
        )
        for e in data["events"]
    ]
    insert_rows(
        ClientEvent, ["client_id", "date", "kind", "service_code", "reason", "external_id"], event_rows
    )
    tick("events", len(event_rows))

    return {
        "staff": len(users),
        "clients": len(clients),
        "meetings": len(meeting_rows),
        "events": len(event_rows),
    }


def staff_users(rows: list[dict], units, teams, offices) -> list[User]:
    """Unsaved users for register staff rows (no password: staff sign in through OIDC)."""
    unusable = make_password(None)
    return [
        User(
            username=s["staff_id"].lower(),
            staff_code=s["staff_id"],
            first_name=s["first_name"],
            last_name=s["last_name"],
            role=REGISTER_TITLES[s["role"]],
            unit=units.get(s["service_unit"]),
            team=teams.get(s["team"]),
            office=offices.get(s["office"]),
            languages=list(s["languages"] or []),
            password=unusable,
        )
        for s in rows
    ]


def new_client(c: dict, enc: str, h: str, muni_by_code, units, teams, offices, staff_pk, due) -> Client:
    """An unsaved client from a register row (`due`: the next obligation, or None)."""
    return Client(
        external_id=c["client_id"],
        hetu_encrypted=enc,
        hetu_hash=h,
        first_name=c["first_name"],
        last_name=c["last_name"],
        birth_date=c["birth_date"],
        gender=c["gender"],
        mother_tongue=c["mother_tongue"],
        finnish_level=c["finnish_level"] or "none",
        swedish_level=c["swedish_level"] or "none",
        education_level=c["education_level"],
        municipality=muni_by_code[c["municipality"]],
        postal_code=c["postal_code"] or "",
        arrival_date=c["arrival_date"],
        needs_multiprofessional=bool(c["needs_multiprofessional"]),
        registration_date=c["registration_date"],
        job_search_status=c["job_search_status"],
        end_date=c["end_date"],
        end_reason=c["end_reason"] or "",
        unit=units[c["service_unit"]],
        team=teams[c["team"]],
        office=offices.get(c["office"]),
        responsible_worker_id=staff_pk.get(c["responsible_worker"]),
        next_due_date=due.due_date if due else None,
        next_due_kind=due.kind if due else "",
    )


def insert_rows(model, columns: list[str], rows: list[tuple], batch: int = 5000) -> None:
    """Plain executemany: several times faster than bulk_create for millions of rows."""
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    with connection.cursor() as cur:
        for start in range(0, len(rows), batch):
            cur.executemany(sql, rows[start : start + batch])
