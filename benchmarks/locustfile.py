"""Load test: case workers on their worklist and their clients' pages (issue 5 target:
p95 <= 200 ms with 50,000 clients on PostgreSQL, 2 cores, 20 concurrent users).

    locust -f benchmarks/locustfile.py --headless -u 20 -r 5 -t 5m --host http://127.0.0.1:8001 \
        --csv /tmp/kperf/locust --only-summary

Each simulated user logs in as one of the case workers that benchmarks/perf_setup.py gave
a password (file in KOHTAANTO_PERF_USERS, default /tmp/kohtaanto-perf-users.json), then
works as a case worker does (locust's FastHttpUser, so that the load generator itself
takes little of the two cores): opens the worklist (sometimes its next page), opens clients
from it, and each client page also loads its message thread as the browser's HTMX does.
Think time between actions is KOHTAANTO_THINK_MIN..KOHTAANTO_THINK_MAX seconds (default
1-3). Only loopback hosts are accepted. Statistics are reset once every user has logged in
(KOHTAANTO_RESET_AFTER_LOGIN=0 keeps them), so the table is the steady state; the log-ins
are summarised at the end.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
from urllib.parse import urlparse

from locust import FastHttpUser, between, events, task

USERS_FILE = os.environ.get("KOHTAANTO_PERF_USERS", "/tmp/kohtaanto-perf-users.json")
THINK = (float(os.environ.get("KOHTAANTO_THINK_MIN", "1")), float(os.environ.get("KOHTAANTO_THINK_MAX", "3")))
CLIENT_LINK = re.compile(r'href="/clients/(\d+)/"')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WORKLIST_TOTAL = re.compile(r'<div id="worklist"[^>]*>\s*<p>(\d+)')
WORKLIST_PAGE = 50  # kohtaanto.clients.selectors.WORKLIST_PAGE

_accounts = None
_lock = threading.Lock()
_logged_in = 0
_login_ms: list[float] = []


@events.test_start.add_listener
def _only_loopback(environment, **_kwargs) -> None:
    """Traffic goes to this machine only."""
    host = urlparse(environment.host or "").hostname or ""
    if not (host == "localhost" or host.startswith("127.") or host == "::1"):
        raise SystemExit(f"refusing to load {host!r}: use a loopback address such as 127.0.0.1")


def _next_account() -> tuple[str, str]:
    """Each simulated user takes the next case worker (one worker per user with 20 users)."""
    global _accounts
    with _lock:
        if _accounts is None:
            with open(USERS_FILE) as f:
                data = json.load(f)
            _accounts = itertools.cycle([(u["username"], data["password"]) for u in data["users"]])
        return next(_accounts)


def _logged_in_one(environment, ms: float) -> None:
    """Count log-ins; when every user has logged in, measure from zero (steady state only).

    Argon2 log-ins are deliberately slow and all happen in the first seconds; requests that
    queue behind them are not what a case worker meets during the day."""
    global _logged_in
    with _lock:
        _logged_in += 1
        _login_ms.append(ms)
        everyone = environment.runner and _logged_in == environment.runner.target_user_count
    if everyone and os.environ.get("KOHTAANTO_RESET_AFTER_LOGIN", "1") == "1":
        environment.runner.stats.reset_all()
        print(f"all {_logged_in} users logged in; statistics reset for the steady state", flush=True)


@events.test_stop.add_listener
def _login_summary(environment, **_kwargs) -> None:
    if _login_ms:
        ordered = sorted(_login_ms)
        print(
            f"log-ins: {len(ordered)}, median {ordered[len(ordered) // 2]:.0f} ms, max {ordered[-1]:.0f} ms",
            flush=True,
        )


class CaseWorker(FastHttpUser):
    wait_time = between(*THINK)

    def on_start(self) -> None:
        self.username, password = _next_account()
        page = self.client.get("/accounts/login/", name="login page")
        token = CSRF_INPUT.search(page.text)
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.username,
                "password": password,
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "next": "/clients/",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="login (POST, Argon2)",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302 or "/accounts/login/" in (r.headers.get("Location") or ""):
                r.failure(f"login failed for {self.username}: {r.status_code}")
            login_ms = r.request_meta["response_time"]
        self.client_ids: list[int] = []
        self.pages = 1
        self.worklist()
        _logged_in_one(self.environment, login_ms)

    def _read_worklist(self, text: str) -> None:
        ids = [int(i) for i in CLIENT_LINK.findall(text)]
        if ids:
            self.client_ids = ids
        total = WORKLIST_TOTAL.search(text)  # "<n> active clients", in any language
        if total:
            self.pages = max(1, -(-int(total.group(1)) // WORKLIST_PAGE))

    @task(2)
    def worklist(self) -> None:
        """The worklist, first page (what is due now)."""
        with self.client.get("/clients/", name="/clients/ (worklist)", catch_response=True) as r:
            if r.status_code == 200:
                self._read_worklist(r.text)
            else:
                r.failure(f"status {r.status_code}")

    @task(1)
    def worklist_later_page(self) -> None:
        """A later page of the worklist: the query still counts and orders the whole caseload."""
        page = random.randint(1, max(1, self.pages))
        with self.client.get(
            f"/clients/?page={page}", name="/clients/?page=N (worklist)", catch_response=True
        ) as r:
            if r.status_code == 200:
                self._read_worklist(r.text)
            else:
                r.failure(f"status {r.status_code}")

    @task(6)
    def client_page(self) -> None:
        """A client from the worklist, and the message thread the page loads with HTMX."""
        if not self.client_ids:
            return self.worklist()
        cid = random.choice(self.client_ids)
        self.client.get(f"/clients/{cid}/", name="/clients/[id]/ (client page)")
        self.client.get(
            f"/clients/{cid}/messages/",
            name="/clients/[id]/messages/ (htmx thread)",
            headers={"HX-Request": "true", "HX-Target": "messages-thread"},
        )
