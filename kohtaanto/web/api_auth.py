"""API authentication that also checks the role before the request body is parsed, so a
refused caller gets 403 and never learns how its input would have been validated."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja.security import SessionAuth


class RoleSessionAuth(SessionAuth):
    def __init__(self, *roles: str):
        super().__init__()
        self.roles = frozenset(roles)

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user and user.role not in self.roles:
            raise PermissionDenied("this role cannot use this operation")
        return user


def role_auth(*roles: str) -> RoleSessionAuth:
    return RoleSessionAuth(*roles)
