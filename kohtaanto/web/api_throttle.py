"""A per-user request rate for the JSON API (ASVS 11.1.4): a leaked session or a runaway
integration cannot page through the whole client register at full speed.

django-ninja's UserRateThrottle (keyed by user, else address; history in Django's cache,
i.e. per worker process with the default local-memory cache) with two changes: the rate is
read per request from settings (`KOHTAANTO_API_RATE`, e.g. "600/m"; empty turns it off),
and no request state is kept on the instance, since ninja shares one instance between the
threads of a gunicorn worker and its own `allow_request` stores the key and history there.
"""

from __future__ import annotations

from django.conf import settings
from ninja.throttling import UserRateThrottle


class UserApiThrottle(UserRateThrottle):
    def __init__(self) -> None:  # the rate is read per request
        self.rate = None

    def allow_request(self, request) -> bool:
        rate = settings.API_RATE_PER_USER
        if not rate:
            return True
        limit, period = self.parse_rate(rate)
        key = self.get_cache_key(request)
        now = self.timer()
        history = [t for t in self.cache.get(key, []) if t > now - period]
        if len(history) >= limit:
            return False
        self.cache.set(key, [now, *history], period)
        return True

    def wait(self) -> None:
        """No Retry-After: ninja's estimate reads the history kept on the instance."""
        return None
