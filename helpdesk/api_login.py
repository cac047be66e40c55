"""Username and password for an API token: the one password login of the API dialects."""

import math

from django.contrib.auth import authenticate
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.request import Request

from helpdesk.lockout import seconds_locked
from tickets.apitokens.services import token_create


def api_login(request: Request, *, username: str, password: str, token_name: str) -> str:
    """A fresh token for the user, named `token_name`. Raises AuthenticationFailed (401) for
    bad credentials, and Throttled (429 with Retry-After) while django-axes has the account
    or the client address locked, whatever the password."""
    http_request = request._request
    user = authenticate(http_request, username=username, password=password)
    if user is None:
        if getattr(http_request, "axes_locked_out", False):
            wait = seconds_locked(http_request, {"username": username})
            minutes = max(math.ceil(wait / 60), 1)
            raise Throttled(
                wait=wait,
                detail=f"Too many failed logins on this account or from this address; "
                f"try again in {minutes} minute{'s' if minutes != 1 else ''}.",
            )
        raise AuthenticationFailed("Invalid username or password.")
    _, token = token_create(user=user, name=token_name)
    return token
