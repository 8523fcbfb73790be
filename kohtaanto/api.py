"""The versioned JSON API (/api/v1/). Every capability is here as well as in the UI, with the
same selectors and services, hence the same permissions and audit log."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as SchemaError
from ninja.security import django_auth

from kohtaanto.accounts.api_auth import TokenAuth
from kohtaanto.domain.documents import DocumentRejected
from kohtaanto.market.consents import ConsentRequired
from kohtaanto.web.api_errors import ErrorApi, ErrorCode, error_body
from kohtaanto.web.api_throttle import UserApiThrottle
from kohtaanto.web.errors import ReasonRequired
from kohtaanto.web.input import SafeParser

api = ErrorApi(
    title="Kohtaanto API",
    version="1",
    description="Municipal public employment services: clients, meetings, services, matching.",
    urls_namespace="api-1",
    auth=[TokenAuth(), django_auth],
    parser=SafeParser(),
    throttle=[UserApiThrottle()],
)


def _error(request, status: int, code: ErrorCode, detail, **extra):
    """Every error response: {"code", "detail", ...} (web/api_errors.ApiError)."""
    return api.create_response(request, error_body(code, detail, **extra), status=status)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, ErrorCode.FORBIDDEN, str(exc) or "forbidden")


@api.exception_handler(ReasonRequired)
def _reason_required(request, exc):
    """Need to know: the client opens after POST /api/v1/clients/{id}/access with a reason."""
    return _error(request, 403, ErrorCode.REASON_REQUIRED, str(exc), reasons=exc.reasons)


@api.exception_handler(ConsentRequired)
def _consent_required(request, exc):
    """The one place a missing consent becomes a response: 403 with a stable code, the
    purpose and the uncovered fields (the market endpoints declare it as `Problem`)."""
    return _error(
        request, 403, ErrorCode.CONSENT_REQUIRED, str(exc), purpose=exc.purpose, fields=list(exc.fields)
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, ErrorCode.NOT_FOUND, str(exc) or "not found")


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return _error(request, 422, ErrorCode.INVALID_INPUT, "invalid input", errors=errors)


@api.exception_handler(SchemaError)
def _schema_error(request, exc):
    """The body or a parameter does not fit the operation's schema (ninja's own check)."""
    return _error(request, 422, ErrorCode.INVALID_REQUEST, exc.errors)


@api.exception_handler(DocumentRejected)
def _document_rejected(request, exc):
    """An uploaded or posted document over the size or nesting limit (domain.documents)."""
    return _error(request, 400, ErrorCode.DOCUMENT_REJECTED, str(exc), limit=exc.limit)


@api.exception_handler(RequestDataTooBig)
def _body_too_big(request, exc):
    detail = f"the request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes"
    return _error(request, 400, ErrorCode.DOCUMENT_REJECTED, detail, limit="size")


@api.exception_handler(HttpError)
def _http_error(request, exc):
    """ninja's own errors; a body refused by the parser keeps the reason (ninja hides it)."""
    detail, code = str(exc), ErrorCode.ERROR
    if isinstance(exc.__cause__, DocumentRejected):
        detail, code = f"{detail}: {exc.__cause__}", ErrorCode.DOCUMENT_REJECTED
    elif isinstance(exc, Throttled):
        code = ErrorCode.TOO_MANY_REQUESTS
    elif exc.status_code == 400:
        code = ErrorCode.BAD_REQUEST
    elif exc.status_code == 401:
        code = ErrorCode.UNAUTHENTICATED
    elif exc.status_code == 403:
        code = ErrorCode.FORBIDDEN
    return _error(request, exc.status_code, code, detail)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, 401, ErrorCode.UNAUTHENTICATED, "authentication required")


