"""Documents the client gives their worker (issue 13, point 4): a CV, certificates.

Uploads are limited in size (`KOHTAANTO_DOCUMENT_MAX_BYTES`) and type: the content itself
must be one of the accepted kinds (checked from its bytes with `filetype`) and the file name
must say the same kind, so a program renamed `cv.pdf` or an image called `.docx` is refused.
The bytes are stored encrypted (Fernet, key derived from the field key, old keys still read);
the client and their own team read them, every read audited; erasure deletes them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.audit.services import audit_record
from kohtaanto.clients.models import Client
from kohtaanto.clients.selectors import client_get

from .crypto import decrypt, encrypt
from .models import ClientDocument
from .selectors import own_client
from .services import clean_text

# Accepted kinds: the extension filetype reports -> the file-name endings that may carry it.
ACCEPTED = {
    "pdf": ("pdf",),
    "png": ("png",),
    "jpg": ("jpg", "jpeg"),
    "docx": ("docx",),
    "odt": ("odt",),
}
DOCUMENTS_PER_CLIENT = 50


@dataclass(frozen=True)
class File:
    filename: str
    content_type: str
    data: bytes


def read_limit() -> int:
    """How much of an upload to read: one byte over the limit shows it is too big."""
    return int(settings.DOCUMENT_MAX_BYTES) + 1


def check_upload(filename: str, data: bytes) -> str:
    """The content type of an acceptable upload, or ValidationError saying what is wrong."""
    limit = settings.DOCUMENT_MAX_BYTES
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    if len(data) > limit:
        raise ValidationError(
            {"file": _("The file is too big: at most %(size)s.") % {"size": filesizeformat(limit)}}
        )
    kind = filetype.guess(data)
    if kind is None or kind.extension not in ACCEPTED:
        raise ValidationError({"file": _("Send a PDF, a picture (PNG or JPEG) or a document (DOCX or ODT).")})
    ending = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ending not in ACCEPTED[kind.extension]:
        raise ValidationError(
            {
                "file": _("The file's name does not match its content (%(kind)s).")
                % {"kind": kind.extension.upper()}
            }
        )
    return kind.mime


def _audit(actor: User, client: Client, action: str, doc_id: int, purpose: str, request_id: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        target_type="client.document",
        target_id=doc_id,
        subject_client_id=client.pk,
        purpose=purpose,
        request_id=request_id,
    )


def document_upload(
    *, actor: User, title: str, filename: str, data: bytes, request_id: str = ""
) -> ClientDocument:
    """The client adds a document; nothing is stored when any check fails."""
    client = own_client(actor)
    title = clean_text(title)[:200] or clean_text(filename)[:200]
    filename = clean_text(filename).replace("/", "_").replace("\\", "_")[:200]
    content_type = check_upload(filename, data)
    if client.documents.count() >= DOCUMENTS_PER_CLIENT:
        raise ValidationError(
            {"file": _("You have %(n)s documents; remove one first.") % {"n": DOCUMENTS_PER_CLIENT}}
        )
    with transaction.atomic():
        doc = ClientDocument.objects.create(
            client=client,
            title=title,
            filename=filename,
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            data=encrypt(data),
            uploaded_by=actor,
        )
        _audit(actor, client, "create", doc.pk, "documents", request_id)
    return doc


def document_delete(*, actor: User, document_id: int, request_id: str = "") -> None:
    client = own_client(actor)
    with transaction.atomic():
        deleted, _rows = client.documents.filter(pk=document_id).delete()
        if not deleted:
            raise Http404
        _audit(actor, client, "delete", document_id, "documents", request_id)


def own_documents(*, actor: User) -> list[ClientDocument]:
    """The client's list (metadata only; the bytes are read one file at a time)."""
    return list(own_client(actor).documents.defer("data"))


def _team_client(actor: User, client_id: int, request_id: str) -> Client:
    if not policy.can_record_meetings(actor):  # the team's roles, before anything is read
        raise PermissionDenied
    client = client_get(actor=actor, client_id=client_id, purpose="documents", request_id=request_id)
    if not policy.can_write_meetings(actor, client):
        raise PermissionDenied
    return client


def client_documents(*, actor: User, client_id: int, request_id: str = "") -> list[ClientDocument]:
    """The documents of a client of the actor's team (metadata)."""
    return list(_team_client(actor, client_id, request_id).documents.defer("data"))


def document_open(
    *, actor: User, document_id: int, client_id: int | None = None, request_id: str = ""
) -> File:
    """One document's bytes, decrypted: the client's own, or (with client_id) one of a client
    of the actor's team. The read is audited."""
    if client_id is None:
        client = own_client(actor)
    else:
        client = _team_client(actor, client_id, request_id)
    doc = client.documents.filter(pk=document_id).first()
    if doc is None:
        raise Http404
    _audit(actor, client, "read", doc.pk, "documents", request_id)
    return File(doc.filename, doc.content_type, decrypt(bytes(doc.data)))
