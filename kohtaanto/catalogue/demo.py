"""The demo catalogue: the 250 PTV general descriptions plus Helsinki-region employment
services written for the demo (data/helsinki_services.jsonl). Loading twice changes nothing."""

from __future__ import annotations

import gzip
from pathlib import Path

from django.conf import settings
from django.db import transaction

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User

from . import formats
from .models import Provider, ProviderMember
from .services import catalogue_import

DATA = Path(__file__).parent / "data"
PTV_FILE = DATA / "ptv_general_descriptions.jsonl.gz"  # converted with formats.ptv_gd, see NOTICE
HELSINKI_FILE = DATA / "helsinki_services.jsonl"
PTV_PROVIDER = "Suomi.fi / PTV"
DEMO_PROVIDER = "Helsingin työväenopisto"  # the demo user "provider" keeps its services


def demo_records() -> tuple[list[dict], list[dict]]:
    """(PTV records, Helsinki records), validated."""
    ptv = formats.parse("jsonl", gzip.decompress(PTV_FILE.read_bytes()).decode("utf-8"))
    helsinki = formats.parse("jsonl", HELSINKI_FILE.read_text(encoding="utf-8"))
    return ptv, helsinki


@transaction.atomic
def catalogue_demo_install() -> dict[str, int]:
    if settings.PRODUCTION:
        raise RuntimeError("the demo catalogue is not loaded in production")
    ptv, helsinki = demo_records()
    a = catalogue_import(
        actor=None, records=ptv, state="published", provider_name=PTV_PROVIDER, source="demo: ptv"
    )
    b = catalogue_import(actor=None, records=helsinki, source="demo: helsinki")
    user = User.objects.filter(username="provider", role__in=policy.PROVIDERS).first()
    provider = Provider.objects.filter(name=DEMO_PROVIDER).first()
    if user and provider and not ProviderMember.objects.filter(user=user).exists():
        ProviderMember.objects.create(user=user, provider=provider)
    return {"ptv": a.created + a.updated, "helsinki": b.created + b.updated, "new": a.created + b.created}
