"""API authentication that also checks the role before the request body is parsed, so a
refused caller gets 403 and never learns how its input would have been validated.

A caller is a signed-in browser session or an integration's machine token
(`Authorization: Bearer kht_...`, kohtaanto.accounts.tokens); a token acts as its user, so
the same role checks, scopes and audit apply."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja.security import HttpBearer, SessionAuth


def _check(user, roles: frozenset | None):
    if user and roles is not None and user.role not in roles:
        raise PermissionDenied("this role cannot use this operation")
    return user


class RoleSessionAuth(SessionAuth):
    def __init__(self, *roles: str):
        super().__init__()
        self.roles = frozenset(roles)

    def authenticate(self, request, key):
        return _check(super().authenticate(request, key), self.roles)


class TokenAuth(HttpBearer):
    """A machine token; `roles` None accepts any role (the API's default)."""

    def __init__(self, roles: frozenset | None = None):
        super().__init__()
        self.roles = roles

    def authenticate(self, request, token):
        from kohtaanto.accounts.tokens import token_user

        user = token_user(token, method=request.method, path=request.path)
        if user is not None:
            request.user = user
        return _check(user, self.roles)


def role_auth(*roles: str) -> list:
    """A machine token or a session, of one of `roles`."""
    return [TokenAuth(frozenset(roles)), RoleSessionAuth(*roles)]
