import hashlib
import hmac
from datetime import UTC, datetime

import pytest
from rest_framework.test import APIClient

from tests.factories import TicketFactory, VendorFactory, VendorUserFactory
from tickets.services.tickets import ticket_transfer

ROOT = "/v2/providers/openapi/apis/api/v4/vendors"
CONTENT_TYPE = "application/json;charset=UTF-8"


def cea_header(
    vendor,
    method: str,
    path: str,
    query: str = "",
    when: datetime | None = None,
    secret: str | None = None,
) -> str:
    """What the platform's clients send (written out here, independently of the server)."""
    signed_date = (when or datetime.now(UTC)).strftime("%y%m%dT%H%M%SZ")
    message = f"{signed_date}{method}{path}{query}"
    signature = hmac.new(
        (secret or vendor.secret_key).encode(), message.encode(), hashlib.sha256
    ).hexdigest()
    return (
        f"CEA algorithm=HmacSHA256, access-key={vendor.access_key}, "
        f"signed-date={signed_date}, signature={signature}"
    )


class SignedClient:
    """Sends each request with a fresh CEA signature of the vendor's keys."""

    def __init__(self, vendor) -> None:
        self.vendor = vendor
        self.client = APIClient()

    def get(self, path: str, query: str = ""):
        url = f"{path}?{query}" if query else path
        return self.client.get(url, HTTP_AUTHORIZATION=cea_header(self.vendor, "GET", path, query))

    def post(self, path: str, body: dict):
        return self.client.post(
            path,
            body,
            format="json",
            HTTP_AUTHORIZATION=cea_header(self.vendor, "POST", path),
        )


@pytest.fixture
def signed():
    return SignedClient


@pytest.fixture
def marketplace(db, agent):
    """Vendor A00012345 (the document's) with a user, another vendor, and helpers."""
    vendor = VendorFactory(code="A00012345", name="AA Mall")
    user = VendorUserFactory(vendor=vendor, username="elandmall")
    other = VendorFactory(code="A00067890")
    VendorUserFactory(vendor=other)

    def inquiry(*, to=vendor, needs_answer=True, **fields):
        ticket = TicketFactory(**fields)
        return ticket_transfer(
            ticket=ticket,
            actor=agent,
            vendor=to,
            note="[Vendor transfer] please check",
            needs_answer=needs_answer,
        )

    return {"vendor": vendor, "user": user, "other": other, "inquiry": inquiry}
