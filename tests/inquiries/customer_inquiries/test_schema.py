from rest_framework.test import APIClient

PATHS = {
    "/login": {"post"},
    "/customerInquiries": {"get", "post"},
    "/customerInquiries/{customerInquiryId}": {"get"},
    "/customerInquiries/{customerInquiryId}/messages": {"post"},
    "/customerInquiries/{customerInquiryId}/ratings": {"post"},
}


def test_schema_documents_every_3pl_operation_under_its_tag(db):
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()

    for path, methods in PATHS.items():
        operations = schema["paths"][path]
        assert set(operations) >= methods
        for method in methods:
            operation = operations[method]
            assert operation["tags"] == ["3PL customer inquiries"]
            headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
            assert "X-Api-Key" in headers
    components = schema["components"]["schemas"]
    assert components["CustomerInquiryStatusEnum"]["enum"] == [
        "WITH_YOU",
        "WITH_LOGSTA",
        "RESOLVED",
    ]
    assert "RATING_MESSAGE" in components["CustomerInquiryMessageCategoryEnum"]["enum"]
    create = schema["paths"]["/customerInquiries"]["post"]
    assert "201" in create["responses"]
    assert create["requestBody"]["content"]["application/json"]["examples"]
