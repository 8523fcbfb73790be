"""The market profile and its consents in data-subject requests (registered with
kohtaanto.privacy in MarketConfig.ready): exported in the Helsinki GDPR API tree shape;
on anonymisation the profile is erased and open consents end, while the consent records
(purpose, fields, times, receipt) stay as the proof of consent the controller must keep."""

from __future__ import annotations

import json

from kohtaanto.privacy.registry import Personal, leaf

from .models import PROFILE_FIELDS, Consent, Profile

SPECS = (
    Personal(Profile, "PROFILE", personal=PROFILE_FIELDS, codes=("esco_version",), hand_written=True),
    # The receipt names the client only by the client number, which the anonymised record keeps.
    Personal(
        Consent,
        "CONSENT",
        personal=(),
        codes=("purpose", "fields", "ended_reason", "collection_method", "language", "receipt"),
        hand_written=True,
    ),
)


def export_section(client) -> dict:
    profile = Profile.objects.filter(client=client).first()
    fields = (
        [
            leaf(name.upper(), json.dumps(getattr(profile, name), ensure_ascii=False))
            for name in PROFILE_FIELDS
        ]
        if profile
        else []
    )
    consents = [
        {
            "key": "CONSENT",
            "children": [
                leaf("RECEIPT_ID", c.receipt_id),
                leaf("PURPOSE", c.purpose),
                leaf("FIELDS", ", ".join(c.fields)),
                leaf("GRANTED", c.granted_at.isoformat()),
                leaf("EXPIRES", c.expires_at.isoformat()),
                leaf("WITHDRAWN", c.withdrawn_at.isoformat() if c.withdrawn_at else None),
                leaf("STATUS", c.status),
                leaf("RECEIPT", json.dumps(c.receipt, ensure_ascii=False)),
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
