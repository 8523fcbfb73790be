"""Writes: request a refresh, run a refresh (export, pseudonymise, analytics, extra tables).

The run is long, so it does not hold one database transaction: the tables are read one
after another (a row written meanwhile may be in one table and not yet in another; the
next refresh catches up), and the Refresh record is updated in short transactions. The
request and the run each write an explicit audit event.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.analytics.split import AreaKeys, snapshot_date, split_by_area
from kohtaanto.audit.services import audit_record
from kohtaanto.organisation.models import Municipality, ServiceUnit
from kohtaanto.organisation.tenancy import area_figures_dir

from .export import export_operational
from .models import Refresh, RefreshStatus
from .signals import refresh_requested

GOOD = (RefreshStatus.DONE, RefreshStatus.UNCHANGED)
KEEP_RESULTS = 3
THRESHOLD = 5


def analytics_root() -> Path:
    return Path(settings.DATA_DIR) / "analytics"


def pseudonym_key() -> bytes:
    return settings.PSEUDONYM_KEY.encode("utf-8")


@contextmanager
def _lock():
    """One refresh at a time per data folder (also across processes)."""
    root = analytics_root()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".refresh.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise ValidationError("a refresh is already running") from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def refresh_request(*, actor: User, request_id: str = "") -> Refresh:
    """Queue a refresh for the worker (`kohtaanto worker`; `kohtaanto insights refresh
    --if-requested` also takes it over); a pending one is reused."""
    if actor.role not in policy.DASHBOARD_MANAGERS:
        raise PermissionDenied("only analysts and service managers start a refresh")
    with transaction.atomic():
        pending = Refresh.objects.filter(status__in=[RefreshStatus.QUEUED, RefreshStatus.RUNNING]).first()
        refresh = pending or Refresh.objects.create(requested_by=actor)
        if pending is None:
            transaction.on_commit(lambda: refresh_requested.send(sender=Refresh, refresh_id=refresh.pk))
        audit_record(
            actor=actor,
            action="request",
            target_type="insights.refresh",
            target_id=refresh.pk,
            purpose="knowledge-based management",
            request_id=request_id,
        )
    return refresh


def _prune(keep: Refresh) -> None:
    """Remove result folders of all but the newest few good refreshes."""
    good = list(
        Refresh.objects.filter(status__in=GOOD).exclude(results_dir="").values_list("results_dir", flat=True)
    )
    keep_dirs = set(good[:KEEP_RESULTS]) | {keep.results_dir}
    results = analytics_root() / "results"
    if not results.is_dir():
        return
    for d in results.iterdir():
        if d.is_dir() and str(d) not in keep_dirs:
            shutil.rmtree(d, ignore_errors=True)


def _finish(refresh: Refresh, status: str, **fields) -> Refresh:
    for k, v in fields.items():
        setattr(refresh, k, v)
    refresh.status = status
    refresh.finished_at = timezone.now()
    refresh.save()
    return refresh


def installed_areas() -> dict[str, tuple[int, AreaKeys]]:
    """Area code -> (its id, the units and contracts it owns), for cutting the extract."""
    from kohtaanto.procurement.models import Contract

    units: dict[int, list[str]] = {}
    for area, code in ServiceUnit.objects.values_list("municipality_id", "code"):
        units.setdefault(area, []).append(code)
    contracts: dict[int, list[str]] = {}
    for area, pk in Contract.objects.values_list("area_id", "pk"):
        contracts.setdefault(area, []).append(str(pk))
    return {
        code: (pk, AreaKeys(units.get(pk, []), contracts.get(pk, [])))
        for pk, code in Municipality.objects.order_by("code").values_list("pk", "code")
    }


def organisation_fingerprint(areas: dict[str, tuple[int, AreaKeys]]) -> str:
    """What the cut by area depends on besides the extract: the areas, their units and their
    contracts (`installed_areas`). A refresh with an unchanged extract still computes again
    when this changes (a new area installed, a unit or a contract moved to another area)."""
    text = json.dumps(
        {code: [pk, sorted(k.units), sorted(k.contracts)] for code, (pk, k) in areas.items()},
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _compute(
    root: Path,
    out: Path,
    areas: dict[str, tuple[int, AreaKeys]],
    impact: bool,
    engine: str,
    spark_master: str,
    timings: dict,
) -> dict:
    """Each area's tables from its own clients, into `out/<area code>/` (issue 15); the
    report keeps each area's forecast metrics and timings under "areas"."""
    from kohtaanto.analytics.refresh import refresh as analytics_refresh

    from .published import write_extra_tables
    from .subsidy_impact import write_subsidy_impact

    t = time.perf_counter()
    # Never past today: a decision may record an employment that starts next month.
    as_of = min(snapshot_date(root / "extract"), timezone.localdate())
    folders = split_by_area(
        root / "extract", root / "extract_by_area", {c: k for c, (_pk, k) in areas.items()}
    )
    timings["split_by_area"] = round(time.perf_counter() - t, 2)
    report: dict = {"as_of": as_of.isoformat(), "threshold": THRESHOLD, "areas": {}}
    tables: set[str] = {"feedback_themes"}
    for code, folder in folders.items():
        area_out, area = out / code, areas[code][0]
        part = analytics_refresh(
            folder,
            area_out,
            norm=settings.CASELOAD_NORM,
            threshold=THRESHOLD,
            impact=impact,
            as_of=as_of,
            engine=engine or settings.ANALYTICS_ENGINE,
            spark_master=spark_master or settings.SPARK_MASTER,
        )
        took = part["timings_s"]
        t = time.perf_counter()
        extra = write_extra_tables(folder, area_out, as_of, settings.CASELOAD_NORM, THRESHOLD)
        took["extra_tables"] = round(time.perf_counter() - t, 2)
        if impact:  # the subsidies' impact (issue 16), next to the services'
            t = time.perf_counter()
            extra += write_subsidy_impact(folder, area_out, as_of, pseudonym_key(), area=area)
            took["subsidy_impact"] = round(time.perf_counter() - t, 2)
        tables |= {*part["tables"], *extra}
        report["engine"] = part["engine"]
        report["areas"][code] = {"forecast": part["forecast"], "timings_s": took}
        for step, seconds in took.items():
            timings[step] = round(timings.get(step, 0) + seconds, 2)
    report["tables"] = sorted(tables)
    report["timings_s"] = timings
    return report


