"""A per-user request rate for the JSON API (ASVS 11.1.4): a leaked session or a runaway
integration cannot page through the whole client register at full speed.

Built on django-ninja's throttle hook, which runs after authentication, so the limit is
per user (anonymous calls are refused before it). The rate is read per request from
settings (`KOHTAANTO_API_RATE`, e.g. "600/m"; empty turns it off) and the history is kept
in Django's cache, i.e. per worker process with the default local-memory cache.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from ninja.throttling import BaseThrottle

from .rates import parse_rate


class UserApiThrottle(BaseThrottle):
    """Sliding window of request times per user. Keeps no per-request state on the
    instance (ninja shares one instance between threads)."""

    def allow_request(self, request) -> bool:
        rate = settings.API_RATE_PER_USER
        if not rate:
            return True
        limit, period = parse_rate(rate)
        user = getattr(request, "user", None)
        ident = (
            f"u{user.pk}" if user is not None and user.is_authenticated else f"ip{self.get_ident(request)}"
        )
        key = f"kohtaanto-api-rate:{ident}"
        now = time.time()
        history = [t for t in cache.get(key, []) if t > now - period]
        if len(history) >= limit:
            return False
        history.insert(0, now)
        cache.set(key, history, period)
        return True
