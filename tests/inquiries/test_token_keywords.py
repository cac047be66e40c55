"""Every surface that takes API tokens takes them as `Bearer` and as `Token`, and refuses
them on every surface once revoked or expired."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import api_token_for
from tickets.apitokens.models import ApiToken

CALL_CENTER = "/v2/providers/openapi/apis/api/v4/vendors/{code}/callCenterInquiries"
CALL_CENTER_QUERY = "inquiryStartAt=2026-01-01&inquiryEndAt=2026-01-02&partnerCounselingStatus=NONE"


def paths_for(user) -> dict[str, str]:
    if user.vendor_id:
        return {"004": CALL_CENTER.format(code=user.vendor.code) + "?" + CALL_CENTER_QUERY}
    return {
        "native": "/api/v1/me",
        "3PL": "/customerInquiries",
        "002": f"/api/support-requests/customers/{user.pk}",
        "003": "/backend/api/api/customer-support-ticket",
    }


def get(path: str, header: str):
    client = APIClient()
    return client.get(path, HTTP_AUTHORIZATION=header, HTTP_X_API_KEY="any")


@pytest.mark.parametrize("keyword", ["Bearer", "Token"])
@pytest.mark.parametrize("role", ["customer", "vendor_user"])
def test_tokens_work_with_either_keyword_on_every_surface(keyword, role, request, db):
    user = request.getfixturevalue(role)
    token = api_token_for(user)
    for surface, path in paths_for(user).items():
        assert get(path, f"{keyword} {token}").status_code == 200, surface


@pytest.mark.parametrize("role", ["customer", "vendor_user"])
def test_revoked_and_expired_tokens_are_refused_on_every_surface(role, request, db):
    user = request.getfixturevalue(role)
    revoked = api_token_for(user)
    ApiToken.objects.filter(user=user).delete()
    expired = api_token_for(user)
    ApiToken.objects.filter(user=user).update(expiry=timezone.now() - timedelta(minutes=1))

    for surface, path in paths_for(user).items():
        assert get(path, f"Bearer {revoked}").status_code == 401, surface
        assert get(path, f"Token {expired}").status_code == 401, surface
