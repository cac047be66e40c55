"""The call-center document (`004`): its example request, every field, every error case."""

import re
from datetime import UTC, datetime

import pytest

from tests.factories import VendorUserFactory
from tickets.models import Message, MessageKind, Status, Ticket, TransferStatus
from tickets.services.messages import vendor_answer
from tickets.services.tickets import ticket_resolve

from .conftest import CONTENT_TYPE, ROOT, cea_header

pytestmark = pytest.mark.django_db

EXAMPLE_PATH = f"{ROOT}/A00012345/callCenterInquiries"
EXAMPLE_QUERY = (
    "inquiryStartAt=2018-01-07&inquiryEndAt=2018-01-08&vendorId=A00012345"
    "&partnerCounselingStatus=NO_ANSWER&pageSize=10&pageNum=1"
)
WINDOW_ERROR = (
    "time interval needs to be less than or equal to 7 days, pattern should be yyyy-MM-dd"
)
REPLY_REFUSED = (
    "The inquiry can't be answer. It can do only inquiryStatus:progress, "
    "partnerTransferStatus:requestAnswer"
)
INQUIRY_FIELDS = {
    "inquiryId": int,
    "csPartnerCounselingStatus": str,
    "inquiryStatus": str,
    "vendorItemId": list,
    "itemName": str,
    "content": str,
    "answeredAt": (str, type(None)),
    "replies": list,
    "inquiryAt": str,
    "buyerEmail": str,
    "buyerPhone": str,
    "orderId": int,
    "orderDate": (str, type(None)),
    "receiptCategory": str,
    "saleStartedAt": (str, type(None)),
    "saleEndedAt": (str, type(None)),
}
REPLY_FIELDS = {
    "receptionistName": str,
    "receptionist": str,
    "replyAt": str,
    "content": str,
    "answerId": int,
    "parentAnswerId": int,
    "partnerTransferStatus": (str, type(None)),
    "partnerTransferCompleteReason": str,
    "answerType": str,
    "needAnswer": bool,
}
DATETIME = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"


def at(ticket: Ticket, day: int, hour: int = 16) -> Ticket:
    Ticket.objects.filter(pk=ticket.pk).update(
        created_at=datetime(2018, 1, day, hour, 43, 42, tzinfo=UTC)
    )
    ticket.refresh_from_db()
    return ticket


def assert_shape(obj: dict, fields: dict) -> None:
    for name, kind in fields.items():
        assert name in obj, name
        assert isinstance(obj[name], kind), (name, obj[name])


@pytest.fixture
def january(marketplace):
    """The document's two days: one inquiry waiting for the answer, one answered."""
    inquiry = marketplace["inquiry"]
    waiting = at(
        inquiry(item_id="3285906659", item_name="SPAO skirt, Khaki, L", order_id="1000000000006"), 8
    )
    answered = at(inquiry(item_id="3361159025", order_id="1000000000020"), 8, 15)
    vendor_answer(ticket=answered, actor=marketplace["user"], body="Received on the 3rd.")
    at(inquiry(), 10)  # outside the window
    at(inquiry(to=marketplace["other"]), 8)  # another vendor's
    return {"waiting": waiting, "answered": answered}


def test_document_example_request(signed, marketplace, january):
    response = signed(marketplace["vendor"]).get(EXAMPLE_PATH, EXAMPLE_QUERY)
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    body = response.json()
    assert (body["code"], body["message"]) == (200, "OK")
    [row] = body["data"]["content"]
    assert_shape(row, INQUIRY_FIELDS)
    assert row["inquiryId"] == january["waiting"].pk
    assert row["csPartnerCounselingStatus"] == "requestAnswer"
    assert row["inquiryStatus"] == "progress"
    assert row["vendorItemId"] == [3285906659]
    assert row["itemName"] == "SPAO skirt, Khaki, L"
    assert row["orderId"] == 1000000000006
    assert row["inquiryAt"] == "2018-01-08 16:43:42"
    assert row["answeredAt"] is None
    assert row["buyerEmail"] == ""
    [transfer] = row["replies"]
    assert_shape(transfer, REPLY_FIELDS)
    assert transfer["answerType"] == "csAgent"
    assert transfer["partnerTransferStatus"] == "requestAnswer"
    assert transfer["needAnswer"] is True
    assert transfer["parentAnswerId"] == 0
    assert transfer["content"] == "[Vendor transfer] please check"
    assert body["data"]["pagination"] == {
        "currentPage": 1,
        "totalPages": 1,
        "totalElements": 1,
        "countPerPage": 10,
    }


