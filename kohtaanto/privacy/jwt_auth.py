"""Bearer JWTs for the GDPR API (issue 13, point 6), as Helsinki-profiili calls its connected
services: the token is signed by the configured issuer (checked against its published keys),
names this service as its audience, is unexpired, and carries the query scope for GET or the
delete scope for DELETE. Its subject is the person, who must be the person in the path.

A token that is not a JWT goes on to the other authenticators (machine tokens, sessions); a
JWT that fails a check is refused here with 401 naming the check, or 403 for a missing scope
or another person's id."""

from __future__ import annotations

from functools import lru_cache

import jwt
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from ninja.errors import HttpError
from ninja.security import HttpBearer

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User

LEEWAY = 30  # seconds of clock skew


@lru_cache(maxsize=4)
def _keys(url: str) -> jwt.PyJWKClient:
    """One key client per JWKS URL; it caches the issuer's keys and refetches on a new kid."""
    return jwt.PyJWKClient(url, cache_keys=True, lifespan=3600, timeout=10)


def _scopes(claims: dict) -> set[str]:
    """`scope` as a space-separated string (RFC 8693) or `scp` as a list; both are seen."""
    found = set(str(claims.get("scope") or "").split())
    scp = claims.get("scp")
    if isinstance(scp, list):
        found |= {str(s) for s in scp}
    return found


def verify(token: str, method: str) -> dict:
    """The verified claims, or HttpError saying what is wrong with the token."""
    conf = settings.GDPR_API
    try:
        key = _keys(conf["jwks"]).get_signing_key_from_jwt(token).key
        claims = jwt.decode(
            token,
            key,
            algorithms=["RS256", "RS384", "RS512", "PS256", "ES256"],
            audience=conf["audience"],
            issuer=conf["issuer"],
            leeway=LEEWAY,
            options={"require": ["iss", "aud", "exp", "sub"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise HttpError(401, "token rejected: expired") from exc
    except jwt.InvalidAudienceError as exc:
        raise HttpError(401, "token rejected: wrong audience") from exc
    except jwt.InvalidIssuerError as exc:
        raise HttpError(401, "token rejected: wrong issuer") from exc
    except jwt.PyJWKClientError as exc:
        raise HttpError(401, "token rejected: signing key not published by the issuer") from exc
    except jwt.InvalidSignatureError as exc:
        raise HttpError(401, "token rejected: bad signature") from exc
    except jwt.PyJWTError as exc:
        raise HttpError(401, f"token rejected: {exc}") from exc
    needed = conf["delete_scope"] if method == "DELETE" else conf["query_scope"]
    if needed not in _scopes(claims):
        raise HttpError(403, f"token lacks the scope {needed}")
    return claims


class GdprJWTAuth(HttpBearer):
    """Acts on JWTs only, and only when a GDPR API issuer is configured."""

    def authenticate(self, request, token: str):
        if not settings.GDPR_API["issuer"] or token.count(".") != 2:
            return None
        claims = verify(token, request.method)
        person = request.resolver_match.kwargs.get("person_id") if request.resolver_match else None
        if person != claims["sub"]:
            raise HttpError(403, "the token is for another person")
        user = User.objects.filter(person_sub=claims["sub"], is_active=True).first()
        if user is not None and not policy.is_client(user):
            raise HttpError(403, "the token's subject is not a client")
        request.user = user if user is not None else AnonymousUser()
        request.gdpr_subject = claims["sub"]
        return claims
