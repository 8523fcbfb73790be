"""Give every request an id that the audit log records and the response echoes."""

import re
import uuid

_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class RefusedAccessMiddleware:
    """Log every 403 answered to a signed-in person as a refused attempt, so that a
    supervisor's access check shows attempts as well as access (issue 18, item 6)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                from .services import audit_record

                audit_record(
                    actor=user,
                    action="denied",
                    target_type="request",
                    target_id=f"{request.method} {request.path}",
                    purpose="refused access",
                    request_id=getattr(request, "request_id", ""),
                )
        return response
