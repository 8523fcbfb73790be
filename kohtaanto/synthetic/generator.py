"""Deterministic synthetic register data: `generate` builds the tables, `write` saves them.

The same (n_clients, seed, as_of, org) always gives the same bytes: every random step draws
from its own stream seeded by (seed, step name), rows are in a fixed order and the writer
options are fixed. See docs/data-model.md for the tables.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import cast

import numpy as np
import polars as pl
import pyarrow as pa

from kohtaanto.domain.organisation import HELSINKI, Organisation
from kohtaanto.synthetic import causal, joint, meetings, population, service_model, staff
from kohtaanto.synthetic.profile import AreaProfile
from kohtaanto.synthetic.providers import provider_truth
from kohtaanto.synthetic.vdates import NEVER, WorkCalendar, add_months, to_date, to_day

DEFAULT_AS_OF = dt.date(2026, 10, 31)
HISTORY_MONTHS = 24
EXTENSION_MONTHS = 12  # how far past the population date later snapshots can go
TABLES = ("clients", "staff", "meetings", "events", "services", "referrals")
# Procured and joint services (issue 17), derived from the tables above (joint.py).
JOINT_TABLES = (
    "contracts",
    "contract_services",
    "contract_members",
    "contract_bonuses",
    "typ_cases",
    "typ_team",
    "ohjaamo_visits",
)
EVENT_KINDS = (
    "registration",
    "meeting",
    "service_start",
    "service_end",
    "employment",
    "education_start",
    "job_search_ended",
)


class Dataset(dict):
    """Table name -> polars DataFrame, plus the generator's `ground_truth` (a JSON-able dict)
    and `manifest` (which population, and the snapshot date; written as snapshot.json)."""

    ground_truth: dict
    manifest: dict


def _stream(seed: int, name: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


def _dates(days: np.ndarray, missing: np.ndarray | None = None) -> pl.Series:
    """Day numbers as a Date column; `missing` marks nulls."""
    arr = pa.array(np.asarray(days, dtype=np.int32), mask=missing, type=pa.int32()).cast(pa.date32())
    return cast(pl.Series, pl.from_arrow(arr))


def _str(values: np.ndarray) -> pl.Series:
    """A String column from a numpy array (object arrays may hold None for null)."""
    return pl.Series(np.asarray(values).tolist(), dtype=pl.String)


def _cat(labels: list[str] | tuple[str, ...], codes: np.ndarray) -> pl.Series:
    """A String column from integer codes into `labels`; negative codes are null.

    Much faster than handing polars a numpy array of Python strings."""
    codes = np.asarray(codes)
    indices = pa.array(np.maximum(codes, 0).astype(np.int32), mask=codes < 0)
    arr = pa.DictionaryArray.from_arrays(indices, pa.array(list(labels), pa.string()))
    return cast(pl.Series, pl.from_arrow(arr.cast(pa.string())))


def _ids(prefix: str, n: int, width: int) -> pl.Series:
    """Identifiers like K0000001, in row order."""
    return pl.select(pl.lit(prefix) + pl.int_range(1, n + 1).cast(pl.String).str.zfill(width)).to_series()


def generate(
    n_clients: int,
    seed: int,
    as_of: dt.date = DEFAULT_AS_OF,
    org: Organisation = HELSINKI,
    progress: Callable[[str], None] | None = None,
    population_date: dt.date | None = None,
    profile: AreaProfile | None = None,
) -> Dataset:
    """Generate the snapshot on `as_of` of the population first seen on `population_date`.

    The population (n_clients rows registered up to `population_date`, with 24 months of
    history, plus the newcomers of the following 12 months) is simulated once to a horizon;
    each snapshot is that history as known on `as_of`. So a later `as_of` with the same
    seed continues an earlier snapshot: the same clients, later events, some ended job
    searches and some new clients. `population_date` defaults to `as_of`. `profile`: the
    area's labour market relative to Helsinki's (profile.py; default Helsinki's)."""
    if n_clients < 1:
        raise ValueError("n_clients must be positive")
    anchor = population_date or as_of
    horizon = to_date(int(add_months(np.array([to_day(anchor)]), EXTENSION_MONTHS)[0]))
    if not anchor <= as_of <= horizon:
        raise ValueError(
            f"as_of {as_of} must lie between the population date {anchor} and {EXTENSION_MONTHS} months after it"
        )
    say = progress or (lambda _msg: None)
    anchor_day, horizon_day, as_of_day = to_day(anchor), to_day(horizon), to_day(as_of)
    window = int(add_months(np.array([anchor_day]), -HISTORY_MONTHS)[0])
    cal = WorkCalendar(
        anchor - dt.timedelta(days=HISTORY_MONTHS * 31 + 400), horizon + dt.timedelta(days=900)
    )

    say("clients")
    weights = None if profile is None or profile.is_reference else profile.registration_weights
    c = _population(seed, org, n_clients, anchor_day, horizon_day, window, weights)
    hetu, c["birth"] = population.make_hetus(_stream(seed, "hetu"), c["birth"], c["gender"], c["arrival"])
    say("decision meetings")
    book = meetings.MeetingBook(_stream(seed, "meetings"), cal, horizon_day)
    decision = meetings.decision_meetings(book, c["registration"], c["old"], window)
    say("services and outcomes")
    x = service_model.features(c, decision)
    ratio = 1.0 if profile is None else profile.employment_ratio
    sim = causal.simulate(_stream(seed, "causal"), c, x, decision, cal, as_of_day, ratio)
    sim["exit_reason"] = _employment_kinds(_stream(seed, "employment-kind"), sim["exit_reason"])
    exit_day = sim["exit_day"]
    say("follow-up meetings")
    meetings.follow_up_meetings(book, c["registration"], decision, exit_day)
    meetings.supplementary_meetings(book, c["registration"], exit_day, window)
    say("staff")
    active_then = (exit_day > anchor_day) & (c["registration"] <= anchor_day)
    st = staff.make_staff(_stream(seed, "staff"), org, scale=int(active_then.sum()) / org.total_clients)
    worker = staff.assign_workers(_stream(seed, "assign"), st, c["team"], active_then)
    say("tables")
    present = c["registration"] <= as_of_day
    data = Dataset()
    data["clients"] = _clients(c, hetu, st, worker, exit_day, sim["exit_reason"], as_of_day, org, present)
    data["staff"] = pl.DataFrame(st, schema_overrides={"languages": pl.List(pl.String)})
    book_rows = book.arrays()  # concatenated once: millions of rows at Helsinki's size
    data["meetings"] = _meetings(
        _stream(seed, "meeting-staff"), book_rows, c, st, worker, as_of_day, exit_day
    )
    data["referrals"], spells = _referrals(sim, decision, exit_day, as_of_day)
    data["services"] = _services(spells, window, as_of_day)
    data["events"] = _events(c, book_rows, sim, exit_day, as_of_day, horizon_day)
    data = Dataset({name: data[name] for name in TABLES})
    data.update(joint.joint_tables(data, seed, as_of))
    data.ground_truth = _ground_truth(sim["truth"], n_clients, seed, as_of, window)
    data.ground_truth["population_date"] = anchor.isoformat()
    data.ground_truth["providers"] = provider_truth(sim["truth"])
    data.ground_truth["provider_effect"] = "att over the participants of all the provider's services"
    if profile is not None and not profile.is_reference:
        data.ground_truth["area_profile"] = profile.as_json()
    data.manifest = {
        "population": f"kohtaanto.synthetic:{org.municipality_code}:{seed}:{n_clients}:{anchor.isoformat()}",
        "as_of": as_of.isoformat(),
    }
    say("done")
    return data


def _population(
    seed: int, org: Organisation, n: int, anchor: int, horizon: int, window: int, weights: tuple | None = None
) -> dict:
    """The n clients registered up to `anchor`, then the newcomers up to `horizon` (at the
    window's rate of new registrations) in registration order, so their IDs grow with time."""
    c = population.make_clients(_stream(seed, "clients"), org, n, anchor, window, month_weights=weights)
    new_per_day = float((~c["old"]).sum()) / max(1, anchor - window)
    n_later = round(new_per_day * (horizon - anchor))
    if n_later < 1:
        return c
    later = population.make_clients(
        _stream(seed, "clients-later"),
        org,
        n_later,
        horizon,
        anchor + 1,
        newcomers=True,
        month_weights=weights,
    )
    order = np.argsort(later["registration"], kind="stable")
    return {k: np.concatenate([c[k], later[k][order]]) for k in c}


def _employment_kinds(rng: np.random.Generator, reason: np.ndarray) -> np.ndarray:
    """Split 'employed' into open-market work, subsidised work and entrepreneurship.

    Shares are an assumption (about one in ten starts in Helsinki is subsidised, a few
    per cent become entrepreneurs); all three are employment outcomes for the analytics."""
    r = rng.random(len(reason))
    out = reason.copy()
    employed = reason == "employed"
    out[employed & (r < 0.10)] = "subsidised"
    out[employed & (r >= 0.10) & (r < 0.14)] = "entrepreneur"
    return out


def _clients(c, hetu, st, worker, exit_day, exit_reason, as_of_day, org, present) -> pl.DataFrame:
    ids = _ids("K", len(hetu), 7).filter(pl.Series(present))
    c = {k: v[present] for k, v in c.items()}
    hetu, worker, exit_day, exit_reason = (
        hetu[present],
        worker[present],
        exit_day[present],
        exit_reason[present],
    )
    n = len(hetu)
    ended = exit_day <= as_of_day
    spell_end = np.where(ended, exit_day, as_of_day)
    staff_ids = np.array(st["staff_id"])
    offices = np.array(st["office"])
    return pl.DataFrame(
        {
            "client_id": ids,
            "hetu": _str(hetu),
            "first_name": _str(c["first_name"]),
            "last_name": _str(c["last_name"]),
            "birth_date": _dates(c["birth"]),
            "gender": c["gender"],
            "mother_tongue": c["mother_tongue"],
            "language_group": c["language_group"],
            "finnish_level": np.asarray(population.LEVELS)[c["finnish_level"]],
            "swedish_level": np.asarray(population.LEVELS)[c["swedish_level"]],
            "education_level": np.asarray(population.EDUCATION)[c["education"]],
            "municipality": np.full(n, org.municipality_code),
            "postal_code": c["postal_code"],
            "registration_date": _dates(c["registration"]),
            "arrival_date": _dates(np.maximum(c["arrival"], 0), c["arrival"] < 0),
            "needs_multiprofessional": c["needs_mp"],
            "long_term_unemployed": spell_end - c["registration"] >= 365,
            "service_unit": c["unit"],
            "team": c["team"],
            "responsible_worker": staff_ids[worker],
            "office": offices[worker],
            "job_search_status": np.where(ended, "ended", "active"),
            "end_date": _dates(np.where(ended, exit_day, 0), ~ended),
            "end_reason": _str(np.asarray(np.where(ended, exit_reason, None))),
        }
    )


def _meetings(rng, rows, c, st, worker, as_of_day, exit_day) -> pl.DataFrame:
    """The whole book gets IDs, staff and channels, then is cut at `as_of_day`, so the
    same meeting keeps its ID (and its worker) in every snapshot."""
    order = np.lexsort((rows[1], rows[2], rows[0], rows[3]))
    rows = tuple(a[order] for a in rows)
    keep, status, held = meetings.censor(rows, as_of_day, exit_day)
    client, kind, due, planned = rows[:4]
    n = len(client)
    who = worker[client]
    roles, teams = np.array(st["role"]), np.array(st["team"], dtype=object)
    substitute = np.flatnonzero(rng.random(n) < 0.12)  # a colleague in the same team holds the meeting
    team_codes, team_of_client = np.unique(c["team"], return_inverse=True)
    sub_team = team_of_client[client[substitute]]
    for t, code in enumerate(team_codes):
        rows = substitute[sub_team == t]
        pool = np.flatnonzero((roles == "case_worker") & (teams == code))
        who[rows] = pool[rng.integers(0, len(pool), len(rows))]
    channel = np.where(
        kind == meetings.II,
        rng.choice(3, n, p=[0.75, 0.15, 0.10]),
        rng.choice(3, n, p=[0.45, 0.35, 0.20]),
    )
    return pl.DataFrame(
        {
            "meeting_id": _ids("M", n, 8),
            "client_id": _ids("K", len(c["team"]), 7).gather(client),
            "staff_id": _cat(st["staff_id"], who),
            "kind": _cat(meetings.KINDS, kind),
            "due_date": _dates(due),
            "planned_date": _dates(planned),
            "held_date": _dates(np.maximum(held, 0), held < 0),
            "status": _cat(meetings.STATUSES, np.minimum(status, meetings.PLANNED)),
            "channel": _cat(("in_person", "phone", "video"), channel),
        }
    ).filter(pl.Series(keep))


def _referrals(sim, decision, exit_day, as_of_day) -> tuple[pl.DataFrame, dict]:
    every = np.flatnonzero(sim["choice"] >= 0)  # IDs over the whole population: stable
    known = decision[every] <= as_of_day
    idx = every[known]
    s, e = sim["start"][idx], sim["end"][idx]
    started, declined, cut = sim["started"][idx], sim["declined"][idx], sim["interrupted"][idx]
    lapsed = ~declined & ~started & (exit_day[idx] <= as_of_day)  # job search ended before the start
    status = np.select(
        [declined, lapsed, s > as_of_day, e > as_of_day, cut],
        ["declined", "cancelled", "referred", "started", "interrupted"],
        "completed",
    )
    has_start = started & (s <= as_of_day)
    has_end = has_start & (e <= as_of_day)
    service_ids = np.array([sp.service_id for sp in service_model.SERVICES])
    df = pl.DataFrame(
        {
            "referral_id": _ids("R", len(every), 7).filter(pl.Series(known)),
            "client_id": _ids("K", len(decision), 7).gather(idx),
            "service_id": service_ids[sim["choice"][idx]],
            "referred_date": _dates(decision[idx]),
            "status": status,
            "start_date": _dates(np.where(has_start, s, 0), ~has_start),
            "end_date": _dates(np.where(has_end, e, 0), ~has_end),
        }
    )
    spells = {
        "service": sim["choice"][idx][has_start],
        "start": s[has_start],
        "end": np.minimum(e, NEVER)[has_start],
    }
    return df, spells


def _services(spells, window, as_of_day) -> pl.DataFrame:
    """The catalogue; capacity = peak concurrent participants in the window plus 20 % slack."""
    span = as_of_day - window + 2
    capacity = []
    for k, _spec in enumerate(service_model.SERVICES):
        m = spells["service"] == k
        diff = np.zeros(span + 1, np.int64)
        np.add.at(diff, np.clip(spells["start"][m] - window, 0, span), 1)
        np.add.at(diff, np.clip(spells["end"][m] - window, 0, span), -1)
        peak = int(np.cumsum(diff).max()) if m.any() else 0
        capacity.append(max(5, int(np.ceil(peak * 1.2 / 5) * 5)))
    cols = ("service_id", "kind", "name_fi", "name_sv", "name_en", "provider", "wait_days", "duration_days")
    table = {col: [getattr(s, col) for s in service_model.SERVICES] for col in cols}
    table["capacity"] = capacity
    return pl.DataFrame(table)


EVENT_REASONS = (
    "employed", "education", "moved", "other", "completed", "interrupted", "subsidised", "entrepreneur",
)  # fmt: skip
EMPLOYED = ("employed", "subsidised", "entrepreneur")


def _events(c, rows, sim, exit_day, as_of_day, horizon_day) -> pl.DataFrame:
    """One row per registration, held meeting, service start/end and job-search end.

    Built to the horizon and numbered in date order, then cut at `as_of_day`: an event
    keeps its ID in every snapshot."""
    n = len(c["team"])
    client, _kind, _due, _planned, held, status, *_ = rows
    held = np.where(status == meetings.DROPPED, -1, held)
    ended = exit_day <= horizon_day
    code = {r: i for i, r in enumerate(EVENT_REASONS)}
    reason = np.fromiter((code[r] for r in sim["exit_reason"]), np.int64, len(exit_day))
    started = sim["started"] & (sim["start"] <= horizon_day)
    finished = started & (sim["end"] <= horizon_day)
    service = sim["choice"]
    end_reason = np.where(sim["interrupted"], 5, 4)
    all_idx = np.arange(n)
    employed = ended & np.isin(reason, [code[r] for r in EMPLOYED])
    educated = ended & (reason == 1)
    none = -1
    parts = [  # (clients, days, kind code, service code, reason code)
        (all_idx, c["registration"], 0, none, none),
        (client[held >= 0], held[held >= 0], 1, none, none),
        (all_idx[started], sim["start"][started], 2, service[started], none),
        (all_idx[finished], sim["end"][finished], 3, service[finished], end_reason[finished]),
        (all_idx[employed], exit_day[employed], 4, none, none),
        (all_idx[educated], exit_day[educated], 5, none, none),
        (all_idx[ended], exit_day[ended], 6, none, reason[ended]),
    ]
    cl = np.concatenate([p[0] for p in parts])
    day = np.concatenate([np.asarray(p[1], np.int64) for p in parts])
    kind, svc, why = (
        np.concatenate([np.broadcast_to(np.asarray(p[i], np.int64), len(p[0])) for p in parts])
        for i in (2, 3, 4)
    )
    order = np.lexsort((kind, cl, day))
    order = order[day[order] <= horizon_day]
    return pl.DataFrame(
        {
            "event_id": _ids("E", len(order), 9),
            "client_id": _ids("K", n, 7).gather(cl[order]),
            "date": _dates(day[order]),
            "kind": _cat(EVENT_KINDS, kind[order]),
            "service_id": _cat([sp.service_id for sp in service_model.SERVICES], svc[order]),
            "reason": _cat(EVENT_REASONS, why[order]),
        }
    ).filter(pl.col("date") <= to_date(as_of_day))


def _ground_truth(truth, n_clients, seed, as_of, window) -> dict:
    from kohtaanto.synthetic.vdates import to_date

    out_services = {}
    for spec in service_model.SERVICES:
        out_services[spec.service_id] = {
            "kind": spec.kind,
            "name_en": spec.name_en,
            "wait_days": spec.wait_days,
            "duration_days": spec.duration_days,
            "eligibility": spec.eligibility(),
            "selection_utility": {"intercept": spec.alpha, **spec.selection},
            "effect_model": {
                "lock_in_hazard_ratio": spec.lock_in,
                "post_hazard_ratio": spec.effect,
                "heterogeneity_log_hazard_ratio": spec.heterogeneity,
            },
            "effects": truth[spec.service_id],
        }
    return {
        "generator": "kohtaanto.synthetic",
        "n_clients": n_clients,
        "seed": seed,
        "as_of": as_of.isoformat(),
        "window_start": to_date(window).isoformat(),
        "effect_unit": "difference in probability (0.01 = 1 percentage point)",
        "outcome": {
            "definition": "an `employment` event on a day in (S, S + h], where S is the service start",
            "horizons_days": service_model.HORIZONS,
        },
        "decision_date": "held date of the client's first initial_interview or job_search_conversation "
        "on or after max(registration_date, window_start); referrals are made on it",
        "would_be_start": "S = first Finnish working day on or after decision_date + wait_days(service)",
        "population": "eligible at the decision date, started this service or no service at all, "
        "still a job seeker on S (no job_search_ended on or before S), and S + h <= as_of",
        "ate": "mean of Y(service) - Y(no service) over the population",
        "att": "the same over population members who started the service",
        "no_service": "naive comparison group: population members who started no service",
        "selection_features": service_model.FEATURES,
        "outcome_model": service_model.OUTCOME_MODEL,
        "selection": "multinomial logit over eligible services and 'no referral' (utility 0); "
        "z is a latent employability the case worker sees but the register does not",
        "services": out_services,
    }


def write(out_dir: str | Path, data: Dataset) -> list[Path]:
    """Write each table as <name>.parquet (zstd), ground_truth.json and snapshot.json;
    return the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, df in data.items():
        path = out / f"{name}.parquet"
        df.write_parquet(path, compression="zstd", statistics=True)
        paths.append(path)
    gt = out / "ground_truth.json"
    gt.write_text(
        json.dumps(data.ground_truth, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    paths.append(gt)
    manifest = getattr(data, "manifest", None)
    if manifest:
        snap = out / "snapshot.json"
        snap.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        paths.append(snap)
    return paths
