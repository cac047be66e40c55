import pytest
from rest_framework.test import APIClient

ROOT = "/v2/providers/openapi/apis/api/v4/vendors"
PATHS = {
    f"{ROOT}/{{vendor_id}}/callCenterInquiries": "get",
    f"{ROOT}/callCenterInquiries/{{inquiry_id}}": "get",
    f"{ROOT}/{{vendor_id}}/callCenterInquiries/{{inquiry_id}}/replies": "post",
    f"{ROOT}/{{vendor_id}}/callCenterInquiries/{{inquiry_id}}/confirms": "post",
}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return APIClient().get("/api/schema/", {"format": "json"}).json()


def test_every_call_center_operation_is_documented_under_its_tag(schema):
    assert {p for p in schema["paths"] if p.startswith("/v2/")} == set(PATHS)
    for path, method in PATHS.items():
        operation = schema["paths"][path][method]
        assert operation["tags"] == ["Call-center inquiries (004)"]
        assert {"CEA": []} in operation["security"]
        assert "401" in operation["responses"]


def test_cea_scheme_and_inquiry_shapes(schema):
    assert schema["components"]["securitySchemes"]["CEA"]["in"] == "header"
    components = schema["components"]["schemas"]
    inquiry = components["CallCenterInquiryOut"]["properties"]
    assert inquiry["vendorItemId"]["items"]["type"] == "integer"
    assert {"replies", "inquiryAt", "receiptCategory", "answeredAt"} <= set(inquiry)
    reply = components["CallCenterReplyOut"]["properties"]
    assert {"answerType", "needAnswer", "partnerTransferStatus", "receptionistName"} <= set(reply)
    listing = schema["paths"][f"{ROOT}/{{vendor_id}}/callCenterInquiries"]["get"]
    names = {p["name"] for p in listing["parameters"]}
    assert {"partnerCounselingStatus", "inquiryStartAt", "inquiryEndAt", "pageSize"} <= names
    assert listing["responses"]["200"]["content"]["application/json"]["examples"]
