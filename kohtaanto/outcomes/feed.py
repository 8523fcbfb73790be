"""Apply a later register snapshot as an update: `kohtaanto load DIR --incremental` (issue 12).

New clients are added, changed register fields are changed, new meetings and events are
appended (by their register IDs), planned meetings take their outcome, and job searches the
register has ended end here too, with their period. Loading the same snapshot twice changes
nothing. All or nothing: everything is validated before the one transaction that writes,
and errors name the file, row and field.

The register never reopens a job search ended in the app: a period ends here when the
register ends it, and a new one opens only on a later registration date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
from django.db import connection, transaction

from kohtaanto.accounts.models import User
from kohtaanto.audit.services import audit_record
from kohtaanto.clients import identity
from kohtaanto.clients.loader import (
    ENUMS,
    REQUIRED,
    LoadError,
    insert_rows,
    new_client,
    read_manifest,
    staff_users,
)
from kohtaanto.clients.models import (
    Client,
    ClientEvent,
    JobSearchStatus,
    Meeting,
    MeetingStatus,
    RegisterLoad,
)
from kohtaanto.domain import nordic
from kohtaanto.domain.hetu import InvalidHetu
from kohtaanto.organisation.models import Municipality, Office, ServiceUnit, Team

from .models import JobSearchPeriod

# Register fields copied onto existing clients when they change (status has its own rules).
PLAIN_FIELDS = (
    "first_name", "last_name", "postal_code", "finnish_level", "swedish_level", "education_level",
    "needs_multiprofessional", "arrival_date",
)  # fmt: skip


def _frame(folder: Path, name: str) -> pl.DataFrame:
    path = folder / f"{name}.parquet"
    if not path.exists():
        raise LoadError(f"{path}: file is missing")
    try:
        columns = pq.read_schema(path).names
        missing = [c for c in REQUIRED[name] if c not in columns]
        if missing:
            raise LoadError(f"{path}: missing column(s) {', '.join(missing)}")
        df = pl.read_parquet(path, columns=REQUIRED[name])
    except LoadError:
        raise
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the same error to the user
        raise LoadError(f"{path}: not a readable Parquet file ({exc})") from exc
    for (file, field), allowed in ENUMS.items():
        if file == name:
            ok = df[field].is_in([a for a in allowed if a is not None])
            if None in allowed:
                ok = ok | df[field].is_null()
            _first_bad(
                df, ok.fill_null(False), path.name, field, f"is not one of {sorted(a for a in allowed if a)}"
            )
    return df


def _first_bad(df: pl.DataFrame, ok: pl.Series, file: str, field: str, why: str) -> None:
    """Raise naming the first row (1-based) where `ok` is false."""
    bad = (~ok).arg_true()
    if len(bad):
        i = int(bad[0])
        raise LoadError(f"{file}: row {i + 1}, field {field}: {df[field][i]!r} {why}")


def load_incremental(
    folder: str | Path, *, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Validate the snapshot against the database, then apply it in one transaction."""
    folder = Path(folder)
    tick = progress or (lambda stage, n: None)
    last = RegisterLoad.objects.first()
    if last is None:
        raise LoadError(
            "no register snapshot has been loaded here yet: load the first one without --incremental"
        )
    manifest = read_manifest(folder)
    population = manifest.get("population", "")
    if population and last.population and population != last.population:
        raise LoadError(
            f"{folder / 'snapshot.json'}: this is a snapshot of another population ({population}); "
            f"the database holds {last.population}"
        )
    as_of = date.fromisoformat(manifest["as_of"]) if manifest.get("as_of") else None
    if as_of and last.as_of and as_of < last.as_of:
        raise LoadError(
            f"{folder / 'snapshot.json'}: as_of {as_of} is older than the loaded snapshot ({last.as_of})"
        )
    t = {name: _frame(folder, name) for name in REQUIRED}
    tick("read", 0)
    plan = _plan(t)
    tick("validated", 0)
    with transaction.atomic():
        counts = _apply(t, plan, tick)
        RegisterLoad.objects.create(
            population=population or last.population,
            as_of=as_of or t["events"]["date"].max() or last.as_of,
            incremental=True,
            counts=counts,
        )
        audit_record(
            actor=None,
            action="load",
            target_type="register.snapshot",
            target_id=str(as_of or ""),
            detail=counts,
        )
    return counts


