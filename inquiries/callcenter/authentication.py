"""The marketplace's `CEA` HMAC signature, as its clients (e.g. PyPI `coupang`) send it.

    Authorization: CEA algorithm=HmacSHA256, access-key=<key>, signed-date=<yyMMddTHHmmssZ>,
                   signature=<hex HMAC-SHA256(secret, signed-date + METHOD + path + query)>

The query is the raw query string exactly as sent (no `?`). The request acts as the
vendor's first active user, so every permission check of the core applies to it.
"""

import hashlib
import hmac
from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from tickets.models import User, Vendor

SCHEME = "cea"
ALGORITHM = "HmacSHA256"
SIGNED_DATE_FORMAT = "%y%m%dT%H%M%SZ"
REQUIRED_PARTS = ("algorithm", "access-key", "signed-date", "signature")


def sign(*, secret_key: str, signed_date: str, method: str, path: str, query: str = "") -> str:
    """The hex signature a client computes: also what the server recomputes."""
    message = f"{signed_date}{method}{path}{query}"
    return hmac.new(secret_key.encode(), message.encode(), hashlib.sha256).hexdigest()


def parse_header(value: str) -> dict[str, str]:
    """`algorithm=…, access-key=…, …` (after the scheme) as a dict; 401 when malformed."""
    parts: dict[str, str] = {}
    for item in value.split(","):
        name, sep, content = item.strip().partition("=")
        if not sep:
            raise AuthenticationFailed("Malformed CEA authorization header.")
        parts[name.strip().lower()] = content.strip()
    missing = [name for name in REQUIRED_PARTS if not parts.get(name)]
    if missing:
        raise AuthenticationFailed(f"CEA authorization header lacks {', '.join(missing)}.")
    return parts


class CeaHmacAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[User, Vendor] | None:
        header = get_authorization_header(request)
        scheme, _, rest = header.partition(b" ")
        if scheme.lower() != SCHEME.encode():
            return None
        try:
            parts = parse_header(rest.decode("ascii"))
        except UnicodeDecodeError:
            raise AuthenticationFailed("Malformed CEA authorization header.") from None
        if parts["algorithm"] != ALGORITHM:
            raise AuthenticationFailed(f"Unsupported algorithm; use {ALGORITHM}.")
        self._check_clock(parts["signed-date"])
        vendor = Vendor.objects.filter(access_key=parts["access-key"]).first()
        # An unknown key and a bad signature answer alike, so keys cannot be probed.
        if vendor is None or not vendor.secret_key:
            raise AuthenticationFailed("Invalid signature.")
        expected = sign(
            secret_key=vendor.secret_key,
            signed_date=parts["signed-date"],
            method=request.method,
            path=request.path,
            query=request.META.get("QUERY_STRING", ""),
        )
        if not hmac.compare_digest(expected, parts["signature"].lower()):
            raise AuthenticationFailed("Invalid signature.")
        user = vendor.users.filter(is_active=True).order_by("pk").first()
        if user is None:
            raise AuthenticationFailed("This vendor has no active user.")
        return user, vendor

    @staticmethod
    def _check_clock(signed_date: str) -> None:
        try:
            signed_at = datetime.strptime(signed_date, SIGNED_DATE_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            raise AuthenticationFailed("signed-date must be yyMMddTHHmmssZ (UTC).") from None
        skew = abs((timezone.now() - signed_at).total_seconds())
        if skew > settings.HELPDESK_HMAC_MAX_SKEW_SECONDS:
            raise AuthenticationFailed("signed-date is outside the allowed window.")

    def authenticate_header(self, request: Request) -> str:
        # Makes a missing signature a 401 (not 403) and tells the client the scheme.
        return f"CEA algorithm={ALGORITHM}"


class CeaHmacScheme(OpenApiAuthenticationExtension):
    target_class = CeaHmacAuthentication
    name = "CEA"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`CEA algorithm=HmacSHA256, access-key=<vendor access key>, "
            "signed-date=<yyMMddTHHmmssZ, UTC>, signature=<hex HMAC-SHA256 with the secret "
            "key over signed-date + METHOD + path + query>` "
            "(`python manage.py vendor_keys <vendor code>` issues the keys).",
        }
