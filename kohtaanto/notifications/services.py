"""`notify`: the one way Kohtaanto tells a person something outside the application.

Bodies say only that something is waiting and link to Kohtaanto: email and SMS are not a
safe place for personal data, so names, plan contents and message texts never go in them.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from .models import Notification, Status
from .senders import NotDeliverable, get_notifier

log = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """A link for a notification body; `KOHTAANTO_BASE_URL` is the public address."""
    base = settings.KOHTAANTO_BASE_URL
    return base.rstrip("/") + path


def in_language_of(user) -> AbstractContextManager:
    """Write the notification in the recipient's own language."""
    lang = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    return translation.override(lang if lang in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE)


def _claim(recipient_user, kind: str, subject: str, channel: str, key: str) -> Notification | None:
    """The row to send under, or None when this key was already sent (or is being sent)."""
    if key:
        with transaction.atomic():
            row = Notification.objects.select_for_update().filter(recipient=recipient_user, key=key).first()
            if row is not None:
                if row.status != Status.FAILED:
                    return None
                row.subject, row.channel, row.status, row.error = subject, channel, Status.PENDING, ""
                row.save(update_fields=["subject", "channel", "status", "error"])
                return row
    try:
        with transaction.atomic():
            return Notification.objects.create(
                recipient=recipient_user, kind=kind, subject=subject, channel=channel, key=key
            )
    except IntegrityError:  # a concurrent run claimed the same key first
        return None


def notify(*, recipient_user, subject: str, body: str, kind: str, key: str = "") -> Notification | None:
    """Send through the configured notifier and record the outcome.

    A delivery failure is recorded, not raised: the action that caused the notification
    (a message, a meeting) has already happened and must not be undone by a mail server.
    With `key`, at most one notification per recipient and key is sent (failed ones are
    retried); returns None when there is nobody to notify or it was sent already.
    """
    if recipient_user is None or not recipient_user.is_active:
        return None
    notifier = get_notifier(recipient_user)
    row = _claim(recipient_user, kind[:40], subject[:200], getattr(notifier, "channel", "")[:40], key[:120])
    if row is None:
        return None
    try:
        notifier.send(recipient_user, row.subject, body)
    except NotDeliverable as exc:
        row.status, row.error = Status.SKIPPED, str(exc)[:300]
    except Exception as exc:  # noqa: BLE001 - any channel error is recorded, never raised
        log.warning("notification %s to user %s failed: %s", row.kind, recipient_user.pk, exc)
        row.status, row.error = Status.FAILED, f"{type(exc).__name__}: {exc}"[:300]
    else:
        row.status, row.sent_at = Status.SENT, timezone.now()
    row.save(update_fields=["status", "error", "sent_at"])
    return row
