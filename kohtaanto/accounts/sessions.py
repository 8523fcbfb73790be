"""Absolute session lifetime (ASVS 3.3.2): a session ends a fixed time after login however
active it is, so a stolen or forgotten session cannot be kept alive by a script. The idle
timeout (SESSION_COOKIE_AGE) is the other half and is Django's own."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.utils import timezone

LOGIN_TIME_KEY = "kohtaanto_auth_at"


def stamp_login_time(sender, request, user, **kwargs) -> None:
    """Receiver of user_logged_in: every login path (password, OIDC, tests) passes here."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_TIME_KEY] = int(timezone.now().timestamp())


class SessionLifetimeMiddleware:
    """Logs out a session older than KOHTAANTO_SESSION_MAX_SECONDS (default 12 hours).

    A session without a login time (made before this existed, or forged) is ended too.
    Placed after AuthenticationMiddleware; the view then sees an anonymous user and the
    usual login redirect (pages) or 401 (API) follows.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(LOGIN_TIME_KEY)
            limit = settings.SESSION_MAX_SECONDS
            if not isinstance(started, int) or timezone.now().timestamp() - started > limit:
                logout(request)
        return self.get_response(request)
