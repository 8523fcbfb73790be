"""Notification channels. `KOHTAANTO_NOTIFIER` names the class in use, so that SMS or
Suomi.fi Messages can replace email without touching the callers."""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

DEFAULT_NOTIFIER = "kohtaanto.notifications.senders.EmailNotifier"


class NotDeliverable(Exception):
    """The recipient has no address on this channel: recorded as skipped, not failed."""


class Notifier(Protocol):
    channel: str

    def send(self, recipient, subject: str, body: str) -> None: ...


class EmailNotifier:
    """Email through Django's backend (console in development, `KOHTAANTO_EMAIL_BACKEND`)."""

    channel = "email"

    def send(self, recipient, subject: str, body: str) -> None:
        if not getattr(recipient, "email", ""):
            raise NotDeliverable("no email address")
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email], fail_silently=False)


def get_notifier() -> Notifier:
    return import_string(settings.KOHTAANTO_NOTIFIER or DEFAULT_NOTIFIER)()
