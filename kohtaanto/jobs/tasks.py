"""The background jobs: Django tasks (django-tasks, database backend) that wrap the
services the commands already run. Each returns a small JSON summary for the job list;
`_attempt` counts the bounded retries (jobs.retry)."""

from __future__ import annotations

from django_tasks import task
from django_tasks.base import Task


@task()
def meeting_reminders(days: int = 2, _attempt: int = 1) -> dict:
    from kohtaanto.notifications.reminders import meeting_reminders_send

    run = meeting_reminders_send(days=days)
    return {"meetings": run.meetings, "sent": run.sent}


@task()
def insights_refresh(full: bool = False, _attempt: int = 1) -> dict:
    from kohtaanto.insights.services import refresh_run

    r = refresh_run(full=full)
    if r.status == "failed":  # recorded on the Refresh row; fail the job so it is retried
        raise RuntimeError(r.message or "refresh failed")
    return {"refresh": r.pk, "status": r.status, "seconds": r.seconds}


@task()
def retention(dry_run: bool = False, _attempt: int = 1) -> dict:
    from kohtaanto.privacy.services import retention_apply

    return {"anonymised": len(retention_apply(dry_run=dry_run))}


@task()
def catalogue_reminders(months: int = 12, _attempt: int = 1) -> dict:
    from kohtaanto.catalogue.services import catalogue_remind

    reminders = catalogue_remind(months=months)
    return {"providers": len(reminders), "services": sum(len(r.services) for r in reminders)}


@task()
def matching_index_build(_attempt: int = 1) -> dict:
    from kohtaanto.accounts import policy
    from kohtaanto.accounts.models import User
    from kohtaanto.referrals.matching import matcher_for

    worker = User.objects.filter(role__in=policy.CASE_WORKERS, is_active=True).first()
    return {"services": len(matcher_for(worker)) if worker else 0}


# The jobs the schedule may name, by a stable key (the schedule is data, the code is here).
@task()
def register_load(folder: str, incremental: bool = True) -> dict:
    """A register snapshot loaded by the worker (`kohtaanto load DIR --queue`), all or nothing.

    Not in REGISTRY, so never retried: a bad snapshot fails the same way every time, and
    its reason (file, row, field) is the run's error on the Background jobs page."""
    from kohtaanto.clients.loader import load_folder
    from kohtaanto.outcomes.feed import load_incremental
    from kohtaanto.outcomes.services import periods_backfill

    if incremental:
        counts = load_incremental(folder)
    else:
        counts = load_folder(folder)
        counts["periods"] = periods_backfill()
    insights_refresh.enqueue()  # the dashboard follows the register
    return counts


@task()
def audit_checkpoint(_attempt: int = 1) -> dict:
    from kohtaanto.audit.checkpoints import checkpoint_write

    cp = checkpoint_write()
    return {"event": cp.event_id if cp else None}


@task()
def procurement_outcomes(_attempt: int = 1) -> dict:
    """Contracts' outcome events and bonuses recomputed from the register (issue 17)."""
    from kohtaanto.procurement.services import refresh_all

    return {"events": refresh_all()}


@task()
def matching_rerank_train(_attempt: int = 1) -> dict:
    """Retrain the feedback re-ranker of service suggestions (referrals.rerank, issue 19)."""
    from kohtaanto.referrals.rerank import rerank_train

    return rerank_train()


def queue_requested_refresh(**_kwargs) -> None:
    """A refresh asked for on the dashboard runs in the worker."""
    insights_refresh.enqueue()


REGISTRY: dict[str, Task] = {
    "audit_checkpoint": audit_checkpoint,
    "meeting_reminders": meeting_reminders,
    "insights_refresh": insights_refresh,
    "retention": retention,
    "catalogue_reminders": catalogue_reminders,
    "matching_index_build": matching_index_build,
    "matching_rerank_train": matching_rerank_train,
    "procurement_outcomes": procurement_outcomes,
}
