"""Append-only audit log with a hash chain.

Each row's hash covers its content and the previous row's hash, so altering or deleting a
row breaks the chain from that point on; `kohtaanto audit verify` walks it. The hash is an
HMAC with a subkey of KOHTAANTO_AUDIT_KEY, which is not in the database: whoever can write to
the database cannot recompute a valid chain after changing a row (issue 13, point 8).
"""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kohtaanto.domain.keys import derive


class Action(models.TextChoices):
    READ = "read", _("read")
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    EXPORT = "export", _("export")
    ERASE = "erase", _("erase")
    LOGIN = "login", _("login")
    SEARCH = "search", _("search")
    DENIED = "denied", _("access refused")


class AppendOnlyError(Exception):
    pass


# What a section of a page read is called in the access logs (`AuditEvent.sections`).
SECTION_LABELS = {
    "client": _("client record"),
    "client.referrals": _("services and referrals"),
    "client.forecast": _("employment outlook"),
    "market.consents": _("labour-market consents"),
    "market.profile": _("labour-market profile"),
}


class AuditEvent(models.Model):
    time = models.DateTimeField(_("time"), db_index=True)
    actor_id = models.BigIntegerField(_("actor"), null=True, db_index=True)
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    actor_role = models.CharField(_("role"), max_length=30, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    target_type = models.CharField(_("target"), max_length=50)
    target_id = models.CharField(_("target id"), max_length=200, blank=True)
    # The data subject whose personal data was processed, for "who processed my data".
    subject_client_id = models.BigIntegerField(null=True, db_index=True)
    purpose = models.CharField(_("purpose or reason"), max_length=300, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["id"]

    @property
    def sections(self) -> list[dict]:
        """The sections of a page read (`audit.services.Reads`), each with its purpose and a
        label; empty for a one-section event, whose target and purpose say what it was."""
        detail = self.detail if isinstance(self.detail, dict) else {}
        rows = detail.get("sections")
        if not isinstance(rows, list):
            return []
        return [
            {**r, "label": str(SECTION_LABELS.get(r.get("section"), r.get("section")))}
            for r in rows
            if isinstance(r, dict)
        ]

    @property
    def purposes(self) -> str:
        """The event's purpose and, for a page read, every section's, each once, in order."""
        seen = [self.purpose] if self.purpose else []
        for r in self.sections:
            p = str(r.get("purpose") or "")
            if p and p not in seen:
                seen.append(p)
        return "; ".join(seen)

    def canonical(self) -> bytes:
        payload = {
            "time": self.time.isoformat(),
            "actor_id": self.actor_id,
            "actor_name": self.actor_name,
            "actor_role": self.actor_role,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "subject_client_id": self.subject_client_id,
            "purpose": self.purpose,
            "request_id": self.request_id,
            "detail": self.detail,
        }
        return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()

    def compute_hash(self) -> str:
        message = self.prev_hash.encode() + b"|" + self.canonical()
        return hmac.new(derive(settings.AUDIT_KEY, b"audit-chain"), message, hashlib.sha256).hexdigest()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")
