"""Notification channels. `KOHTAANTO_NOTIFIER` names the sender for staff, so that another
channel can replace e-mail without touching the callers; a client is reached on the channel
they chose in the portal (text message, e-mail, or only in Kohtaanto)."""

from __future__ import annotations

from typing import Protocol

import requests
from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from kohtaanto.accounts import policy

DEFAULT_NOTIFIER = "kohtaanto.notifications.senders.EmailNotifier"


class NotDeliverable(Exception):
    """The recipient has no address on this channel: recorded as skipped, not failed."""


class Notifier(Protocol):
    channel: str

    def send(self, recipient, subject: str, body: str) -> None: ...


def _contact(recipient):
    """A client's own contact data, which they keep current in the portal; None for staff."""
    return (
        getattr(recipient, "client_record", None)
        if recipient is not None and policy.is_client(recipient)
        else None
    )


class EmailNotifier:
    """Email through Django's backend (console in development, `KOHTAANTO_EMAIL_BACKEND`)."""

    channel = "email"

    def send(self, recipient, subject: str, body: str) -> None:
        record = _contact(recipient)
        address = (record.email if record is not None else "") or getattr(recipient, "email", "")
        if not address:
            raise NotDeliverable("no email address")
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)


class SmsNotifier:
    """Text messages through an HTTP SMS gateway (`KOHTAANTO_SMS_GATEWAY_*`): one JSON POST
    `{"sender", "to", "text"}` with HTTP basic authentication; any answer but 2xx is a failure.
    Only the subject is sent: a text message says that something waits, and nothing more."""

    channel = "sms"

    def send(self, recipient, subject: str, body: str) -> None:
        record = _contact(recipient)
        phone = record.phone if record is not None else ""
        if not phone:
            raise NotDeliverable("no phone number")
        if not settings.SMS_GATEWAY_URL:
            raise NotDeliverable("no SMS gateway configured")
        link = settings.KOHTAANTO_BASE_URL.rstrip("/") + "/portal/"
        response = requests.post(
            settings.SMS_GATEWAY_URL,
            json={"sender": settings.SMS_SENDER, "to": [phone], "text": f"{subject} {link}"[:480]},
            auth=(settings.SMS_GATEWAY_USER, settings.SMS_GATEWAY_PASSWORD),
            timeout=10,
        )
        if not response.ok:
            raise RuntimeError(f"SMS gateway answered {response.status_code}")


class SilentNotifier:
    """A client who wants notices only in Kohtaanto: nothing leaves the service."""

    channel = "none"

    def send(self, recipient, subject: str, body: str) -> None:
        raise NotDeliverable("the client reads notices in Kohtaanto only")


CLIENT_CHANNELS: dict[str, type] = {"sms": SmsNotifier, "email": EmailNotifier, "none": SilentNotifier}


def get_notifier(recipient=None) -> Notifier:
    """The client's chosen channel, or the configured sender for everyone else (and for a
    client who has not chosen)."""
    record = _contact(recipient)
    if record is not None and record.preferred_channel:
        return CLIENT_CHANNELS.get(record.preferred_channel, SilentNotifier)()
    return import_string(settings.KOHTAANTO_NOTIFIER or DEFAULT_NOTIFIER)()
