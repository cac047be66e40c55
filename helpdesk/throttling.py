"""Throttles that cost one cache increment per request, with rates read from settings.

DRF's own throttles keep every request's timestamp in one cache entry and rewrite the
whole list on each call, so their cost grows with the allowed rate. A counter per caller
per fixed window costs the same at any rate (a caller may burst up to twice the rate across
a window boundary, which is fine for abuse protection). DRF's classes also copy the rates
once at import; these read them on every request, so an install's environment or a test's
override takes effect. Callers are told apart by `helpdesk.client_address`, which believes
`X-Forwarded-For` only behind trusted proxies.

A cache outage lets ordinary requests through instead of failing them; the throttles that
guard passwords (`fails_closed`) refuse instead, since without a count they guard nothing.
"""

import math
import time

from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import (
    AnonRateThrottle,
    ScopedRateThrottle,
    SimpleRateThrottle,
    UserRateThrottle,
)

from helpdesk.client_address import client_address

# How long a caller refused for want of a cache is told to wait.
CACHE_DOWN_RETRY_SECONDS = 60


def rate_of(scope: str) -> str | None:
    return api_settings.DEFAULT_THROTTLE_RATES.get(scope)


def parse_rate(rate: str) -> tuple[int, int]:
    """`"10/minute"` as (10, 60), as DRF reads it."""
    return SimpleRateThrottle.parse_rate(None, rate)


def count_hit(key: str, rate: str, *, fails_closed: bool = False) -> float:
    """Counts one hit on `key` against `rate`; answers 0 when it is allowed, else the
    seconds until the window ends. An unreachable cache allows it unless `fails_closed`."""
    limit, duration = parse_rate(rate)
    now = time.time()
    window = int(now // duration)
    wait = max((window + 1) * duration - now, 1)
    counter = f"throttle:{key}:{window}"
    # Increment first: one cache round trip on every hit but a window's first, which
    # starts the counter (or, if a concurrent first hit started it, increments it).
    try:
        count = cache.incr(counter)
    except ValueError:
        if cache.add(counter, 1, duration):
            count = 1
        else:
            try:
                count = cache.incr(counter)
            except ValueError:
                # The counter expired between add and incr: a new window has begun.
                return 0
    if count is None:
        # The cache is unreachable and ignores errors.
        return CACHE_DOWN_RETRY_SECONDS if fails_closed else 0
    return 0 if count <= limit else wait


def wait_if_over(key: str, rate: str) -> float:
    """Without counting a hit: the seconds until the window ends when `key` has used up
    `rate`, else 0."""
    limit, duration = parse_rate(rate)
    now = time.time()
    window = int(now // duration)
    count = cache.get(f"throttle:{key}:{window}") or 0
    return max((window + 1) * duration - now, 1) if count >= limit else 0


class FixedWindowMixin:
    scope: str
    fails_closed = False

    def get_rate(self) -> str | None:
        return rate_of(self.scope)

    def get_ident(self, request) -> str:
        return client_address(request)

    def allow_request(self, request, view) -> bool:
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.wait_seconds = count_hit(key, self.rate, fails_closed=self.fails_closed)
        return self.wait_seconds == 0

    def wait(self) -> float:
        return math.ceil(self.wait_seconds)


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


class LoginThrottle(FixedWindowMixin, SimpleRateThrottle):
    """Password tries per client address; refuses them all while the cache is down."""

    scope = "login"
    fails_closed = True

    def get_cache_key(self, request, view) -> str:
        return f"login:{self.get_ident(request)}"
