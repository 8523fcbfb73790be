"""Writes from the client portal (and the worker's replies): one transaction each, audited.

Plan acknowledgement and consent withdrawal act on the clients app's models; they live here
because only the client performs them, through the portal or its API.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.audit.services import audit_record
from kohtaanto.clients.models import Client, EmploymentPlan, MeetingStatus, NetworkMember
from kohtaanto.notifications.services import absolute_url, in_language_of, notify

from .models import FEEDBACK_TEXT_MAX, MESSAGE_MAX, Feedback, Message
from .selectors import Thread, message_client, message_thread, own_client, referrals_for

FEEDBACK_LANGUAGES = ("fi", "sv", "en")


class FeedbackExists(ValidationError):
    """Feedback on this meeting or service was given already (the API answers 409)."""


# Bidirectional overrides can make a message read differently from what it says.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_text(text: str) -> str:
    """Keep what a person typed, minus control characters that only hide or garble text.
    Joiners stay: Persian and Indic scripts, and emoji, need them."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch
        for ch in text
        if ch in "\n\t" or (unicodedata.category(ch) not in ("Cc", "Cs") and ch not in _BIDI_CONTROLS)
    ).strip()


def _audit(actor: User, client: Client, action: str, target: str, target_id, request_id: str, **detail):
    audit_record(
        actor=actor,
        action=action,
        target_type=target,
        target_id=target_id,
        subject_client_id=client.pk,
        purpose="client portal" if policy.is_client(actor) else "messages",
        request_id=request_id,
        detail=detail or None,
    )


# --- Employment plan ---------------------------------------------------------------------


def plan_acknowledge(*, actor: User, version: int | None = None, request_id: str = "") -> EmploymentPlan:
    """The client confirms they have read and accept the newest plan version.

    `version` is the one the client was shown: if the worker saved a newer one meanwhile,
    the client must read that first. Acknowledging twice changes nothing.
    """
    with transaction.atomic():
        client = own_client(actor)
        plan = EmploymentPlan.objects.select_for_update().filter(client=client).order_by("-version").first()
        if plan is None:
            raise ValidationError({"plan": _("You do not have an employment plan yet.")})
        if version is not None and version != plan.version:
            raise ValidationError(
                {"version": _("Your plan has been updated. Read the new version before you accept it.")}
            )
        if plan.acknowledged_at is None:
            plan.acknowledged_at = timezone.now()
            plan.save(update_fields=["acknowledged_at"])
            _audit(actor, client, "update", "employment_plan", plan.pk, request_id, acknowledged=plan.version)
    return plan


# --- Network consents --------------------------------------------------------------------


def network_consent_withdraw(*, actor: User, consent_id: int, request_id: str = "") -> NetworkMember:
    """The client withdraws a professional's access. Scope checks read `active` on every
    request, so the professional loses the client at once."""
    with transaction.atomic():
        client = own_client(actor)
        row = NetworkMember.objects.select_for_update().filter(pk=consent_id, client=client).first()
        if row is None:
            raise Http404("consent not found")
        if row.active:
            row.active = False
            row.save(update_fields=["active"])
            _audit(
                actor,
                client,
                "update",
                "network_member",
                row.pk,
                request_id,
                consent="withdrawn",
                member=row.member_id,
            )
    return row


# --- Messages ----------------------------------------------------------------------------


def tell_worker(client: Client, *, subject, body, kind: str, key: str) -> None:
    """Tell the client's responsible worker, in their language, that a client asks for
    something; `subject` and `body` are lazy texts, the body with a %(link)s to the client page.
    No personal data goes in the mail: the link leads to it."""
    worker = client.responsible_worker
    if worker is None:
        return
    with in_language_of(worker):
        link = absolute_url(reverse("client_page", args=[client.pk]))
        notify(
            recipient_user=worker, subject=str(subject), body=str(body) % {"link": link}, kind=kind, key=key
        )