def _publish_for_workers(out: Path, root: Path, report: dict) -> None:
    """Each area's provider quality signal and contract figures, where the referrals and
    procurement apps read them (`tenancy.area_figures_dir`)."""
    from kohtaanto.analytics.contracts import write_published as publish_contracts
    from kohtaanto.analytics.providers import write_quality

    for code in report.get("areas", {}):
        write_quality(out / code, area_figures_dir(code))
        publish_contracts(out / code, area_figures_dir(code), report["as_of"])


def refresh_run(
    *,
    actor: User | None = None,
    full: bool = False,
    impact: bool = True,
    engine: str = "",
    spark_master: str = "",
) -> Refresh:
    """Export, pseudonymise, compute and publish; takes over a queued request if there is one.
    Each area's tables are computed from its own clients (`_compute`). The KPIs count on
    `engine` at `spark_master` (default: the settings)."""
    from kohtaanto.analytics.extract import pseudonymise_extract

    from .feedback import feedback_fingerprint, write_themes

    with _lock():
        # Holding the lock, any other "running" record belongs to a run that died.
        Refresh.objects.filter(status=RefreshStatus.RUNNING).update(
            status=RefreshStatus.FAILED, message="interrupted", finished_at=timezone.now()
        )
        refresh = Refresh.objects.filter(status=RefreshStatus.QUEUED).order_by("id").first()
        if refresh is None:
            refresh = Refresh.objects.create(requested_by=actor)
        refresh.status, refresh.started_at = RefreshStatus.RUNNING, timezone.now()
        refresh.save(update_fields=["status", "started_at"])
        root = analytics_root()
        previous = (
            Refresh.objects.filter(status__in=GOOD).exclude(pk=refresh.pk).exclude(results_dir="").first()
        )
        try:
            exported = export_operational(root / "staging", full=full)
            t = time.perf_counter()
            extracted = pseudonymise_extract(root / "staging", root / "extract", pseudonym_key())
            timings = {"export": exported.seconds, "pseudonymise": round(time.perf_counter() - t, 2)}
            fields = {"counts": exported.counts, "tables": extracted}
            areas = installed_areas()
            organisation = organisation_fingerprint(areas)
            unchanged = (
                not full
                and previous is not None
                and (previous.report or {}).get("organisation") == organisation
                and "areas" in (previous.report or {})
                and Path(previous.results_dir).is_dir()
                and all(v == "unchanged" for v in extracted.values())
            )
            if unchanged and previous is not None:
                out, status = Path(previous.results_dir), RefreshStatus.UNCHANGED
                report = {**previous.report, "timings_s": dict(timings)}
            else:
                out, status = root / "results" / str(refresh.pk), RefreshStatus.DONE
                report = _compute(root, out, areas, impact, engine, spark_master, timings)
                report["organisation"] = organisation
            fb = feedback_fingerprint()
            if report.get("feedback") != fb or status == RefreshStatus.DONE:
                t = time.perf_counter()
                for code, (area, _keys) in areas.items():
                    if code in report["areas"]:
                        write_themes(out / code, THRESHOLD, area=area)
                report["feedback"] = fb
                report["timings_s"]["feedback_themes"] = round(time.perf_counter() - t, 2)
            _finish(refresh, status, results_dir=str(out), report=report, **fields)
            if status == RefreshStatus.DONE:
                _publish_for_workers(out, root, report)
                _prune(refresh)
        except Exception as exc:
            _finish(refresh, RefreshStatus.FAILED, message=f"{type(exc).__name__}: {exc}"[:2000])
            raise
        finally:
            audit_record(
                actor=actor,
                action="refresh",
                target_type="insights.refresh",
                target_id=refresh.pk,
                purpose="pseudonymised analytics extract",
                detail={"status": refresh.status, "tables": refresh.tables},
            )
    return refresh
