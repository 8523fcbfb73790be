"""Error responses of /api/v1/ with stable codes (issue 11, point 4).

Every refusal the API gives has a `code` an integration can branch on, whatever the
wording of `detail` (which follows the user's language). The exception handlers in
kohtaanto/api.py are the one place domain refusals become responses; `ErrorApi` adds the
error schema and the codes to every operation of the OpenAPI document.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from ninja import NinjaAPI
from pydantic import BaseModel, ConfigDict, Field


class ErrorCode(StrEnum):
    UNAUTHENTICATED = "unauthenticated"  # 401: no session or token
    FORBIDDEN = "forbidden"  # 403: the role or the scope does not allow it
    CONSENT_REQUIRED = "consent_required"  # 403: the client's consent does not cover it
    REASON_REQUIRED = "reason_required"  # 403: state a reason first (POST .../access)
    NOT_FOUND = "not_found"  # 404: no such thing, or outside the caller's scope
    INVALID_INPUT = "invalid_input"  # 422: a field's value breaks a rule (`errors` per field)
    INVALID_REQUEST = "invalid_request"  # 422: the body or a parameter does not fit the schema
    BAD_REQUEST = "bad_request"  # 400: the body cannot be read (not JSON, bad text)
    DOCUMENT_REJECTED = "document_rejected"  # 400: a document over a size or nesting limit
    ROWS_REJECTED = "rows_rejected"  # 422: registration or import rows refused (`rejected`)
    CONFLICT = "conflict"  # 409: already done (feedback given, a move already asked)
    TOO_MANY_REQUESTS = "too_many_requests"  # 429: over the per-user rate
    ERROR = "error"  # any other refusal


# The codes each status can carry, for the OpenAPI document.
BY_STATUS: dict[int, tuple[ErrorCode, ...]] = {
    400: (ErrorCode.BAD_REQUEST, ErrorCode.DOCUMENT_REJECTED),
    401: (ErrorCode.UNAUTHENTICATED,),
    403: (ErrorCode.FORBIDDEN, ErrorCode.CONSENT_REQUIRED, ErrorCode.REASON_REQUIRED),
    404: (ErrorCode.NOT_FOUND,),
    409: (ErrorCode.CONFLICT,),
    422: (ErrorCode.INVALID_INPUT, ErrorCode.INVALID_REQUEST, ErrorCode.ROWS_REJECTED),
    429: (ErrorCode.TOO_MANY_REQUESTS,),
}


class RejectedRow(BaseModel):
    row: int
    field: str
    message: str


class SchemaProblem(BaseModel):
    """One of pydantic's errors for invalid_request (other keys may follow)."""

    model_config = ConfigDict(extra="allow")
    type: str
    loc: list[str | int]
    msg: str


class ApiError(BaseModel):
    """Every error response. `detail` says it for a person; `code` is for programs."""

    code: ErrorCode
    detail: str | list[SchemaProblem] = Field(
        ..., description="the reason; for invalid_request pydantic's list of errors"
    )
    errors: dict[str, list[str]] | None = Field(None, description="invalid_input: messages per field")
    purpose: str | None = Field(None, description="consent_required: the purpose that needs consent")
    fields: list[str] | None = Field(None, description="consent_required: the fields not covered")
    limit: str | None = Field(None, description="document_rejected: which limit (size, depth, items)")
    rejected: list[RejectedRow] | None = Field(None, description="rows_rejected: every refused row")
    reasons: dict[str, str] | None = Field(
        None, description="reason_required: the reasons to choose from, for POST /clients/{id}/access"
    )


def error_body(code: ErrorCode, detail: Any, **extra: Any) -> dict[str, Any]:
    return {"code": code.value, "detail": detail, **{k: v for k, v in extra.items() if v is not None}}


class ErrorApi(NinjaAPI):
    """NinjaAPI whose OpenAPI document declares the error responses and codes everywhere."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):  # type: ignore[override]
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        ref = "#/components/schemas/ApiError"
        own = ApiError.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas.update(own.pop("$defs", {}))
        schemas["ApiError"] = own
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                responses = operation.setdefault("responses", {})
                for status, codes in BY_STATUS.items():
                    if status == 401 and not operation.get("security"):
                        continue
                    if status == 409 and str(status) not in responses:
                        continue  # only where the operation declares it
                    entry = responses.setdefault(str(status), {"description": ""})
                    entry["description"] = "codes: " + ", ".join(c.value for c in codes)
                    entry["content"] = {"application/json": {"schema": {"$ref": ref}}}
        return schema
