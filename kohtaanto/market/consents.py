"""MyData consents for the market profile: the check every use goes through, and the
Kantara Consent Receipt v1.1 built when a consent is granted.

A consent is for one purpose, covers the profile fields the client chose and ends at
`expires_at` or when withdrawn. `require` reads the consent table at the moment of use
(no caching), so a withdrawal or expiry applies to the very next request.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import FIELD_NAMES, PROFILE_FIELDS, Consent, Purpose

KANTARA_VERSION = "KI-CR-v1.1.0"
MAX_DURATION = timedelta(days=731)
DURATIONS = {
    1: gettext_lazy("1 month"),
    3: gettext_lazy("3 months"),
    6: gettext_lazy("6 months"),
    12: gettext_lazy("1 year"),
}


# What each purpose does with the data, in the receipt and on the consent page.
PURPOSE_TEXT = {
    Purpose.JOB_MATCHING: gettext_lazy(
        "Kohtaanto compares the chosen profile fields with the job postings of the region and "
        "shows you (and your worker, if you share your profile) ranked jobs with an explanation."
    ),
    Purpose.EDUCATION_MATCHING: gettext_lazy(
        "Kohtaanto compares the chosen profile fields with education offerings and shows "
        "education that closes your skill gaps."
    ),
    Purpose.SHARING_WITH_WORKER: gettext_lazy(
        "Your responsible employment worker and their team can see and edit the chosen profile "
        "fields, and run job and education matching with you."
    ),
    Purpose.MARKET_STATISTICS: gettext_lazy(
        "Your target occupation and preferred area are counted in the labour-market picture "
        "(job seekers against job postings). Only totals of at least five people are shown."
    ),
    Purpose.EMPLOYER_MATCHING: gettext_lazy(
        "Employer coordinators may compare the chosen profile fields with employers' vacancies. "
        "They see you only under a code; an employer learns who you are only after you accept "
        "an introduction, and then sees the chosen fields."
    ),
}
PURPOSE_CATEGORY = {
    Purpose.JOB_MATCHING: ["Core Function", "Personalized Experience"],
    Purpose.EDUCATION_MATCHING: ["Core Function", "Personalized Experience"],
    Purpose.SHARING_WITH_WORKER: ["Core Function"],
    Purpose.MARKET_STATISTICS: ["Improve Performance"],
    Purpose.EMPLOYER_MATCHING: ["Core Function"],
}
DEFAULT_CONTROLLER = {
    "piiController": "Helsingin kaupunki / City of Helsinki",
    "onBehalf": False,
    "contact": "Helsingin kaupungin kirjaamo / Registry Office",
    "address": {
        "streetAddress": "PL 10",
        "postalCode": "00099",
        "addressLocality": "Helsingin kaupunki",
        "addressCountry": "FI",
    },
    "email": "helsinki.kirjaamo@hel.fi",
    "phone": "+358 9 310 13700",
    "piiControllerUrl": "https://www.hel.fi",
}
DEFAULT_POLICY_URL = "https://www.hel.fi/fi/paatoksenteko-ja-hallinto/tietoa-helsingista/tietosuoja"


class ConsentRequired(PermissionDenied):
    """No active consent for the purpose (or it does not cover the fields): refused."""

    def __init__(self, purpose: str, fields: tuple[str, ...] = ()):
        self.purpose, self.fields = purpose, tuple(fields)
        label = Purpose(purpose).label if purpose in Purpose.values else purpose
        if fields:
            message = _(
                "The client's consent for %(purpose)s does not cover: %(fields)s. Nothing was read."
            ) % {"purpose": label, "fields": ", ".join(str(FIELD_NAMES.get(f, f)) for f in fields)}
        else:
            message = _(
                "There is no active consent for %(purpose)s: it was never given, it was withdrawn "
                "or it has expired. Nothing was read."
            ) % {"purpose": label}
        super().__init__(message)


def active_consent(client, purpose: str, now=None) -> Consent | None:
    """The client's consent for `purpose` in force right now, if any."""
    now = now or timezone.now()
    return (
        Consent.objects.filter(
            client=client, purpose=purpose, withdrawn_at__isnull=True, granted_at__lte=now, expires_at__gt=now
        )
        .order_by("-granted_at", "-id")
        .first()
    )


def require(client, purpose: str, fields: tuple[str, ...] | list[str] = ()) -> Consent:
    """The active consent for `purpose` covering `fields`, or ConsentRequired."""
    consent = active_consent(client, purpose)
    if consent is None:
        raise ConsentRequired(purpose)
    uncovered = tuple(f for f in fields if f not in consent.fields)
    if uncovered:
        raise ConsentRequired(purpose, uncovered)
    return consent


def clean_fields(fields) -> list[str]:
    """The chosen profile fields in canonical order; unknown names are an error."""
    if not isinstance(fields, list | tuple) or not all(isinstance(f, str) for f in fields):
        raise ValueError(_("Fields must be a list of profile field names."))
    unknown = sorted(set(fields) - set(PROFILE_FIELDS))
    if unknown:
        raise ValueError(_("Unknown profile fields: %(names)s.") % {"names": ", ".join(unknown)})
    if not fields:
        raise ValueError(_("Choose at least one profile field."))
    return [f for f in PROFILE_FIELDS if f in fields]


def build_receipt(consent: Consent, client) -> dict:
    """The Kantara Consent Receipt v1.1 for a grant, in the consent's language."""
    with translation.override(consent.language):
        expires = timezone.localtime(consent.expires_at).strftime("%Y-%m-%d %H:%M %Z")
        purpose = {
            "purpose": str(PURPOSE_TEXT[consent.purpose]),
            "purposeCategory": PURPOSE_CATEGORY[consent.purpose],
            "consentType": "EXPLICIT",
            "piiCategory": [str(FIELD_NAMES[f]) for f in consent.fields],
            "primaryPurpose": True,
            "termination": _(
                "Ends on %(date)s, or earlier when you withdraw it in Kohtaanto (My profile, "
                "Consents); a withdrawal takes effect immediately."
            )
            % {"date": expires},
            "thirdPartyDisclosure": False,
        }
        service = _("Kohtaanto labour-market matching: %(purpose)s") % {
            "purpose": Purpose(consent.purpose).label
        }
    receipt = {
        "version": KANTARA_VERSION,
        "jurisdiction": "FI",
        "consentTimestamp": int(consent.granted_at.timestamp()),
        "collectionMethod": consent.collection_method,
        "consentReceiptID": str(consent.receipt_id),
        "language": consent.language,
        "piiPrincipalId": client.external_id,
        "piiControllers": [getattr(settings, "MARKET_CONTROLLER", DEFAULT_CONTROLLER)],
        "policyUrl": getattr(settings, "MARKET_POLICY_URL", DEFAULT_POLICY_URL),
        "services": [{"service": service, "purposes": [purpose]}],
        "sensitive": False,
        "spiCat": [],
    }
    public_key = getattr(settings, "MARKET_RECEIPT_PUBLIC_KEY", "")
    if public_key:
        receipt["publicKey"] = public_key
    return receipt
