"""Demo TYP cases (issue 17): the demo worker's clients at each stage of the joint service,
with the demo social worker and Kela's professional on the team, so the TYP pages and the
indicators have something to show on the first day. Made through the services (audited)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from . import services
from .models import TypCase

PARTIES = (("worker", "employment"), ("socialworker", "social"), ("kela", "kela"))


def typ_demo_install(*, seed: int) -> dict[str, int]:
    """Idempotent: makes nothing when any TYP case exists. Returns counts of what was made."""
    from kohtaanto.accounts.models import User
    from kohtaanto.clients.models import Client

    if TypCase.objects.exists():
        return {}
    users = {u.username: u for u in User.objects.filter(username__in=[n for n, _ in PARTIES])}
    if len(users) < len(PARTIES):
        return {}
    worker = users["worker"]
    clients = list(
        Client.objects.filter(responsible_worker=worker, job_search_status="active").order_by("pk")[:40]
    )
    rng = random.Random(seed)
    rng.shuffle(clients)
    today = timezone.localdate()
    made = {"cases": 0, "plans": 0, "signed plans": 0, "ended cases": 0}
    for i, client in enumerate(clients[:10]):
        start = today - dt.timedelta(days=rng.randint(10, 80))
        # Kela reports the labour-market support days; the demo gives enough to qualify.
        services.case_start(actor=worker, client_id=client.pk, mapping_start=start, support_days=300 + 20 * i)
        made["cases"] += 1
        for username, party in PARTIES[: 3 - i % 3]:
            services.team_member_add(
                actor=worker, client_id=client.pk, professional_id=users[username].pk, party=party
            )
        if i % 3 != 0:
            continue
        services.plan_agree(
            actor=worker,
            client_id=client.pk,
            goals="Arjen hallinta kuntoon ja kuntouttava työtoiminta; sen jälkeen työkokeilu.",
            services="kuntouttava työtoiminta, velkaneuvonta, työkokeilu",
            client_consent=True,
            plan_date=min(today, start + dt.timedelta(days=45)),
        )
        made["plans"] += 1
        for username, party in PARTIES:
            services.plan_sign(
                actor=worker, client_id=client.pk, party=party, signer_id=users[username].pk, signed_on=today
            )
        made["signed plans"] += 1
        if i == 3:
            services.case_end(actor=worker, client_id=client.pk, ended_on=today, outcome="other_service")
            made["ended cases"] += 1
    return {k: v for k, v in made.items() if v}