class _Org:
    def __init__(self) -> None:
        self.munis = {m.code: m for m in Municipality.objects.all()}
        self.units = {u.code: u for u in ServiceUnit.objects.all()}
        self.teams = {t.code: t for t in Team.objects.all()}
        self.offices = {o.name: o for o in Office.objects.all()}


def _plan(t: dict[str, pl.DataFrame]) -> dict:
    """Everything that must hold before writing; returns what the writes need."""
    org = _Org()
    c = t["clients"].with_row_index("row", offset=1)
    dup = c["client_id"].is_duplicated()
    _first_bad(c, ~dup, "clients.parquet", "client_id", "appears more than once")
    for field, known in (("team", org.teams), ("service_unit", org.units), ("municipality", org.munis)):
        _first_bad(c, c[field].is_in(list(known)), "clients.parquet", field, "is not known here")
    staff_ids = set(t["staff"]["staff_id"].to_list())
    db_staff = set(User.objects.exclude(staff_code="").values_list("staff_code", flat=True))
    _first_bad(
        c,
        c["responsible_worker"].is_null() | c["responsible_worker"].is_in(list(staff_ids | db_staff)),
        "clients.parquet",
        "responsible_worker",
        "is not in staff.parquet",
    )
    for field in ("birth_date", "registration_date"):
        _first_bad(c, c[field].is_not_null(), "clients.parquet", field, "is missing")
    _first_bad(
        c,
        (c["end_date"].is_null() | (c["end_date"] >= c["registration_date"])).fill_null(True),
        "clients.parquet",
        "end_date",
        "is before the registration date",
    )
    _first_bad(
        c,
        (c["job_search_status"] == "active") | c["end_date"].is_not_null(),
        "clients.parquet",
        "end_date",
        "is missing for an ended job search",
    )
    for name in ("meetings", "events"):
        _first_bad(
            t[name],
            t[name]["client_id"].is_in(c["client_id"].implode()),
            f"{name}.parquet",
            "client_id",
            "is not in clients.parquet",
        )

    cols = ["external_id", "id", "hetu_hash", "anonymised_at", "job_search_status", "registration_date", *PLAIN_FIELDS,
            "team__code", "unit__code", "office__name", "responsible_worker__staff_code"]  # fmt: skip
    db = {row[0]: row for row in Client.objects.exclude(external_id="").values_list(*cols)}
    new_rows, protected, changed = [], [], []
    for row in c.iter_rows(named=True):
        have = db.get(row["client_id"])
        if have is None:
            try:
                protected.append(identity.protect(row["hetu"]))
            except InvalidHetu as exc:
                raise LoadError(f"clients.parquet: row {row['row']}, field hetu: {exc}") from exc
            new_rows.append(row)
            continue
        if have[3] is not None:
            continue  # anonymised under the retention policy: the register no longer reaches it
        if identity.lookup_hash(row["hetu"] or "") != have[2]:
            raise LoadError(
                f"clients.parquet: row {row['row']}, field hetu: client {row['client_id']} has another identity "
                "code than the one loaded: is this a snapshot of another population?"
            )
        change = _client_change(row, dict(zip(cols, have, strict=True)))
        if change:
            changed.append(change)
    return {"org": org, "new": new_rows, "protected": protected, "changed": changed, "db_clients": db}


def _client_change(row: dict, have: dict) -> dict | None:
    """What to change on an existing client, or None."""
    fields = {f: row[f] for f in PLAIN_FIELDS if f != "needs_multiprofessional"}
    fields["needs_multiprofessional"] = bool(row["needs_multiprofessional"])
    for f in ("finnish_level", "swedish_level"):
        fields[f] = fields[f] or "none"
    fields["postal_code"] = fields["postal_code"] or ""
    diff = {f: v for f, v in fields.items() if v != have[f]}
    for f, key in (("team", "team__code"), ("service_unit", "unit__code"), ("office", "office__name"),
                   ("responsible_worker", "responsible_worker__staff_code")):  # fmt: skip
        if row[f] != have[key]:
            diff[f] = row[f]
    status = None
    if (
        row["registration_date"] > have["registration_date"]
        and row["job_search_status"] == JobSearchStatus.ACTIVE
    ):
        status = "reregistered"
    elif (
        row["job_search_status"] == JobSearchStatus.ENDED
        and have["job_search_status"] == JobSearchStatus.ACTIVE
    ):
        status = "ended"
    if not diff and status is None:
        return None
    return {"pk": have["id"], "row": row, "diff": diff, "status": status}


