"""The market profile and its consents in data-subject requests (registered with
kohtaanto.privacy in MarketConfig.ready): exported in the Helsinki GDPR API tree shape;
on anonymisation the profile is erased and open consents end, while the consent records
(purpose, fields, times, receipt) stay as the proof of consent the controller must keep."""

from __future__ import annotations

import json

from kohtaanto.privacy.registry import Personal

from .models import PROFILE_FIELDS, Consent, Profile

HERE = "market.privacy.export_section / anonymise"
SPECS = (
    Personal(Profile, "PROFILE", personal=PROFILE_FIELDS, codes=("esco_version",), handled_by=HERE),
    # The receipt names the client only by the client number, which the anonymised record keeps.
    Personal(
        Consent,
        "CONSENT",
        personal=(),
        codes=("purpose", "fields", "ended_reason", "collection_method", "language", "receipt"),
        handled_by=HERE,
    ),
)


def _leaf(key: str, value) -> dict:
    return {"key": key, "value": None if value is None else str(value)}


def export_section(client) -> dict:
    profile = Profile.objects.filter(client=client).first()
    fields = (
        [
            _leaf(name.upper(), json.dumps(getattr(profile, name), ensure_ascii=False))
            for name in PROFILE_FIELDS
        ]
        if profile
        else []
    )
    consents = [
        {
            "key": "CONSENT",
            "children": [
                _leaf("RECEIPT_ID", c.receipt_id),
                _leaf("PURPOSE", c.purpose),
                _leaf("FIELDS", ", ".join(c.fields)),
                _leaf("GRANTED", c.granted_at.isoformat()),
                _leaf("EXPIRES", c.expires_at.isoformat()),
                _leaf("WITHDRAWN", c.withdrawn_at.isoformat() if c.withdrawn_at else None),
                _leaf("STATUS", c.status),
                _leaf("RECEIPT", json.dumps(c.receipt, ensure_ascii=False)),
            ],
        }
        for c in Consent.objects.filter(client=client).order_by("granted_at", "id")
    ]
    return {
        "key": "MARKET",
        "children": [{"key": "PROFILE", "children": fields}, {"key": "CONSENTS", "children": consents}],
    }


def anonymise(client) -> None:
    from .services import consents_end_for

    Profile.objects.filter(client=client).delete()
    consents_end_for(client, "anonymised")
