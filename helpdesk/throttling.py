"""Throttles that cost one cache increment per request, with rates read from settings.

DRF's own throttles keep every request's timestamp in one cache entry and rewrite the
whole list on each call, so their cost grows with the allowed rate. A counter per caller
per fixed window costs the same at any rate (a caller may burst up to twice the rate across
a window boundary, which is fine for abuse protection). DRF's classes also copy the rates
once at import; these read them on every request, so an install's environment or a test's
override takes effect. A cache outage lets requests through instead of failing them.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle


class FixedWindowMixin:
    scope: str

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view) -> bool:
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends_at = (window + 1) * self.duration
        counter = f"{key}:{window}"
        self.cache.add(counter, 0, self.duration)
        try:
            count = self.cache.incr(counter)
        except ValueError:
            # The counter expired between add and incr: a new window has begun.
            return True
        # None: the cache is unreachable and ignores errors; serve rather than refuse.
        return count is None or count <= self.num_requests

    def wait(self) -> float:
        return max(self.window_ends_at - self.now, 1)


class AnonThrottle(FixedWindowMixin, AnonRateThrottle):
    pass


class UserThrottle(FixedWindowMixin, UserRateThrottle):
    pass


class ScopedThrottle(FixedWindowMixin, ScopedRateThrottle):
    def allow_request(self, request, view) -> bool:
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        return super().allow_request(request, view)
