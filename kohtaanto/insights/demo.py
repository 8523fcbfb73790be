"""Generated services and referrals into the catalogue and referrals tables (demo, tests,
benchmarks). `clients.loader.load_folder` loads clients, staff, meetings and events only;
this adds the rest of a generated folder so that the whole refresh (bottlenecks, paths,
impact) runs on the operational database. Loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
from django.conf import settings
from django.db import transaction

from kohtaanto.catalogue.models import Provider, Service
from kohtaanto.clients.models import Client
from kohtaanto.referrals.models import Referral

# Register statuses -> referral states ("declined" in the register is the client's choice;
# the referrals app has one declined state).
STATES = {
    "referred": "referred",
    "declined": "declined",
    "cancelled": "cancelled",
    "started": "started",
    "completed": "completed",
    "interrupted": "interrupted",
}


@transaction.atomic
def register_services_install(folder: str | Path) -> dict[str, int]:
    """Create the folder's services (published) and its referrals; returns counts."""
    if settings.PRODUCTION:
        raise RuntimeError("generated services are not loaded in production")
    folder = Path(folder)
    services = pl.read_parquet(folder / "services.parquet")
    created = 0
    for s in services.iter_rows(named=True):
        provider, _ = Provider.objects.get_or_create(name=s["provider"][:200])
        names = {"fi": s["name_fi"], "sv": s["name_sv"], "en": s["name_en"]}
        _, new = Service.objects.update_or_create(
            external_id=s["service_id"],
            defaults={
                "provider": provider,
                "state": "published",
                "name": names,
                "name_fi": s["name_fi"][:200],
                "kind": s["kind"][:30],
                "capacity": s["capacity"],
                "waiting_days": s["wait_days"],
            },
        )
        created += new
    if Referral.objects.exists():
        return {"services": created, "referrals": 0}
    svc = dict(
        Service.objects.filter(external_id__in=services["service_id"].to_list()).values_list(
            "external_id", "pk"
        )
    )
    client = dict(Client.objects.values_list("external_id", "pk"))
    tz = ZoneInfo(settings.TIME_ZONE)
    rows = [
        Referral(
            client_id=client[r["client_id"]],
            service_id=svc[r["service_id"]],
            state=STATES[r["status"]],
            referred_at=dt.datetime.combine(r["referred_date"], dt.time(12), tz),
            start_date=r["start_date"],
            end_date=r["end_date"],
        )
        for r in pl.read_parquet(folder / "referrals.parquet").iter_rows(named=True)
        if r["client_id"] in client
    ]
    # `referred_at` is auto_now_add; keep the register's dates instead of today's.
    field = Referral._meta.get_field("referred_at")
    field.auto_now_add = False
    try:
        Referral.objects.bulk_create(rows, batch_size=2000)
    finally:
        field.auto_now_add = True
    return {"services": created, "referrals": len(rows)}
