"""`kohtaanto worker`: one process that keeps the schedule and runs the queued jobs, so no
extra server is needed (issue 12). Stop it with SIGTERM or Ctrl-C: the running job
finishes first."""

from __future__ import annotations

import logging
import os
import signal
import socket
import time

from django.db import close_old_connections

log = logging.getLogger("kohtaanto.worker")


class Stop:
    requested = False

    def __call__(self, signum, frame) -> None:
        log.warning("stopping after the current job (%s)", signal.strsignal(signum))
        self.requested = True


def run_worker(*, interval: float = 5.0, once: bool = False) -> int:
    """Loop: enqueue due scheduled jobs, run every ready job, sleep. Returns jobs run."""
    from django_tasks_db.management.commands.db_worker import Worker

    from .services import schedule_due

    stop = Stop()
    if not once:
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
    worker_id = f"{socket.gethostname()}-{os.getpid()}"[:64]
    ran = 0
    while True:
        close_old_connections()
        for job in schedule_due():
            log.info("scheduled %s", job)
        runner = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        runner.run()
        ran += runner._run_tasks
        if once or stop.requested:
            return ran
        for _ in range(int(interval * 10)):
            if stop.requested:
                return ran
            time.sleep(0.1)
