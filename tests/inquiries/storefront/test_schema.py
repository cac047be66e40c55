import pytest
from rest_framework.test import APIClient

ROOT = "/backend/api/api"
PATHS = {
    f"{ROOT}/customer-support-ticket/ticket-category": {"get"},
    f"{ROOT}/customer-support-ticket": {"get", "post"},
    f"{ROOT}/customer-support-ticket/{{ticket_id}}": {"get", "put"},
    f"{ROOT}/media/upload-file": {"post"},
    f"{ROOT}/media/document": {"get"},
}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return APIClient().get("/api/schema/", {"format": "json"}).json()


def test_every_storefront_operation_is_documented_under_its_tag(schema):
    documented = {p for p in schema["paths"] if p.startswith(ROOT)}
    assert documented == set(PATHS)
    for path, methods in PATHS.items():
        assert set(schema["paths"][path]) - {"parameters"} == methods
        for method in methods:
            operation = schema["paths"][path][method]
            assert operation["tags"] == ["Storefront tickets (003)"]
            assert "401" in operation["responses"]


def test_storefront_shapes_and_examples(schema):
    components = schema["components"]["schemas"]
    detail = components["StorefrontTicketDetailOut"]["properties"]
    assert {"ticketMessage", "categoryName", "subCategoryName", "modifiedDate"} <= set(detail)
    message = components["StorefrontTicketMessageOut"]["properties"]
    assert {"postedBy", "ticketAttachments"} <= set(message)
    assert components["StorefrontStatusUpdateInStatusEnum"]["enum"] == [1, 2, 3, 4]
    create = schema["paths"][f"{ROOT}/customer-support-ticket"]["post"]
    assert create["requestBody"]["content"]["application/json"]["examples"]
    listing = schema["paths"][f"{ROOT}/customer-support-ticket"]["get"]
    assert listing["responses"]["200"]["content"]["application/json"]["examples"]
