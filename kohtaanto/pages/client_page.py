"""The staff client page as one read: every section the page shows about the person, and
ONE audit event listing them all.

The page's sections come from three apps (the record from `clients`, the employment
outlook from `insights`, the labour-market profile from `market`), which import
`clients.selectors` themselves; so this selector lives above the apps (kohtaanto.pages). Each section's
selector is given the same `Reads` collector (passed in, no thread-locals) and adds what it
read, with its own purpose; this function writes them with one append (one lock, one head
read, one insert) instead of one append per section, which is what keeps the audit log
within 10 % of the page's latency on PostgreSQL (docs/performance.md). A refusal (403/404)
happens before anything is read or added: it reads nothing and is logged as one refused
attempt ("denied"), for supervisors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import can_write_meetings
from kohtaanto.audit.services import Reads
from kohtaanto.clients.selectors import ClientDetail, audit_client_reads, client_detail
from kohtaanto.clients.session_selectors import SessionRow, network_sessions_for
from kohtaanto.insights.selectors import client_outlook_for_page
from kohtaanto.market.selectors import StaffSection, staff_section
from kohtaanto.outcomes.selectors import Outcomes, outcomes_for
from kohtaanto.portal.models import ClientDocument
from kohtaanto.portal.reschedule import open_requests
from kohtaanto.portal.selfservice import open_referral_requests


@dataclass
class ClientPage:
    detail: ClientDetail
    referrals: list
    outlook: dict | None
    market: StaffSection | None
    sessions: list[SessionRow] = field(default_factory=list)
    outcomes: Outcomes = field(default_factory=Outcomes)
    sections: list[dict] = field(default_factory=list)  # what the audit event lists
    reschedule_requests: list = field(default_factory=list)  # the client asks to move these meetings
    referral_requests: list = field(default_factory=list)  # the client asks for these services
    documents: list = field(default_factory=list)  # what the client uploaded (the team sees them)


def client_page(*, actor: User, client_id: int, reason: str = "", request_id: str = "") -> ClientPage:
    """Everything the staff client page reads about the client, audited as one event."""
    reads = Reads()
    detail = client_detail(actor=actor, client_id=client_id, reason=reason, reads=reads)
    client = detail.client
    purpose = reads.sections[0]["purpose"]  # "case work", or an administrator's reason
    referrals = list(client.referrals.select_related("service")[:50])
    reads.add("client.referrals", purpose=purpose)
    outlook = client_outlook_for_page(actor=actor, client=client, reads=reads)
    market = staff_section(actor=actor, client=client, reads=reads, request_id=request_id)
    sessions = network_sessions_for(actor=actor, client=client, reads=reads, purpose=purpose)
    outcomes = outcomes_for(actor=actor, client=client, reads=reads, purpose=purpose)
    asks = open_requests(client=client)
    if asks:
        reads.add("meeting.reschedule_request", purpose=purpose)
    wishes = open_referral_requests(client=client)
    if wishes:
        reads.add("client.referral_request", purpose=purpose)
    documents: list = []
    if can_write_meetings(actor, client):
        documents = list(ClientDocument.objects.filter(client=client).defer("data"))
        if documents:
            reads.add("client.document", purpose=purpose)
    audit_client_reads(actor=actor, reads=reads, client=client, purpose=purpose, request_id=request_id)
    return ClientPage(
        detail, referrals, outlook, market, sessions, outcomes, reads.sections, asks, wishes, documents
    )