def _notify_new_message(message: Message, notify_user: User | None) -> None:
    """One notification per unread run: if the recipient has not read the previous message
    from this side yet, they were told already."""
    if notify_user is None:
        return
    earlier_unread = (
        Message.objects.filter(client=message.client, side=message.side, read_at__isnull=True)
        .exclude(pk=message.pk)
        .exists()
    )
    if earlier_unread:
        return
    with in_language_of(notify_user):
        if message.side == Message.Side.WORKER:
            subject = _("You have a new message in Kohtaanto")
            body = _("Hello,\n\nyou have a new message in Kohtaanto. Log in to read it:\n%(link)s\n") % {
                "link": absolute_url(reverse("portal_messages"))
            }
            kind = "message.to_client"
        else:
            subject = _("New message from a client in Kohtaanto")
            body = _(
                "Hello,\n\na client has sent you a new message in Kohtaanto. Read it here:\n%(link)s\n"
            ) % {"link": absolute_url(reverse("staff_messages", args=[message.client_id]))}
            kind = "message.to_worker"
    notify(recipient_user=notify_user, subject=subject, body=body, kind=kind)


def message_send(*, actor: User, body: str, client_id: int | None = None, request_id: str = "") -> Message:
    """Post to the client's thread: the client to their worker, or staff to the client
    (`client_id` for staff). The other side is notified without the message text."""
    client = message_client(actor=actor, client_id=client_id, request_id=request_id)
    text = clean_text(body)
    if not text:
        raise ValidationError({"body": _("Write a message.")})
    if len(text) > MESSAGE_MAX:
        raise ValidationError({"body": _("A message can be at most %(n)s characters.") % {"n": MESSAGE_MAX}})
    with transaction.atomic():
        side = Message.Side.CLIENT if policy.is_client(actor) else Message.Side.WORKER
        message = Message.objects.create(client=client, sender=actor, side=side, body=text)
        _audit(actor, client, "create", "message", message.pk, request_id)
    recipient = client.user if side == Message.Side.WORKER else client.responsible_worker
    _notify_new_message(message, recipient)
    return message


def message_thread_open(*, actor: User, client_id: int | None = None, request_id: str = "") -> Thread:
    """Read the thread and mark the other side's messages read. The returned messages keep
    their earlier `read_at`, so the page can still show which ones are new."""
    thread = message_thread(actor=actor, client_id=client_id, request_id=request_id)
    other = Message.Side.WORKER if policy.is_client(actor) else Message.Side.CLIENT
    Message.objects.filter(client=thread.client, side=other, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return thread


# --- Feedback ----------------------------------------------------------------------------


def feedback_give(
    *,
    actor: User,
    score: int,
    text: str = "",
    language: str = "",
    meeting_id: int | None = None,
    service_ref: str = "",
    request_id: str = "",
) -> Feedback:
    """The client's feedback on one of their held meetings or one of their services, once.

    A service is named by its referral, `service_ref` = "referral:<id>" (see
    `selectors.referral_ref`), and must be one of the client's referrals that has started.
    """
    client = own_client(actor)
    errors = {}
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        errors["score"] = _("Choose a score from 1 to 5.")
    text = clean_text(text)
    if len(text) > FEEDBACK_TEXT_MAX:
        errors["text"] = _("Feedback can be at most %(n)s characters.") % {"n": FEEDBACK_TEXT_MAX}
    language = (language or translation.get_language() or "fi")[:2]
    if language not in FEEDBACK_LANGUAGES:
        errors["language"] = _("The language must be fi, sv or en.")
    if (meeting_id is None) == (not service_ref):
        errors["target"] = _("Give feedback on one meeting or one service.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = None
        if meeting_id is not None:
            meeting = client.meetings.filter(pk=meeting_id, status=MeetingStatus.HELD).first()
            if meeting is None:
                raise ValidationError(
                    {"meeting_id": _("You can give feedback only on your own meetings that have been held.")}
                )
            exists = Feedback.objects.filter(client=client, meeting=meeting).exists()
        else:
            if service_ref not in {r.ref for r in referrals_for(client) if r.can_give_feedback}:
                raise ValidationError(
                    {"service_ref": _("You can give feedback only on your own services that have started.")}
                )
            exists = Feedback.objects.filter(client=client, service_ref=service_ref).exists()
        if exists:
            raise FeedbackExists({"target": _("You have already given feedback on this.")})
        try:
            with transaction.atomic():
                feedback = Feedback.objects.create(
                    client=client,
                    meeting=meeting,
                    service_ref=service_ref,
                    score=score,
                    text=text,
                    language=language,
                )
        except IntegrityError as exc:  # the same feedback sent twice at once
            raise FeedbackExists({"target": _("You have already given feedback on this.")}) from exc
        _audit(
            actor,
            client,
            "create",
            "feedback",
            feedback.pk,
            request_id,
            about="meeting" if meeting else "service",
        )
    return feedback