def test_answered_inquiry_reads_like_the_document(signed, marketplace, january):
    query = EXAMPLE_QUERY.replace("NO_ANSWER", "answer")  # read case-insensitively
    response = signed(marketplace["vendor"]).get(EXAMPLE_PATH, query)
    [row] = response.json()["data"]["content"]
    assert row["inquiryId"] == january["answered"].pk
    assert row["csPartnerCounselingStatus"] == "answered"
    transfer, answer = row["replies"]
    for reply in (transfer, answer):
        assert_shape(reply, REPLY_FIELDS)
        assert re.match(DATETIME, reply["replyAt"])
    assert transfer["answerType"] == "csAgent"
    assert transfer["partnerTransferStatus"] == "answered"
    assert transfer["needAnswer"] is False
    assert answer["answerType"] == "vendor"
    assert answer["partnerTransferStatus"] is None
    assert answer["content"] == "Received on the 3rd."
    assert answer["receptionist"] == "elandmall"
    assert answer["receptionistName"] == "AA Mall"
    assert answer["parentAnswerId"] == transfer["answerId"]
    assert row["answeredAt"] == answer["replyAt"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("NONE", {"waiting", "answered", "confirm"}),
        ("ANSWER", {"answered"}),
        ("NO_ANSWER", {"waiting"}),
        ("TRANSFER", {"confirm"}),
        ("transfer", {"confirm"}),
    ],
)
def test_partner_counseling_status_filter(signed, marketplace, january, status, expected):
    confirm = at(marketplace["inquiry"](needs_answer=False), 7)
    ids = {
        "waiting": january["waiting"].pk,
        "answered": january["answered"].pk,
        "confirm": confirm.pk,
    }
    query = EXAMPLE_QUERY.replace("NO_ANSWER", status)
    rows = signed(marketplace["vendor"]).get(EXAMPLE_PATH, query).json()["data"]["content"]
    assert {row["inquiryId"] for row in rows} == {ids[name] for name in expected}


def test_vendor_item_id_alone_needs_no_dates(signed, marketplace, january):
    query = "vendorId=A00012345&partnerCounselingStatus=NONE&vendorItemId=3361159025"
    rows = signed(marketplace["vendor"]).get(EXAMPLE_PATH, query).json()["data"]["content"]
    assert [row["inquiryId"] for row in rows] == [january["answered"].pk]


def test_order_id_filters(signed, marketplace, january):
    query = EXAMPLE_QUERY.replace("NO_ANSWER", "NONE") + "&orderId=1000000000020"
    rows = signed(marketplace["vendor"]).get(EXAMPLE_PATH, query).json()["data"]["content"]
    assert [row["inquiryId"] for row in rows] == [january["answered"].pk]


def test_paging_with_string_numbers(signed, marketplace):
    for day in (1, 2, 3, 4, 5):
        at(marketplace["inquiry"](), day)
    query = (
        "inquiryStartAt=2018-01-01&inquiryEndAt=2018-01-07&partnerCounselingStatus=NONE"
        "&pageSize=2&pageNum=3"
    )
    body = signed(marketplace["vendor"]).get(EXAMPLE_PATH, query).json()
    assert len(body["data"]["content"]) == 1
    assert body["data"]["pagination"] == {
        "currentPage": 3,
        "totalPages": 3,
        "totalElements": 5,
        "countPerPage": 2,
    }
    query = "inquiryStartAt=2018-01-01&inquiryEndAt=2018-01-07&partnerCounselingStatus=NONE"
    assert (
        signed(marketplace["vendor"])
        .get(EXAMPLE_PATH, query)
        .json()["data"]["pagination"]["countPerPage"]
        == 10
    )


