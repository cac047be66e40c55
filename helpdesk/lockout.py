"""What a caller sees when too many password tries lock an account or an address out.

django-axes counts the failures and refuses the locked; this module says for how long, as
a page in the site's layout (web and admin logins, password reset) or, for the API login,
as the 429 with `Retry-After` that the view already rendered in its dialect's shape.
"""

import math
from datetime import datetime

from axes.helpers import (
    get_client_parameters,
    get_client_username,
    get_cool_off,
    get_failure_limit,
)
from axes.models import AccessAttempt
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def lockout_ends_at(request: HttpRequest, credentials: dict | None) -> datetime | None:
    """When the lock on this account or address lifts: the cool-off after the failure that
    brought the recent count to the limit (axes keeps one row per account, address and
    browser, with its failure count and the time of its latest failure)."""
    cool_off = get_cool_off(request)
    limit = get_failure_limit(request, credentials)
    username = get_client_username(request, credentials)
    since = timezone.now() - cool_off
    ends = []
    for filters in get_client_parameters(
        username, request.axes_ip_address, request.axes_user_agent, request, credentials
    ):
        failures = 0
        for attempt_time, count in (
            AccessAttempt.objects.filter(**filters, attempt_time__gte=since)
            .order_by("-attempt_time")
            .values_list("attempt_time", "failures_since_start")
        ):
            failures += count
            if failures >= limit:
                ends.append(attempt_time + cool_off)
                break
    return max(ends, default=None)


def seconds_locked(request: HttpRequest, credentials: dict | None) -> int:
    ends_at = lockout_ends_at(request, credentials)
    if ends_at is None:
        return 1
    return max(math.ceil((ends_at - timezone.now()).total_seconds()), 1)


def too_many_attempts_page(request: HttpRequest, wait_seconds: float) -> HttpResponse:
    minutes = max(math.ceil(wait_seconds / 60), 1)
    response = render(
        request,
        "registration/lockout.html",
        {"minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(math.ceil(wait_seconds))
    return response


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE, called when a login found or made a lock."""
    if original_response is not None and original_response.status_code == 429:
        # The API login answered in its own dialect already.
        return original_response
    return too_many_attempts_page(request, seconds_locked(request, credentials))
