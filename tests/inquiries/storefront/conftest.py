import base64

import pytest

from tests.factories import PNG_BYTES, CategoryFactory

BASE = "/backend/api/api/customer-support-ticket"
UPLOAD = "/backend/api/api/media/upload-file"
DOCUMENT = "/backend/api/api/media/document"


@pytest.fixture
def tree(db):
    """A storefront-style category with two sub-categories, one inactive, and a deleted one."""
    root = CategoryFactory(name="Storefront Returns", code="SF_RETURNS")
    return {
        "root": root,
        "damaged": CategoryFactory(name="Damaged parcel", code="SF_DAMAGED", parent=root),
        "late": CategoryFactory(name="Late parcel", code="SF_LATE", parent=root, is_active=False),
        "gone": CategoryFactory(name="Gone parcel", code="SF_GONE", parent=root, is_deleted=True),
    }


def png_data_uri(content: bytes = PNG_BYTES, mime: str = "image/png") -> str:
    return f"data:{mime};base64,{base64.b64encode(content).decode()}"


@pytest.fixture
def upload_via_storefront(client_for):
    """Upload a file through the storefront's media endpoint; returns the envelope data."""

    def do(user, name="photo.png", image=None):
        response = client_for(user).post(
            UPLOAD,
            {
                "fileName": name,
                "fileType": "image/png",
                "image": image or png_data_uri(),
                "path": "ticket/",
            },
            format="json",
        )
        assert response.status_code == 200, response.json()
        return response.json()["data"]

    return do