@pytest.mark.parametrize(
    "query",
    [
        "inquiryStartAt=2018-01-01&inquiryEndAt=2018-01-09&partnerCounselingStatus=NONE",
        "inquiryStartAt=2018/01/07&inquiryEndAt=2018/01/08&partnerCounselingStatus=NONE",
        "inquiryStartAt=2018-1-7&inquiryEndAt=2018-1-8&partnerCounselingStatus=NONE",
        "inquiryStartAt=2018-02-30&inquiryEndAt=2018-03-01&partnerCounselingStatus=NONE",
        "inquiryStartAt=2018-01-08&inquiryEndAt=2018-01-07&partnerCounselingStatus=NONE",
        "partnerCounselingStatus=NONE",
        "inquiryStartAt=2018-01-07&partnerCounselingStatus=NONE",
        "vendorItemId=1&inquiryStartAt=2018-01-01&inquiryEndAt=2018-01-31"
        "&partnerCounselingStatus=NONE",
    ],
)
def test_window_errors_answer_the_documented_message(signed, marketplace, query):
    response = signed(marketplace["vendor"]).get(EXAMPLE_PATH, query)
    assert response.status_code == 400
    assert response["Content-Type"] == CONTENT_TYPE
    assert response.json()["message"] == WINDOW_ERROR


def test_seven_day_window_is_allowed(signed, marketplace):
    query = "inquiryStartAt=2018-01-01&inquiryEndAt=2018-01-08&partnerCounselingStatus=NONE"
    assert signed(marketplace["vendor"]).get(EXAMPLE_PATH, query).status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        (EXAMPLE_QUERY.replace("pageSize=10", "pageSize=31"), "pageSize"),
        (EXAMPLE_QUERY.replace("pageSize=10", "pageSize=0"), "pageSize"),
        (EXAMPLE_QUERY.replace("pageNum=1", "pageNum=x"), "pageNum"),
        (EXAMPLE_QUERY.replace("NO_ANSWER", "MAYBE"), "partnerCounselingStatus"),
        (
            EXAMPLE_QUERY.replace("&partnerCounselingStatus=NO_ANSWER", ""),
            "partnerCounselingStatus",
        ),
        (EXAMPLE_QUERY + "&orderId=abc", "orderId"),
    ],
)
def test_bad_parameters_are_400_naming_the_field(signed, marketplace, query, field):
    response = signed(marketplace["vendor"]).get(EXAMPLE_PATH, query)
    assert response.status_code == 400
    assert field in response.json()["message"]
    assert response["Content-Type"] == CONTENT_TYPE


def test_unknown_vendor_is_invalid_vendor_id_to_an_agent(agent, client_for):
    # A vendor naming any code but its own is refused alike, known or not (403: see
    # tests/api/test_enumeration.py).
    path = f"{ROOT}/A99999999/callCenterInquiries"

    response = client_for(agent).get(f"{path}?{EXAMPLE_QUERY}")

    assert response.status_code == 400
    assert response.json() == {"code": 400, "message": "Invalid vendor ID"}


def test_query_vendor_id_must_match_the_path(signed, marketplace):
    query = EXAMPLE_QUERY.replace("vendorId=A00012345", "vendorId=A00067890")
    response = signed(marketplace["vendor"]).get(EXAMPLE_PATH, query)
    assert response.status_code == 400
    assert response.json()["message"] == "Invalid vendor ID"


