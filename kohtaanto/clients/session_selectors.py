"""Reading network sessions: who held one and when is visible to everyone who sees the
client; the summary only to its author and the client's own team."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import can_read_session_summary
from kohtaanto.audit.services import Reads

from .models import Client, NetworkSession


@dataclass(frozen=True)
class SessionRow:
    id: int
    date: date
    kind: str
    kind_label: str
    channel: str
    channel_label: str
    professional: str
    professional_role: str
    summary: str | None  # None: not shown to this reader


def network_sessions_for(
    *, actor: User, client: Client, reads: Reads | None = None, purpose: str = "case work"
) -> list[SessionRow]:
    """The client's network sessions for a reader who already may see the client (the caller
    read it through `client_get`); adds the section to the page's audit event."""
    sessions = list(client.network_sessions.select_related("professional")[:100])
    rows = [
        SessionRow(
            id=s.pk,
            date=s.date,
            kind=s.kind,
            kind_label=str(s.get_kind_display()),
            channel=s.channel,
            channel_label=str(s.get_channel_display()),
            professional=s.professional.display_name if s.professional else "",
            professional_role=str(s.professional.get_role_display()) if s.professional else "",
            summary=s.summary if can_read_session_summary(actor, client, s) else None,
        )
        for s in sessions
    ]
    if reads is not None and rows:
        reads.add(
            "client.network_sessions",
            purpose=purpose,
            summaries=sum(1 for r in rows if r.summary is not None),
        )
    return rows


__all__ = ["NetworkSession", "SessionRow", "network_sessions_for"]
