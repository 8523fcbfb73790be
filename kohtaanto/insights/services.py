"""Writes: request a refresh, run a refresh (export, pseudonymise, analytics, extra tables).

The run is long, so it does not hold one database transaction: the tables are read one
after another (a row written meanwhile may be in one table and not yet in another; the
next refresh catches up), and the Refresh record is updated in short transactions. The
request and the run each write an explicit audit event.
"""

from __future__ import annotations

import datetime as dt
import fcntl
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
from kohtaanto.audit.services import audit_record

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


def refresh_run(
    *,
    actor: User | None = None,
    full: bool = False,
    impact: bool = True,
    engine: str = "",
    spark_master: str = "",
) -> Refresh:
    """Export, pseudonymise, compute and publish; takes over a queued request if there is one.
    The KPIs count on `engine` at `spark_master` (default: the settings)."""
    from kohtaanto.analytics.contracts import write_published as publish_contracts
    from kohtaanto.analytics.extract import pseudonymise_extract
    from kohtaanto.analytics.providers import write_quality
    from kohtaanto.analytics.refresh import refresh as analytics_refresh

    from .feedback import feedback_fingerprint, write_themes
    from .published import write_extra_tables

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
            unchanged = (
                not full
                and previous is not None
                and Path(previous.results_dir).is_dir()
                and all(v == "unchanged" for v in extracted.values())
            )
            if unchanged and previous is not None:
                out, status = Path(previous.results_dir), RefreshStatus.UNCHANGED
                report = {**previous.report, "timings_s": dict(timings)}
            else:
                out, status = root / "results" / str(refresh.pk), RefreshStatus.DONE
                report = analytics_refresh(
                    root / "extract",
                    out,
                    norm=settings.CASELOAD_NORM,
                    threshold=THRESHOLD,
                    impact=impact,
                    engine=engine or settings.ANALYTICS_ENGINE,
                    spark_master=spark_master or settings.SPARK_MASTER,
                )
                t = time.perf_counter()
                extra = write_extra_tables(
                    root / "extract",
                    out,
                    dt.date.fromisoformat(report["as_of"]),
                    settings.CASELOAD_NORM,
                    THRESHOLD,
                )
                timings["extra_tables"] = round(time.perf_counter() - t, 2)
                if impact:  # the subsidies' impact (issue 16), next to the services'
                    from .subsidy_impact import write_subsidy_impact

                    t = time.perf_counter()
                    as_of = dt.date.fromisoformat(report["as_of"])
                    extra += write_subsidy_impact(root / "extract", out, as_of, pseudonym_key())
                    timings["subsidy_impact"] = round(time.perf_counter() - t, 2)
                report["tables"] = sorted({*report["tables"], *extra, "feedback_themes"})
                report["timings_s"] = {**timings, **report["timings_s"]}
            fb = feedback_fingerprint()
            if report.get("feedback") != fb or not (out / "feedback_themes.parquet").is_file():
                t = time.perf_counter()
                write_themes(out, THRESHOLD)
                report["feedback"] = fb
                report["timings_s"]["feedback_themes"] = round(time.perf_counter() - t, 2)
            _finish(refresh, status, results_dir=str(out), report=report, **fields)
            if status == RefreshStatus.DONE:
                # The workers' quality signal (issue 17): where the referrals app can read it.
                write_quality(out, root)
                publish_contracts(out, root, report["as_of"])  # per contract, for procurement
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