def _apply(t: dict[str, pl.DataFrame], plan: dict, tick) -> dict[str, int]:
    org = plan["org"]
    known_staff = set(User.objects.exclude(staff_code="").values_list("staff_code", flat=True))
    new_staff = [s for s in t["staff"].to_dicts() if s["staff_id"] not in known_staff]
    User.objects.bulk_create(staff_users(new_staff, org.units, org.teams, org.offices), batch_size=2000)
    staff_pk = dict(User.objects.exclude(staff_code="").values_list("staff_code", "pk"))
    tick("staff", len(new_staff))

    clients = [
        new_client(row, enc, h, org.munis, org.units, org.teams, org.offices, staff_pk, None)
        for row, (enc, h) in zip(plan["new"], plan["protected"], strict=True)
    ]
    Client.objects.bulk_create(clients, batch_size=2000)
    JobSearchPeriod.objects.bulk_create(
        [
            JobSearchPeriod(
                client=cl,
                start=cl.registration_date,
                end=cl.end_date,
                end_reason=cl.end_reason if cl.end_date else "",
            )
            for cl in clients
        ],
        batch_size=2000,
    )
    ended, reregistered = _update_clients(plan["changed"], org, staff_pk)
    tick("clients", len(clients) + len(plan["changed"]))

    client_pk = dict(Client.objects.exclude(external_id="").values_list("external_id", "pk"))
    added_m, changed_m, gone_m, touched = _meetings(t["meetings"], client_pk, staff_pk)
    tick("meetings", added_m + changed_m)
    added_e = _events(t["events"], client_pk)
    tick("events", added_e)
    touched |= {cl.pk for cl in clients} | reregistered
    _refresh_due(touched)
    return {
        "clients_added": len(clients),
        "clients_changed": len(plan["changed"]),
        "periods_ended": ended,
        "meetings_added": added_m,
        "meetings_changed": changed_m + gone_m,
        "events_added": added_e,
    }


def _update_clients(changed: list[dict], org: _Org, staff_pk: dict) -> tuple[int, set[int]]:
    """Write changed fields; end or reopen job searches with their periods."""
    ended = 0
    reregistered: set[int] = set()
    for ch in changed:
        row, values = ch["row"], {}
        for f, v in ch["diff"].items():
            if f == "team":
                values["team"] = org.teams[v]
            elif f == "service_unit":
                values["unit"] = org.units[v]
            elif f == "office":
                values["office"] = org.offices.get(v)
            elif f == "responsible_worker":
                values["responsible_worker_id"] = staff_pk.get(v)
            else:
                values[f] = v
        if ch["status"] == "ended":
            values.update(
                job_search_status=JobSearchStatus.ENDED,
                end_date=row["end_date"],
                end_reason=row["end_reason"] or "",
                next_due_date=None,
                next_due_kind="",
            )
            ended += JobSearchPeriod.objects.filter(client_id=ch["pk"], end__isnull=True).update(
                end=row["end_date"], end_reason=row["end_reason"] or "other"
            )
        elif ch["status"] == "reregistered":
            values.update(
                job_search_status=JobSearchStatus.ACTIVE,
                registration_date=row["registration_date"],
                end_date=None,
                end_reason="",
            )
            JobSearchPeriod.objects.filter(client_id=ch["pk"], end__isnull=True).update(
                end=row["registration_date"], end_reason="other"
            )
            JobSearchPeriod.objects.create(client_id=ch["pk"], start=row["registration_date"])
            reregistered.add(ch["pk"])
        Client.objects.filter(pk=ch["pk"]).update(**values)
    return ended, reregistered


