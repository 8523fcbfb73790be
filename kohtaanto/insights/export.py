"""Export of the operational database to the register Parquet schema (docs/data-model.md).

Rows are streamed from the database in primary-key order, `CHUNK` at a time, and appended
to a Parquet file, so memory stays flat whatever the size. Names and identity codes are
never read: the staging files hold the schema without `hetu`, `first_name` and
`last_name`, and `pseudonymise_extract` then replaces every identifier with a keyed
pseudonym. The staging folder holds operational identifiers (client numbers, staff codes)
and stays on the server next to the database; only the pseudonymised extract feeds analytics.

Incremental: each table has a fingerprint computed in the database (row count, highest id,
and counts, sums and maxima over the columns the application updates: states, dates,
team, worker and area assignments, the catalogue's `updated_at`). A table whose fingerprint and
staging file are unchanged is not read again; then `pseudonymise_extract` sees its file
unchanged and skips it too, and a refresh in which nothing changed reuses the previous
results. An edit that leaves every fingerprinted aggregate equal (say a corrected Finnish
level) is picked up by the next full export (`--full`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
from django.db import connection
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from kohtaanto.accounts.models import User
from kohtaanto.catalogue.models import Service
from kohtaanto.clients.models import Client, ClientEvent, Meeting
from kohtaanto.referrals.models import Referral, ReferralState

from .export_joint import write_joint_tables

EXPORT_VERSION = 1
CHUNK = 20_000
MANIFEST = "_export_manifest.json"
TABLES = ("staff", "clients", "meetings", "events", "services", "referrals")
STR, DATE, BOOL, INT = pa.string(), pa.date32(), pa.bool_(), pa.int64()

SCHEMAS: dict[str, pa.Schema] = {
    "staff": pa.schema(
        [("staff_id", STR), ("role", STR), ("service_unit", STR), ("team", STR), ("office", STR),
         ("languages", pa.list_(STR))]
    ),
    "clients": pa.schema(
        [("client_id", STR), ("birth_date", DATE), ("gender", STR), ("mother_tongue", STR),
         ("language_group", STR), ("finnish_level", STR), ("swedish_level", STR),
         ("education_level", STR), ("municipality", STR), ("postal_code", STR),
         ("registration_date", DATE), ("arrival_date", DATE), ("needs_multiprofessional", BOOL),
         ("long_term_unemployed", BOOL), ("service_unit", STR), ("team", STR),
         ("responsible_worker", STR), ("office", STR), ("job_search_status", STR),
         ("end_date", DATE), ("end_reason", STR)]
    ),
    "meetings": pa.schema(
        [("meeting_id", STR), ("client_id", STR), ("staff_id", STR), ("kind", STR), ("due_date", DATE),
         ("planned_date", DATE), ("held_date", DATE), ("status", STR), ("channel", STR)]
    ),
    "events": pa.schema(
        [("event_id", STR), ("client_id", STR), ("date", DATE), ("kind", STR), ("service_id", STR),
         ("reason", STR)]
    ),
    "services": pa.schema(
        [("service_id", STR), ("kind", STR), ("name_fi", STR), ("name_sv", STR), ("name_en", STR),
         ("provider", STR), ("wait_days", INT), ("duration_days", INT), ("capacity", INT)]
    ),
    "referrals": pa.schema(
        [("referral_id", STR), ("client_id", STR), ("service_id", STR), ("referred_date", DATE),
         ("status", STR), ("start_date", DATE), ("end_date", DATE)]
    ),
}  # fmt: skip

# Referral states of the referrals app -> statuses of the register schema ("suggested" is
# not a referral yet and is left out).
REFERRAL_STATUS = {
    ReferralState.REFERRED: "referred",
    ReferralState.ACCEPTED: "referred",
    ReferralState.DECLINED: "declined",
    ReferralState.CANCELLED: "cancelled",
    ReferralState.STARTED: "started",
    ReferralState.COMPLETED: "completed",
    ReferralState.INTERRUPTED: "interrupted",
}
SERVICE_EVENTS = ("service_start", "service_end")


@dataclass
class ExportResult:
    counts: dict[str, int] = field(default_factory=dict)
    tables: dict[str, str] = field(default_factory=dict)  # "written" / "unchanged"
    seconds: float = 0.0


def _staff_q() -> Q:
    """Staff in the extract: users with a staff code, and anyone who is a responsible worker."""
    return Q(staff_code__gt="") | Q(pk__in=Client.objects.values("responsible_worker_id"))


def _none(v: str | None) -> str | None:
    return v or None


class _Ids:
    """Operational keys -> register identifiers (staff codes, service codes)."""

    def __init__(self) -> None:
        self.staff = {pk: code or f"U{pk}" for pk, code in User.objects.values_list("pk", "staff_code")}
        self.service = dict(Service.objects.values_list("pk", "external_id"))
        self.client = dict(Client.objects.values_list("pk", "external_id"))

    def worker(self, pk: int | None) -> str | None:
        return None if pk is None else self.staff.get(pk, f"U{pk}")

    def service_codes(self, codes) -> pa.Array:
        """`service_code` for a chunk: the catalogue pk -> its code, a register code kept."""
        s = pl.Series(codes, dtype=pl.String)
        by_pk = {str(k): v for k, v in self.service.items()}
        out = s.replace(by_pk) if by_pk else s
        return pl.select(pl.when(out == "").then(None).otherwise(out)).to_series().to_arrow()

    def frames(self) -> None:
        """Key frames for the vectorised big tables (built once, on first use)."""
        if not hasattr(self, "client_frame"):
            self.client_frame = pl.DataFrame(
                {"k": list(self.client), "v": list(self.client.values())},
                schema={"k": pl.Int64, "v": pl.String},
            )
            self.staff_frame = pl.DataFrame(
                {"k": list(self.staff), "v": list(self.staff.values())},
                schema={"k": pl.Int64, "v": pl.String},
            )

    def lookup(self, frame: pl.DataFrame, keys) -> pl.Series:
        """Keys (ints, None allowed) -> identifiers by one join: millions of rows, no Python loop."""
        left = pl.DataFrame({"k": pl.Series(keys, dtype=pl.Int64)})
        return left.join(frame, on="k", how="left", maintain_order="left")["v"]

    def service_code(self, code: str) -> str | None:
        """Events of the referrals app store the catalogue pk; loaded register data the code."""
        if not code:
            return None
        if code.isdigit() and int(code) in self.service:
            return self.service[int(code)]
        return code


def _chunks(qs, fields: list[str], size: int = CHUNK) -> Iterator[list[tuple]]:
    """Keyset pagination on pk: constant memory and no OFFSET scans."""
    last = 0
    while True:
        rows = list(qs.filter(pk__gt=last).order_by("pk").values_list("pk", *fields)[:size])
        if not rows:
            return
        last = rows[-1][0]
        yield rows


def _rows_staff(ids: _Ids) -> Iterator[list[tuple]]:
    qs = User.objects.filter(_staff_q())
    for rows in _chunks(qs, ["staff_code", "role", "unit__code", "team__code", "office__name", "languages"]):
        yield [
            (code or f"U{pk}", role, unit, team, office, [str(x) for x in (langs or [])])
            for pk, code, role, unit, team, office, langs in rows
        ]


def _rows_clients(ids: _Ids) -> Iterator[list[tuple]]:
    today = timezone.localdate()
    fields = [
        "external_id", "birth_date", "gender", "mother_tongue", "finnish_level", "swedish_level",
        "education_level", "municipality__code", "postal_code", "registration_date", "arrival_date",
        "needs_multiprofessional", "unit__code", "team__code", "responsible_worker_id", "office__name",
        "job_search_status", "end_date", "end_reason",
    ]  # fmt: skip
    for rows in _chunks(Client.objects.all(), fields):
        out = []
        for (_pk, cid, birth, gender, tongue, fi, sv, edu, muni, postal, reg, arrival, mp, unit, team,
             worker, office, status, end, reason) in rows:  # fmt: skip
            lang = tongue if tongue in ("fi", "sv") else "foreign"
            long_term = ((end or today) - reg).days >= 365
            out.append(
                (cid, birth, gender, tongue, lang, fi, sv, edu, muni, _none(postal), reg, arrival, bool(mp),
                 long_term, unit, team, ids.worker(worker), office, status, end, _none(reason))
            )  # fmt: skip
        yield out


def _stream(model, columns: list[str], dates: tuple[str, ...] = ()) -> Iterator[list[tuple]]:
    """Every row of a big table in pk order through one streaming cursor (server-side on
    PostgreSQL), without the ORM's per-row conversions: dates come as ISO text on SQLite
    (Django's per-value date converter costs seconds per million rows) or as the driver
    gives them, and are converted by Arrow, column by column."""
    qn = connection.ops.quote_name
    as_text = connection.vendor == "sqlite"
    cols = ", ".join(f"CAST({qn(c)} AS TEXT)" if as_text and c in dates else qn(c) for c in columns)
    sql = f"SELECT {cols} FROM {qn(model._meta.db_table)} ORDER BY {qn('id')}"  # noqa: S608
    with connection.chunked_cursor() as cur:
        cur.execute(sql)
        while rows := cur.fetchmany(CHUNK):
            yield rows


def _dates(values) -> pa.Array:
    arr = pa.array(values)  # ISO strings on SQLite, dates on PostgreSQL
    return arr if arr.type == DATE else arr.cast(DATE)


def _rows_meetings(ids: _Ids) -> Iterator[pa.Table]:
    columns = [
        "id",
        "client_id",
        "staff_id",
        "kind",
        "due_date",
        "planned_date",
        "held_date",
        "status",
        "channel",
    ]
    ids.frames()
    for rows in _stream(Meeting, columns, dates=("due_date", "planned_date", "held_date")):
        pk, client, staff, kind, due, planned, held, status, channel = zip(*rows, strict=True)
        staff_ids = ids.lookup(ids.staff_frame, staff)
        missing = staff_ids.is_null() & pl.Series(staff, dtype=pl.Int64).is_not_null()
        if missing.any():  # a user deleted since: keep a stable stand-in, as `worker` does
            staff_ids = pl.Series([ids.worker(w) for w in staff], dtype=pl.String)
        yield pa.Table.from_arrays(
            [
                _prefixed("M", pk, 8), ids.lookup(ids.client_frame, client).to_arrow(),
                staff_ids.to_arrow(), pa.array(kind, STR), _dates(due),
                _dates(planned), _dates(held), pa.array(status, STR), pa.array(channel, STR),
            ],
            schema=SCHEMAS["meetings"],
        )  # fmt: skip


def _blank_none(values) -> pa.Array:
    s = pl.Series(values, dtype=pl.String)
    return pl.select(pl.when(s == "").then(None).otherwise(s)).to_series().to_arrow()


def _prefixed(prefix: str, pks, width: int) -> pa.Array:
    """M00000042 from 42, for a whole chunk at once."""
    digits = pl.Series(pks, dtype=pl.Int64).cast(pl.String).str.zfill(width)
    return pl.select(pl.lit(prefix) + digits).to_series().to_arrow()


def _rows_events(ids: _Ids) -> Iterator[pa.Table]:
    ids.frames()
    for rows in _stream(
        ClientEvent, ["id", "client_id", "date", "kind", "service_code", "reason"], dates=("date",)
    ):
        pk, client, date, kind, code, reason = zip(*rows, strict=True)
        yield pa.Table.from_arrays(
            [
                _prefixed("E", pk, 9), ids.lookup(ids.client_frame, client).to_arrow(),
                _dates(date), pa.array(kind, STR), ids.service_codes(code), _blank_none(reason),
            ],
            schema=SCHEMAS["events"],
        )  # fmt: skip


def _referenced_services() -> Q:
    """Only services that occur in referrals or service events: the others have no data, and
    the catalogue also holds hundreds of general descriptions."""
    codes = set(
        ClientEvent.objects.filter(kind__in=SERVICE_EVENTS)
        .exclude(service_code="")
        .values_list("service_code", flat=True)
        .distinct()
    )
    pks = {int(c) for c in codes if c.isdigit()}
    return Q(pk__in=Referral.objects.values("service_id")) | Q(pk__in=pks) | Q(external_id__in=codes)


def _rows_services(ids: _Ids) -> Iterator[list[tuple]]:
    qs = Service.objects.filter(_referenced_services())
    fields = ["external_id", "kind", "name", "name_fi", "provider__name", "waiting_days", "capacity"]
    for rows in _chunks(qs, fields):
        out = []
        for _pk, sid, kind, name, name_fi, provider, wait, capacity in rows:
            name = name or {}
            out.append(
                (sid, kind, name.get("fi") or name_fi, name.get("sv") or name_fi, name.get("en") or name_fi,
                 provider, int(wait or 0), None, capacity)
            )  # fmt: skip
        yield out


def _rows_referrals(ids: _Ids) -> Iterator[list[tuple]]:
    qs = Referral.objects.exclude(state=ReferralState.SUGGESTED)
    fields = ["client__external_id", "service_id", "referred_at", "state", "start_date", "end_date"]
    for rows in _chunks(qs, fields):
        yield [
            (
                f"R{pk:07d}",
                cid,
                ids.service.get(svc),
                timezone.localdate(at),
                REFERRAL_STATUS[state],
                start,
                end,
            )
            for pk, cid, svc, at, state, start, end in rows
        ]


ROWS: dict[str, Callable[[_Ids], Iterator[list[tuple] | pa.Table]]] = {
    "staff": _rows_staff,
    "clients": _rows_clients,
    "meetings": _rows_meetings,
    "events": _rows_events,
    "services": _rows_services,
    "referrals": _rows_referrals,
}


def fingerprints() -> dict[str, dict]:
    """Cheap per-table change detectors, computed by the database without reading rows."""
    base = {"n": Count("pk"), "max_id": Max("pk")}
    referrals = Referral.objects.aggregate(
        **base,
        decided=Max("decided_at"),
        started=Count("start_date"),
        ended=Count("end_date"),
        **{f"s_{s}": Count("pk", filter=Q(state=s)) for s in ReferralState.values},
    )
    service_events = ClientEvent.objects.filter(kind__in=SERVICE_EVENTS).aggregate(**base)
    fp = {
        "staff": User.objects.filter(_staff_q()).aggregate(
            **base, teams=Sum("team_id"), units=Sum("unit_id"), offices=Sum("office_id"),
            active=Count("pk", filter=Q(is_active=True)),
        ),
        "clients": Client.objects.aggregate(
            **base, teams=Sum("team_id"), units=Sum("unit_id"), workers=Sum("responsible_worker_id"),
            offices=Sum("office_id"), areas=Sum("municipality_id"), ended=Count("end_date"), last_end=Max("end_date"),
            anonymised=Count("anonymised_at"), last_registration=Max("registration_date"),
            multiprofessional=Count("pk", filter=Q(needs_multiprofessional=True)),
        ),
        "meetings": Meeting.objects.aggregate(
            **base, held=Count("held_date"), last_held=Max("held_date"), last_planned=Max("planned_date"),
            no_show=Count("pk", filter=Q(status="no_show")), cancelled=Count("pk", filter=Q(status="cancelled")),
            staff=Sum("staff_id"),
        ),
        "events": ClientEvent.objects.aggregate(**base),
        "services": {
            **Service.objects.aggregate(**base, updated=Max("updated_at")),
            "referrals": [referrals["n"], referrals["max_id"]],
            "service_events": [service_events["n"], service_events["max_id"]],
        },
        "referrals": referrals,
    }  # fmt: skip
    return json.loads(json.dumps(fp, default=str))


def _write_table(name: str, path: Path, ids: _Ids) -> int:
    """Stream one table into `path` (atomically: a temporary file, then rename)."""
    schema = SCHEMAS[name]
    tmp = path.with_suffix(".parquet.tmp")
    n = 0
    with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        for chunk in ROWS[name](ids):
            if not isinstance(chunk, pa.Table):
                columns = list(zip(*chunk, strict=True))
                arrays = [pa.array(col, type=f.type) for col, f in zip(columns, schema, strict=True)]
                chunk = pa.Table.from_arrays(arrays, schema=schema)
            writer.write_table(chunk)
            n += chunk.num_rows
    os.replace(tmp, path)
    return n


def export_operational(staging_dir: str | Path, *, full: bool = False) -> ExportResult:
    """Write the six register tables (without names and identity codes) and the tables of
    the procured and joint services (`export_joint`) to `staging_dir`."""
    t0 = time.perf_counter()
    out = Path(staging_dir)
    out.mkdir(parents=True, exist_ok=True)
    os.chmod(out, 0o700)
    manifest_path = out / MANIFEST
    old = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    if old.get("version") != EXPORT_VERSION:
        old = {}
    now = fingerprints()
    ids = _Ids()
    result = ExportResult()
    new = {"version": EXPORT_VERSION, "exported_at": dt.datetime.now(dt.UTC).isoformat(), "tables": {}}
    for name in TABLES:
        path = out / f"{name}.parquet"
        before = old.get("tables", {}).get(name, {})
        if not full and before.get("fingerprint") == now[name] and path.is_file():
            result.tables[name], result.counts[name] = "unchanged", int(before.get("rows", 0))
        else:
            result.tables[name], result.counts[name] = "written", _write_table(name, path, ids)
        new["tables"][name] = {"fingerprint": now[name], "rows": result.counts[name]}
    # Contracts, TYP and Ohjaamo (issue 17): small tables, rewritten only when they change.
    for name, (state, rows) in write_joint_tables(out, ids, full=full).items():
        result.tables[name], result.counts[name] = state, rows
    manifest_path.write_text(json.dumps(new, indent=2))
    result.seconds = round(time.perf_counter() - t0, 2)
    return result
