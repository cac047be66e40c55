"""The real `coupang` client from PyPI against the live test server.

Only the host changes: the package's `request` still builds the call (its headers, its
signature, its body), it is merely sent to 127.0.0.1 instead of api-gateway.coupang.com.
The keys go where the package reads them, a `coupang.ini` in the working directory.
"""

import importlib
import os
import sys
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import TicketFactory, VendorFactory, VendorUserFactory
from tickets.models import MessageKind, Ticket, TransferStatus
from tickets.services.tickets import ticket_transfer

PLATFORM_HOST = "https://api-gateway.coupang.com"
# Test traffic stays on 127.0.0.1 (read by pytest-django when the live server starts).
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


@pytest.fixture
def coupang_cs(tmp_path, monkeypatch, live_server):
    """Import the package fresh, configured with a vendor's keys, aimed at the live server."""
    vendor = VendorFactory(code="A00012345")
    VendorUserFactory(vendor=vendor, username="elandmall")
    (tmp_path / "coupang.ini").write_text(
        f"[DEFAULT]\nACCESSKEY = {vendor.access_key}\nSECRETKEY = {vendor.secret_key}\n"
    )
    monkeypatch.chdir(tmp_path)
    for name in ("coupang", "coupang.common", "coupang.cs"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    common = importlib.import_module("coupang.common")
    cs = importlib.import_module("coupang.cs")
    send = common.request
    calls = []
    assert live_server.url.startswith("http://127.0.0.1:")

    def to_live_server(method, url, authorization, body=None):
        assert url.startswith(PLATFORM_HOST)
        calls.append((method, url))
        return send(method, live_server.url + url[len(PLATFORM_HOST) :], authorization, body)

    monkeypatch.setattr(common, "request", to_live_server)
    # A refused call is retried after a second's sleep; keep the test fast.
    monkeypatch.setattr(common.time, "sleep", lambda seconds: None)
    return {"cs": cs, "vendor": vendor, "calls": calls}


@pytest.mark.django_db(transaction=True)
def test_list_reply_and_confirm_with_the_coupang_package(coupang_cs, agent):
    cs, vendor = coupang_cs["cs"], coupang_cs["vendor"]
    asked = ticket_transfer(
        ticket=TicketFactory(item_id="3285906659", item_name="Skirt", order_id="1000000006"),
        actor=agent,
        vendor=vendor,
        note="Please refund after the return arrives.",
    )
    to_confirm = ticket_transfer(
        ticket=TicketFactory(),
        actor=agent,
        vendor=vendor,
        note="FYI: address changed.",
        needs_answer=False,
    )
    today = timezone.localdate()

    listed = cs.get_inquiry_by_query(
        {
            "vendorId": vendor.code,
            "partnerCounselingStatus": "NONE",
            "inquiryStartAt": (today - timedelta(days=6)).isoformat(),
            "inquiryEndAt": today.isoformat(),
            "pageSize": 10,
            "pageNum": 1,
        }
    )
    assert listed["code"] == 200
    by_id = {row["inquiryId"]: row for row in listed["data"]["content"]}
    assert set(by_id) == {asked.pk, to_confirm.pk}
    assert by_id[asked.pk]["vendorItemId"] == [3285906659]
    [transfer] = by_id[asked.pk]["replies"]
    assert transfer["needAnswer"] is True

    reply = {
        "vendorId": vendor.code,
        "inquiryId": asked.pk,
        "content": "Refund approved.",
        "replyBy": "elandmall",
        "parentAnswerId": transfer["answerId"],
    }
    assert cs.update_inquiry(reply) == {"code": 200, "message": "OK"}
    # The package answers None for a refused call (after its one retry): no second answer.
    assert cs.update_inquiry({**reply, "content": "Again"}) is None
    assert Ticket.objects.get(pk=asked.pk).transfer_status == TransferStatus.ANSWERED
    assert asked.messages.filter(kind=MessageKind.VENDOR_ANSWER).count() == 1

    confirmed = cs.confirm_inquiry(
        {"vendorId": vendor.code, "inquiryId": to_confirm.pk}, {"confirmBy": "elandmall"}
    )
    assert confirmed == {"code": 200, "message": "OK"}
    assert Ticket.objects.get(pk=to_confirm.pk).transfer_status == TransferStatus.CONFIRMED

    methods = [method for method, _ in coupang_cs["calls"]]
    assert methods == ["GET", "POST", "POST", "POST", "POST"]  # the refused reply retried once


@pytest.mark.django_db(transaction=True)
def test_the_package_cannot_use_another_vendors_code(coupang_cs, agent):
    other = VendorFactory(code="A00067890")
    ticket_transfer(ticket=TicketFactory(), actor=agent, vendor=other, note="Theirs.")
    today = timezone.localdate().isoformat()
    answer = coupang_cs["cs"].get_inquiry_by_query(
        {
            "vendorId": other.code,
            "partnerCounselingStatus": "NONE",
            "inquiryStartAt": today,
            "inquiryEndAt": today,
        }
    )
    assert answer is None  # 403, retried once, then given up
    assert len(coupang_cs["calls"]) == 2
