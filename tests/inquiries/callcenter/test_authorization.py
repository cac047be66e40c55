"""CEA signatures, tokens, and who may read or answer which vendor's inquiries."""

from datetime import UTC, datetime, timedelta

import pytest
from rest_framework.test import APIClient

from tickets.models import MessageKind, TransferStatus

from .conftest import CONTENT_TYPE, ROOT, cea_header

pytestmark = pytest.mark.django_db

PATH = f"{ROOT}/A00012345/callCenterInquiries"
QUERY = "inquiryStartAt=2026-01-01&inquiryEndAt=2026-01-02&partnerCounselingStatus=NONE"


def get_with(header: str | None, query: str = QUERY, path: str = PATH):
    client = APIClient()
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    return client.get(f"{path}?{query}", **extra)


def test_good_signature_is_accepted(marketplace):
    response = get_with(cea_header(marketplace["vendor"], "GET", PATH, QUERY))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "tamper",
    [
        "secret",
        "query",
        "path",
        "method",
        "old",
        "future",
        "algorithm",
        "access_key",
        "malformed",
        "missing_part",
        "bad_date",
    ],
)
def test_bad_signatures_are_401(marketplace, tamper):
    vendor = marketplace["vendor"]
    header = {
        "secret": lambda: cea_header(vendor, "GET", PATH, QUERY, secret="not-the-secret"),
        "query": lambda: cea_header(vendor, "GET", PATH, QUERY.replace("NONE", "ANSWER")),
        "path": lambda: cea_header(vendor, "GET", f"{ROOT}/A00067890/callCenterInquiries", QUERY),
        "method": lambda: cea_header(vendor, "POST", PATH, QUERY),
        "old": lambda: cea_header(
            vendor, "GET", PATH, QUERY, when=datetime.now(UTC) - timedelta(minutes=10)
        ),
        "future": lambda: cea_header(
            vendor, "GET", PATH, QUERY, when=datetime.now(UTC) + timedelta(minutes=10)
        ),
        "algorithm": lambda: cea_header(vendor, "GET", PATH, QUERY).replace(
            "HmacSHA256", "HmacSHA1"
        ),
        "access_key": lambda: cea_header(vendor, "GET", PATH, QUERY).replace(
            vendor.access_key, "unknown-key"
        ),
        "malformed": lambda: "CEA garbage",
        "missing_part": lambda: cea_header(vendor, "GET", PATH, QUERY).split(", signature")[0],
        "bad_date": lambda: (
            "CEA algorithm=HmacSHA256, access-key=x, signed-date=yesterday, signature=00"
        ),
    }[tamper]()
    response = get_with(header)
    assert response.status_code == 401
    assert response["Content-Type"] == CONTENT_TYPE
    assert response.json()["code"] == 401
    assert response["WWW-Authenticate"].startswith("CEA")


def test_no_credentials_is_401(marketplace):
    response = get_with(None)
    assert response.status_code == 401
    assert response["Content-Type"] == CONTENT_TYPE


def test_skew_window_is_a_setting(marketplace, settings):
    settings.HELPDESK_HMAC_MAX_SKEW_SECONDS = 3600
    when = datetime.now(UTC) - timedelta(minutes=30)
    assert (
        get_with(cea_header(marketplace["vendor"], "GET", PATH, QUERY, when=when)).status_code
        == 200
    )


def test_a_vendor_without_users_cannot_sign_in(marketplace):
    vendor = marketplace["vendor"]
    vendor.users.update(is_active=False)
    assert get_with(cea_header(vendor, "GET", PATH, QUERY)).status_code == 401


def test_bearer_tokens_work_too(client_for, marketplace):
    response = client_for(marketplace["user"]).get(f"{PATH}?{QUERY}")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE


def test_another_vendors_code_is_403(signed, marketplace):
    other_path = f"{ROOT}/A00067890/callCenterInquiries"
    response = signed(marketplace["vendor"]).get(other_path, QUERY)
    assert response.status_code == 403
    assert response["Content-Type"] == CONTENT_TYPE
    assert response.json()["code"] == 403


def test_customers_may_not_use_the_vendor_api(client_for, customer, marketplace):
    ticket = marketplace["inquiry"](customer=customer)
    client = client_for(customer)
    assert client.get(f"{PATH}?{QUERY}").status_code == 403
    response = client.post(
        f"{PATH}/{ticket.pk}/replies", {"content": "hi", "replyBy": "me"}, format="json"
    )
    assert response.status_code == 403
    assert client.get(f"{ROOT}/callCenterInquiries/{ticket.pk}").status_code == 403


def test_agents_read_every_vendor_but_do_not_answer_for_them(client_for, agent, marketplace):
    ticket = marketplace["inquiry"](item_id="4242")
    client = client_for(agent)
    query = "partnerCounselingStatus=NONE&vendorItemId=" + ticket.item_id
    assert client.get(f"{PATH}?{query}").status_code == 200
    response = client.post(
        f"{PATH}/{ticket.pk}/replies", {"content": "hi", "replyBy": "sam"}, format="json"
    )
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.transfer_status == TransferStatus.ANSWER_REQUESTED


def test_another_vendors_inquiry_is_404(signed, marketplace):
    theirs = marketplace["inquiry"](to=marketplace["other"])
    client = signed(marketplace["vendor"])
    assert client.get(f"{ROOT}/callCenterInquiries/{theirs.pk}").status_code == 404
    response = client.post(f"{PATH}/{theirs.pk}/replies", {"content": "hi", "replyBy": "elandmall"})
    assert response.status_code == 404
    assert response["Content-Type"] == CONTENT_TYPE
    assert not theirs.messages.filter(kind=MessageKind.VENDOR_ANSWER).exists()


def test_internal_notes_never_reach_the_vendor(signed, marketplace, agent):
    from tickets.services.messages import message_post

    ticket = marketplace["inquiry"]()
    message_post(ticket=ticket, actor=agent, body="internal only", is_internal=True)
    message_post(ticket=ticket, actor=agent, body="public reply to the buyer")
    data = signed(marketplace["vendor"]).get(f"{ROOT}/callCenterInquiries/{ticket.pk}").json()
    assert [r["answerType"] for r in data["data"]["replies"]] == ["csAgent"]


@pytest.mark.parametrize(
    "path",
    [f"{ROOT}/callCenterInquiries/abc", f"{ROOT}/callCenterInquiries/99999999999999999999999"],
)
def test_nonsense_ids_are_404(signed, marketplace, path):
    response = signed(marketplace["vendor"]).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == CONTENT_TYPE


@pytest.mark.parametrize("rows", [1, 30])
def test_list_query_count_is_constant(rows, signed, marketplace, django_assert_max_num_queries):
    for _ in range(rows):
        marketplace["inquiry"](item_id="777")
    client = signed(marketplace["vendor"])
    query = "partnerCounselingStatus=NONE&vendorItemId=777&pageSize=30"
    with django_assert_max_num_queries(8):
        response = client.get(PATH, query)
    assert len(response.json()["data"]["content"]) == rows


def test_every_answer_declares_the_charset(signed, marketplace):
    client = signed(marketplace["vendor"])
    unknown = client.get(f"{ROOT}/A00012345/somethingElse")
    assert unknown.status_code == 404
    wrong_method = client.client.delete(
        PATH, HTTP_AUTHORIZATION=cea_header(marketplace["vendor"], "DELETE", PATH)
    )
    assert wrong_method.status_code == 405
    for response in (unknown, wrong_method):
        assert response["Content-Type"] == CONTENT_TYPE
        assert response.json()["code"] == response.status_code