def _register_routers() -> None:
    from kohtaanto.accesslog.api import router as audit_router
    from kohtaanto.catalogue.api import router as catalogue_router
    from kohtaanto.clients.access_api import router as access_router
    from kohtaanto.clients.api import router as clients_router
    from kohtaanto.clients.calendar_views import router as calendar_router
    from kohtaanto.clients.casework_api import router as casework_router
    from kohtaanto.clients.contact_api import router as contact_router
    from kohtaanto.clients.intake_api import router as intake_router
    from kohtaanto.clients.session_api import router as sessions_router
    from kohtaanto.employers.api import router as employers_router
    from kohtaanto.employers.event_api import client_router as client_events_router
    from kohtaanto.employers.event_api import portal_router as portal_events_router
    from kohtaanto.employers.event_api import router as events_router
    from kohtaanto.employers.vacancy_api import client_router as introductions_router
    from kohtaanto.employers.vacancy_api import portal_router as portal_introductions_router
    from kohtaanto.employers.vacancy_api import router as vacancies_router
    from kohtaanto.insights.api import router as insights_router
    from kohtaanto.jobs.api import router as jobs_router
    from kohtaanto.market.api import router as market_router
    from kohtaanto.ohjaamo.api import portal_router as ohjaamo_portal_router
    from kohtaanto.ohjaamo.api import router as ohjaamo_router
    from kohtaanto.outcomes.api import router as outcomes_router
    from kohtaanto.outcomes.offer_api import portal_router as placement_portal_router
    from kohtaanto.outcomes.offer_api import router as placement_router
    from kohtaanto.pages.api import router as worklist_router
    from kohtaanto.portal.api import meetings_staff_router
    from kohtaanto.portal.api import router as portal_router
    from kohtaanto.portal.api import staff_router as messages_router
    from kohtaanto.portal.selfservice_api import router as selfservice_router
    from kohtaanto.portal.selfservice_api import staff_router as selfservice_staff_router
    from kohtaanto.privacy.api import router as gdpr_router
    from kohtaanto.procurement.api import router as procurement_router
    from kohtaanto.referrals.api import router as referrals_router
    from kohtaanto.subsidies.api import router as subsidies_router
    from kohtaanto.subsidies.applicant_api import router as subsidies_applicant_router
    from kohtaanto.subsidies.expert_api import router as subsidies_expert_router
    from kohtaanto.typ.api import indicators_router as typ_indicators_router
    from kohtaanto.typ.api import router as typ_router

    api.add_router("/clients", worklist_router)
    api.add_router("/clients", clients_router)
    api.add_router("/clients", contact_router)
    api.add_router("/clients", access_router)
    api.add_router("/clients", messages_router)
    api.add_router("/clients", meetings_staff_router)
    api.add_router("/clients", sessions_router)
    api.add_router("/clients", outcomes_router)
    api.add_router("/clients", placement_router)
    api.add_router("/portal", placement_portal_router)
    api.add_router("/jobs", jobs_router)
    api.add_router("/calendar", calendar_router)
    api.add_router("/portal", portal_router)
    api.add_router("/portal", selfservice_router)
    api.add_router("/clients", selfservice_staff_router)
    api.add_router("/intake", intake_router)
    api.add_router("/casework", casework_router)
    api.add_router("/audit", audit_router)
    api.add_router("/catalogue", catalogue_router)
    api.add_router("/gdpr", gdpr_router)
    api.add_router("/referrals", referrals_router)
    api.add_router("/insights", insights_router)
    api.add_router("/market", market_router)
    api.add_router("/employers", employers_router)
    api.add_router("/events", events_router)
    api.add_router("/portal", portal_events_router)
    api.add_router("/clients", client_events_router)
    api.add_router("/vacancies", vacancies_router)
    api.add_router("/portal", portal_introductions_router)
    api.add_router("/clients", introductions_router)
    api.add_router("/procurement", procurement_router)
    api.add_router("/subsidies", subsidies_router)
    api.add_router("/subsidies", subsidies_applicant_router)
    api.add_router("/subsidies", subsidies_expert_router)
    api.add_router("/clients", typ_router)
    api.add_router("/typ", typ_indicators_router)
    api.add_router("/ohjaamo", ohjaamo_router)
    api.add_router("/portal", ohjaamo_portal_router)


_register_routers()
