"""Staging tables of the procured and joint services (issue 17) for the pseudonymised extract:
contracts, their services, cohorts and bonuses due; TYP cases and teams; Ohjaamo visits as
counts. Schemas in docs/data-model.md and `analytics.data.OPTIONAL_TABLES`.

No names, no identity codes: clients are the register identifiers the other staging tables
use (`pseudonymise_extract` replaces them with the same keyed pseudonyms), professionals
their staff codes, and Ohjaamo visits leave as counts by month, unit, age group, topic and
transition, so neither an anonymous nor an identified visit names anyone in the extract.
The tables are small; each is rewritten only when its bytes change, so an unchanged table
keeps its file (and the pseudonymisation and the refresh skip it).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import polars as pl
from django.db.models import Count
from django.db.models.functions import TruncMonth

from kohtaanto.ohjaamo.models import Visit
from kohtaanto.procurement.models import CohortMember, Contract, OutcomeEvent
from kohtaanto.typ.models import TypCase, TypTeamMember

S, D, B, N = pl.String, pl.Date, pl.Boolean, pl.Int64
JOINT_SCHEMAS: dict[str, dict] = {
    "contracts": {"contract_id": S, "provider": S, "start": D, "end": D, "price_model": S,
                  "randomised": B, "capacity": N},
    "contract_services": {"contract_id": S, "service_id": S},
    "contract_members": {"contract_id": S, "client_id": S, "start": D, "arm": S},
    "contract_bonuses": {"contract_id": S, "client_id": S, "outcome": S, "event_date": D, "amount_cents": N},
    "typ_cases": {"case_id": S, "client_id": S, "basis": S, "mapping_start": D, "mapping_latest_end": D,
                  "plan_date": D, "ended_on": D, "exit_outcome": S},
    "typ_team": {"case_id": S, "client_id": S, "staff_id": S, "party": S},
    "ohjaamo_visits": {"month": D, "service_unit": S, "age_group": S, "topic": S, "transition": S,
                       "identified": B, "visits": N},
}  # fmt: skip


def _frame(name: str, rows) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=JOINT_SCHEMAS[name], orient="row")


def _none(v):
    return v or None


def joint_frames(ids) -> dict[str, pl.DataFrame]:
    """The seven tables from the database (`ids`: export._Ids, the operational key maps)."""
    client = ids.client
    contracts = Contract.objects.select_related("provider").order_by("pk")
    out = {
        "contracts": _frame(
            "contracts",
            (
                (str(c.pk), c.provider.name, c.start, c.end, c.price_model, c.randomised, c.capacity)
                for c in contracts
            ),
        ),
        "contract_services": _frame(
            "contract_services",
            (
                (str(cid), ids.service.get(sid))
                for cid, sid in Contract.services.through.objects.order_by("pk").values_list(
                    "contract_id", "service_id"
                )
            ),
        ),
        "contract_members": _frame(
            "contract_members",
            (
                (str(k), client.get(c), start, arm)
                for k, c, start, arm in CohortMember.objects.order_by("pk").values_list(
                    "contract_id", "client_id", "start", "arm"
                )
            ),
        ),
        "contract_bonuses": _frame(
            "contract_bonuses",
            (
                (str(k), client.get(c), outcome, day, int(round(amount * 100)))
                for k, c, outcome, day, amount in OutcomeEvent.objects.order_by("pk").values_list(
                    "contract_id", "client_id", "outcome", "event_date", "amount"
                )
            ),
        ),
        "typ_cases": _frame(
            "typ_cases",
            (
                (f"T{pk}", client.get(c), basis, start, latest, plan, ended, _none(exit_outcome))
                for pk, c, basis, start, latest, plan, ended, exit_outcome in TypCase.objects.order_by(
                    "pk"
                ).values_list(
                    "pk",
                    "client_id",
                    "basis",
                    "mapping_start",
                    "mapping_latest_end",
                    "plan_date",
                    "ended_on",
                    "exit_outcome",
                )
            ),
        ),
        "typ_team": _frame(
            "typ_team",
            (
                (f"T{case}", client.get(c), ids.worker(prof), party)
                for case, c, prof, party in TypTeamMember.objects.order_by("pk").values_list(
                    "case_id", "client_id", "professional_id", "party"
                )
            ),
        ),
        "ohjaamo_visits": _frame(
            "ohjaamo_visits",
            (
                (month.date() if hasattr(month, "date") else month, unit, age, topic, transition, not anon, n)
                for month, unit, age, topic, transition, anon, n in Visit.objects.annotate(
                    month=TruncMonth("date")
                )
                .values("month", "unit__code", "age_group", "topic", "transition", "anonymous")
                .annotate(n=Count("pk"))
                .order_by("month", "unit__code", "age_group", "topic", "transition", "anonymous")
                .values_list("month", "unit__code", "age_group", "topic", "transition", "anonymous", "n")
            ),
        ),
    }
    return out


def write_joint_tables(staging: Path, ids, *, full: bool = False) -> dict[str, tuple[str, int]]:
    """Write each table unless its bytes are unchanged (`full`: always);
    {table: ("written"|"unchanged", rows)}."""
    result = {}
    for name, df in joint_frames(ids).items():
        path = staging / f"{name}.parquet"
        tmp = path.with_suffix(".parquet.tmp")
        df.write_parquet(tmp, compression="zstd")
        if not full and path.is_file() and _digest(path) == _digest(tmp):
            tmp.unlink()
            result[name] = ("unchanged", df.height)
        else:
            os.replace(tmp, path)
            result[name] = ("written", df.height)
    return result


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
