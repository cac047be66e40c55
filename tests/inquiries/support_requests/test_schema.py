from rest_framework.test import APIClient

PATHS = {
    "/api/support-requests": {"post"},
    "/api/support-requests/customers/{customerId}": {"get"},
    "/api/support-requests/customers/{customerId}/{requestId}": {"get"},
    "/api/support-requests/{customerId}": {"get"},
    "/api/support-requests/{customerId}/{requestId}": {"get"},
    "/api/support-requests/pending": {"get"},
    "/api/support-requests/{requestId}/agents/{agentId}/respond": {"post"},
    "/api/support-requests/{requestId}/agents/{agentId}/cancel": {"post"},
}


def test_schema_documents_every_support_request_operation_under_its_tag(db):
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()

    operation_ids = set()
    for path, methods in PATHS.items():
        for method in methods:
            operation = schema["paths"][path][method]
            assert operation["tags"] == ["Support requests"]
            operation_ids.add(operation["operationId"])
    assert len(operation_ids) == len(PATHS)
    assert "204" in schema["paths"]["/api/support-requests"]["post"]["responses"]
    components = schema["components"]["schemas"]
    assert components["SupportRequestStatusEnum"]["enum"] == [
        "Pending",
        "In Progress",
        "Resolved",
        "Cancelled",
    ]
    assert components["SupportRequestCategoryEnum"]["enum"] == [
        "Order",
        "Product",
        "Account",
        "Technical",
        "Payment",
        "General",
    ]