def _db_frame(sql: str, schema: dict) -> pl.DataFrame:
    with connection.cursor() as cur:
        cur.execute(sql)
        return pl.DataFrame(cur.fetchall(), schema=schema, orient="row")


def _meetings(m: pl.DataFrame, client_pk: dict, staff_pk: dict) -> tuple[int, int, int, set[int]]:
    """Append new meetings; settle planned ones; cancel planned ones the register dropped."""
    table = connection.ops.quote_name(Meeting._meta.db_table)
    db = _db_frame(
        f"SELECT external_id, id, status, client_id FROM {table} WHERE external_id <> ''",  # noqa: S608
        {"meeting_id": pl.String, "pk": pl.Int64, "db_status": pl.String, "client_pk": pl.Int64},
    )
    new = m.join(db, on="meeting_id", how="anti")
    rows = [
        (client_pk[r["client_id"]], staff_pk.get(r["staff_id"]), r["kind"], r["due_date"], r["planned_date"],
         r["held_date"], r["status"], r["channel"], "", r["meeting_id"])
        for r in new.iter_rows(named=True)
    ]  # fmt: skip
    insert_rows(Meeting, ["client_id", "staff_id", "kind", "due_date", "planned_date", "held_date", "status",
                          "channel", "notes", "external_id"], rows)  # fmt: skip
    touched = {r[0] for r in rows if r[6] == MeetingStatus.HELD}
    planned = db.filter(pl.col("db_status") == MeetingStatus.PLANNED)
    settled = planned.join(m, on="meeting_id").filter(pl.col("status") != MeetingStatus.PLANNED)
    updates = [
        (r["status"], r["held_date"], r["planned_date"], staff_pk.get(r["staff_id"]), r["pk"])
        for r in settled.iter_rows(named=True)
    ]
    with connection.cursor() as cur:
        cur.executemany(
            f"UPDATE {table} SET status = %s, held_date = %s, planned_date = %s, staff_id = %s WHERE id = %s",  # noqa: S608
            updates,
        )
    touched |= set(settled["client_pk"].to_list())
    gone = planned.join(m, on="meeting_id", how="anti")["pk"].to_list()
    for start in range(0, len(gone), 500):
        Meeting.objects.filter(pk__in=gone[start : start + 500]).update(status=MeetingStatus.CANCELLED)
    return len(rows), len(updates), len(gone), touched


def _events(ev: pl.DataFrame, client_pk: dict) -> int:
    table = connection.ops.quote_name(ClientEvent._meta.db_table)
    db = _db_frame(
        f"SELECT external_id FROM {table} WHERE external_id <> ''",  # noqa: S608
        {"event_id": pl.String},
    )
    new = ev.join(db, on="event_id", how="anti")
    rows = [
        (
            client_pk[r["client_id"]],
            r["date"],
            r["kind"],
            r["service_id"] or "",
            r["reason"] or "",
            r["event_id"],
        )
        for r in new.iter_rows(named=True)
    ]
    insert_rows(ClientEvent, ["client_id", "date", "kind", "service_code", "reason", "external_id"], rows)
    return len(rows)


def _refresh_due(client_ids: set[int]) -> None:
    """The worklist deadline of active clients whose meetings or registration changed."""
    today = date.today()
    ids = sorted(client_ids)
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        active = dict(
            Client.objects.filter(pk__in=chunk, job_search_status=JobSearchStatus.ACTIVE).values_list(
                "pk", "registration_date"
            )
        )
        held: dict[int, list] = defaultdict(list)
        for pk, kind, day in (
            Meeting.objects.filter(
                client_id__in=list(active), status=MeetingStatus.HELD, held_date__isnull=False
            )
            .order_by("held_date")
            .values_list("client_id", "kind", "held_date")
        ):
            held[pk].append((kind, day))
        updates = []
        for pk, reg in active.items():
            due = nordic.next_due(reg, held[pk], today)
            updates.append(
                Client(
                    pk=pk, next_due_date=due.due_date if due else None, next_due_kind=due.kind if due else ""
                )
            )
        Client.objects.bulk_update(updates, ["next_due_date", "next_due_kind"], batch_size=1000)
