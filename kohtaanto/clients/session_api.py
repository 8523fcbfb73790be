"""/api/v1/clients/{id}/sessions: network professionals' own sessions with the client."""

from __future__ import annotations

from datetime import date

from ninja import Field, Router, Schema, Status

from kohtaanto.accounts.api_auth import role_auth
from kohtaanto.accounts.policy import NETWORK_ROLES, RECORD_READERS
from kohtaanto.audit.services import Reads, audit_reads

from . import selectors
from .models import SESSION_SUMMARY_MAX, Channel, SessionKind
from .session_selectors import network_sessions_for
from .session_services import network_session_record

router = Router(tags=["casework"])
READERS = RECORD_READERS


class SessionIn(Schema):
    date: date
    kind: SessionKind
    channel: Channel = Channel.IN_PERSON
    summary: str = Field("", max_length=SESSION_SUMMARY_MAX)


class SessionOut(Schema):
    id: int
    date: date
    kind: str
    kind_label: str
    channel: str
    channel_label: str
    professional: str
    professional_role: str
    summary: str | None = Field(None, description="null when the reader may not see the summary")


@router.get(
    "/{int:client_id}/sessions",
    response=list[SessionOut],
    auth=role_auth(*READERS),
    summary="Network professionals' sessions with the client",
)
def sessions_get(request, client_id: int, reason: str = ""):
    reads = Reads()
    client = selectors.client_get(
        actor=request.user, client_id=client_id, reason=reason, request_id=request.request_id, reads=reads
    )
    purpose = reads.sections[0]["purpose"]
    rows = network_sessions_for(actor=request.user, client=client, reads=reads, purpose=purpose)
    audit_reads(
        actor=request.user,
        reads=reads,
        target_type="client",
        target_id=client.pk,
        subject_client_id=client.pk,
        purpose=purpose,
        request_id=request.request_id,
    )
    return rows


@router.post(
    "/{int:client_id}/sessions",
    response={201: SessionOut},
    auth=role_auth(*NETWORK_ROLES),
    summary="Record a session the network professional held with the client",
)
def sessions_post(request, client_id: int, payload: SessionIn):
    session = network_session_record(
        actor=request.user,
        client_id=client_id,
        date=payload.date,
        kind=payload.kind,
        channel=payload.channel,
        summary=payload.summary,
        request_id=request.request_id,
    )
    client = session.client
    row = next(r for r in network_sessions_for(actor=request.user, client=client) if r.id == session.pk)
    return Status(201, row)