def test_single_inquiry(signed, marketplace, january):
    ticket = january["answered"]
    response = signed(marketplace["vendor"]).get(f"{ROOT}/callCenterInquiries/{ticket.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    body = response.json()
    assert (body["code"], body["message"]) == (200, "OK")
    assert_shape(body["data"], INQUIRY_FIELDS)
    assert body["data"]["inquiryId"] == ticket.pk
    assert len(body["data"]["replies"]) == 2


def reply_body(ticket, **extra):
    return {
        "vendorId": "A00012345",
        "inquiryId": str(ticket.pk),
        "content": "Refund approved today.",
        "replyBy": "elandmall",
        "parentAnswerId": "0",
        **extra,
    }


def test_reply_answers_once(signed, marketplace, january):
    ticket = january["waiting"]
    path = f"{EXAMPLE_PATH}/{ticket.pk}/replies"
    client = signed(marketplace["vendor"])
    response = client.post(path, reply_body(ticket))
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    assert response.json() == {"code": 200, "message": "OK"}
    ticket.refresh_from_db()
    assert ticket.transfer_status == TransferStatus.ANSWERED
    answer = ticket.messages.get(kind=MessageKind.VENDOR_ANSWER)
    assert answer.body == "Refund approved today."
    assert answer.author == marketplace["user"]
    # The client retries; a second answer is refused with the platform's message.
    second = client.post(path, reply_body(ticket, content="Again"))
    assert second.status_code == 400
    assert second.json() == {"code": 400, "message": REPLY_REFUSED}
    assert ticket.messages.filter(kind=MessageKind.VENDOR_ANSWER).count() == 1


def test_reply_to_confirmation_only_or_completed_inquiry_is_refused(signed, marketplace):
    confirm_only = marketplace["inquiry"](needs_answer=False)
    completed = marketplace["inquiry"]()
    agent = completed.messages.get(kind=MessageKind.TRANSFER).author
    ticket_resolve(ticket=completed, actor=agent)
    for ticket in (confirm_only, completed):
        response = signed(marketplace["vendor"]).post(
            f"{EXAMPLE_PATH}/{ticket.pk}/replies", reply_body(ticket)
        )
        assert response.status_code == 400
        assert response.json()["message"] == REPLY_REFUSED
    assert not Message.objects.filter(kind=MessageKind.VENDOR_ANSWER).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"content": ""}, "content"),
        ({"replyBy": None}, "replyBy"),
        ({"inquiryId": "99999999"}, "inquiryId"),
        ({"parentAnswerId": "x"}, "parentAnswerId"),
    ],
)
def test_bad_reply_bodies_are_400(signed, marketplace, change, field):
    ticket = marketplace["inquiry"]()
    body = {k: v for k, v in reply_body(ticket, **change).items() if v is not None}
    response = signed(marketplace["vendor"]).post(f"{EXAMPLE_PATH}/{ticket.pk}/replies", body)
    assert response.status_code == 400
    assert field in response.json()["message"]
    ticket.refresh_from_db()
    assert ticket.transfer_status == TransferStatus.ANSWER_REQUESTED


def test_confirm_once(signed, marketplace):
    ticket = marketplace["inquiry"](needs_answer=False)
    path = f"{EXAMPLE_PATH}/{ticket.pk}/confirms"
    client = signed(marketplace["vendor"])
    response = client.post(path, {"confirmBy": "elandmall"})
    assert response.status_code == 200
    assert response.json() == {"code": 200, "message": "OK"}
    ticket.refresh_from_db()
    assert ticket.transfer_status == TransferStatus.CONFIRMED
    again = client.post(path, {"confirmBy": "elandmall"})
    assert again.status_code == 400
    assert again["Content-Type"] == CONTENT_TYPE


def test_confirm_refused_when_an_answer_is_awaited(signed, marketplace):
    ticket = marketplace["inquiry"]()
    response = signed(marketplace["vendor"]).post(
        f"{EXAMPLE_PATH}/{ticket.pk}/confirms", {"confirmBy": "elandmall"}
    )
    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.transfer_status == TransferStatus.ANSWER_REQUESTED
    assert ticket.status == Status.IN_PROGRESS


def test_signed_reply_is_written_by_the_vendor_user_named_in_reply_by(signed, marketplace):
    colleague = VendorUserFactory(vendor=marketplace["vendor"], username="elandmall2")
    outsider = VendorUserFactory(vendor=marketplace["other"], username="outsider")
    first, second = marketplace["inquiry"](), marketplace["inquiry"]()
    client = signed(marketplace["vendor"])
    client.post(f"{EXAMPLE_PATH}/{first.pk}/replies", reply_body(first, replyBy="elandmall2"))
    # Someone who is not this vendor's user cannot be named: the signing vendor's user acts.
    client.post(f"{EXAMPLE_PATH}/{second.pk}/replies", reply_body(second, replyBy="outsider"))
    assert first.messages.get(kind=MessageKind.VENDOR_ANSWER).author == colleague
    answer = second.messages.get(kind=MessageKind.VENDOR_ANSWER)
    assert answer.author == marketplace["user"]
    assert answer.author != outsider


def test_malformed_json_is_400_with_the_charset(signed, marketplace):
    ticket = marketplace["inquiry"]()
    path = f"{EXAMPLE_PATH}/{ticket.pk}/replies"
    client = signed(marketplace["vendor"])
    response = client.client.post(
        path,
        data='{"content": ',
        content_type="application/json;charset=UTF-8",
        HTTP_AUTHORIZATION=cea_header(marketplace["vendor"], "POST", path),
    )
    assert response.status_code == 400
    assert response["Content-Type"] == CONTENT_TYPE
    assert response.json()["code"] == 400
    ticket.refresh_from_db()
    assert ticket.transfer_status == TransferStatus.ANSWER_REQUESTED
