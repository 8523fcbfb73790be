"""/api/v1/portal/services and /api/v1/portal/documents (the client's self-service), and the
team's side: /api/v1/clients/{id}/referral-requests and /api/v1/clients/{id}/documents."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from kohtaanto.accounts import policy
from kohtaanto.accounts.api_auth import role_auth
from kohtaanto.web.api_errors import ErrorCode, error_body

from . import documents, selfservice
from .api import Problem
from .models import REFERRAL_REQUEST_MAX
from .selfservice_views import download

router = Router(tags=["portal"], auth=role_auth(*policy.CLIENTS))
staff_router = Router(tags=["portal"], auth=role_auth(*policy.MEETING_WRITERS))


class ServiceOut(Schema):
    id: int
    name: dict[str, str]
    summary: dict[str, str]
    provider: str
    requested: bool


class ServicesOut(Schema):
    services: list[ServiceOut]
    total: int
    page: int
    pages: int


class RequestIn(Schema):
    message: str = Field("", max_length=REFERRAL_REQUEST_MAX)


class RequestOut(Schema):
    id: int
    service_id: int
    message: str
    created_at: datetime


class DocumentOut(Schema):
    id: int
    title: str
    filename: str
    content_type: str
    size: int
    created_at: datetime


def _document(d) -> dict:
    return {
        "id": d.pk,
        "title": d.title,
        "filename": d.filename,
        "content_type": d.content_type,
        "size": d.size,
        "created_at": d.created_at,
    }


@router.get("/services", response=ServicesOut, summary="Published services I am eligible for")
def my_services(request, q: str = "", page: int = 1):
    found = selfservice.portal_services(
        actor=request.user, query=q[:100], page=page, request_id=request.request_id
    )
    return {
        "services": [
            {
                "id": s.pk,
                "name": s.name,
                "summary": s.summary or {},
                "provider": s.provider.name,
                "requested": s.pk in found.requested,
            }
            for s in found.services
        ],
        "total": found.total,
        "page": found.page,
        "pages": found.pages,
    }


@router.post(
    "/services/{service_id}/request",
    response={201: RequestOut, 409: Problem},
    summary="Ask my worker for a referral to this service",
)
def my_referral_request(request, service_id: int, body: RequestIn):
    try:
        req = selfservice.referral_request(
            actor=request.user, service_id=service_id, message=body.message, request_id=request.request_id
        )
    except selfservice.RequestExists as exc:
        return Status(409, error_body(ErrorCode.CONFLICT, "already asked", errors=exc.message_dict))
    return Status(
        201,
        {"id": req.pk, "service_id": req.service_id, "message": req.message, "created_at": req.created_at},
    )


@router.get("/documents", response=list[DocumentOut], summary="My documents")
def my_documents(request):
    return [_document(d) for d in documents.own_documents(actor=request.user)]


@router.post("/documents", response={201: DocumentOut}, summary="Save a document (PDF, PNG, JPEG, DOCX, ODT)")
def my_document_upload(request, file: File[UploadedFile], title: Form[str] = ""):
    doc = documents.document_upload(
        actor=request.user,
        title=title,
        filename=file.name or "",
        data=file.read(documents.read_limit()),
        request_id=request.request_id,
    )
    return Status(201, _document(doc))


@router.get("/documents/{document_id}", summary="Download one of my documents", response={200: None})
def my_document(request, document_id: int):
    return download(
        documents.document_open(actor=request.user, document_id=document_id, request_id=request.request_id)
    )


@router.delete("/documents/{document_id}", response={204: None}, summary="Remove one of my documents")
def my_document_delete(request, document_id: int):
    documents.document_delete(actor=request.user, document_id=document_id, request_id=request.request_id)
    return Status(204, None)


@staff_router.get(
    "/{client_id}/referral-requests", response=list[RequestOut], summary="The client's open referral requests"
)
def referral_requests(request, client_id: int):
    rows = selfservice.referral_requests_read(
        actor=request.user, client_id=client_id, request_id=request.request_id
    )
    return [
        {"id": r.pk, "service_id": r.service_id, "message": r.message, "created_at": r.created_at}
        for r in rows
    ]


@staff_router.post(
    "/{client_id}/referral-requests/{request_pk}/handled",
    response={204: None},
    summary="Mark a request handled",
)
def referral_request_handled(request, client_id: int, request_pk: int):
    selfservice.referral_request_handle(
        actor=request.user, client_id=client_id, request_pk=request_pk, request_id=request.request_id
    )
    return Status(204, None)


@staff_router.get("/{client_id}/documents", response=list[DocumentOut], summary="The client's documents")
def client_documents(request, client_id: int):
    return [
        _document(d)
        for d in documents.client_documents(
            actor=request.user, client_id=client_id, request_id=request.request_id
        )
    ]


@staff_router.get(
    "/{client_id}/documents/{document_id}", summary="Download a client's document", response={200: None}
)
def client_document(request, client_id: int, document_id: int):
    file = documents.document_open(
        actor=request.user, client_id=client_id, document_id=document_id, request_id=request.request_id
    )
    return download(file)
