"""The caller's IP address, the one every lockout, throttle and log line counts by.

`X-Forwarded-For` is text the client writes, so it is believed only as far as our own
proxies vouch for it: each of the `HELPDESK_TRUSTED_PROXIES` proxies appends the address
it received the request from, so the client is the entry that many places from the right.
Anything before that entry was written by the client and is ignored. With no trusted
proxy (the default) only the socket's address counts.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.HELPDESK_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if len(forwarded) < proxies:
        # The request did not come through the whole chain of our proxies.
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
