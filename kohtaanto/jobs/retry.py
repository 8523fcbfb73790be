"""Bounded retries: a failed job is enqueued again, later, at most MAX_ATTEMPTS times in all.
django-tasks records each attempt as its own result, so every failure stays visible."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.dispatch import receiver
from django.utils import timezone
from django_tasks.signals import task_finished

MAX_ATTEMPTS = 3
BACKOFF = timedelta(minutes=5)
log = logging.getLogger(__name__)


@receiver(task_finished)
def retry_failed(sender, task_result, **kwargs) -> None:
    from django_tasks import TaskResultStatus

    from .tasks import REGISTRY

    if task_result.status != TaskResultStatus.FAILED:
        return
    name = task_result.task.name
    task = REGISTRY.get(name)
    if task is None:
        return
    attempt = int(task_result.kwargs.get("_attempt", 1))
    if attempt >= MAX_ATTEMPTS:
        log.error("job %s failed %s times; not retried", name, attempt)
        return
    kwargs = {**task_result.kwargs, "_attempt": attempt + 1}
    task.using(run_after=timezone.now() + BACKOFF * attempt).enqueue(*task_result.args, **kwargs)
