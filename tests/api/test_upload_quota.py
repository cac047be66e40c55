"""Per-user quota on pending uploads (uploaded, not yet used in a message): enforced by the
attachment service, so every surface that uploads answers its own clear 4xx naming the
field, and using or expiring uploads makes room again."""

import base64
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import PNG_BYTES, TicketFactory, upload
from tickets.errors import UploadQuotaError
from tickets.models import Attachment
from tickets.services.attachments import attachments_expire
from tickets.services.messages import message_post


@pytest.fixture
def quota(settings):
    settings.HELPDESK_PENDING_UPLOADS_MAX_FILES = 2
    settings.HELPDESK_PENDING_UPLOADS_MAX_BYTES = 10 * len(PNG_BYTES)
    return settings


def post_file(client, name="photo.png"):
    return client.post(
        "/api/v1/attachments/",
        {"file": SimpleUploadedFile(name, PNG_BYTES, "image/png")},
        format="multipart",
    )


def test_native_upload_over_the_file_quota_is_400_naming_the_field(quota, customer, client_for):
    client = client_for(customer)
    assert [post_file(client).status_code for _ in range(2)] == [201, 201]

    response = post_file(client)

    assert response.status_code == 400
    [problem] = response.json()["errors"]["file"]
    assert problem.startswith("You already have 2 uploads not used in any message.")
    assert "expire after 24 hours" in problem
    assert Attachment.objects.filter(uploaded_by=customer).count() == 2


def test_byte_quota_counts_pending_bytes(quota, customer):
    quota.HELPDESK_PENDING_UPLOADS_MAX_FILES = 100
    quota.HELPDESK_PENDING_UPLOADS_MAX_BYTES = 2 * len(PNG_BYTES)
    upload(customer)
    upload(customer)

    with pytest.raises(UploadQuotaError) as refused:
        upload(customer)

    assert refused.value.field == "file"
    assert "would exceed" in refused.value.message


def test_storefront_upload_over_the_quota_names_its_own_field(quota, customer, client_for):
    upload(customer)
    upload(customer)
    image = "data:image/png;base64," + base64.b64encode(PNG_BYTES).decode()

    response = client_for(customer).post(
        "/backend/api/api/media/upload-file",
        {"fileName": "photo.png", "fileType": "image/png", "image": image, "path": "x"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["status"] == "error"
    assert list(response.json()["data"]["errors"]) == ["image"]


def test_the_quota_is_per_user(quota, customer, other_customer):
    upload(customer)
    upload(customer)

    assert upload(other_customer).uploaded_by == other_customer


def test_using_uploads_in_a_message_makes_room(quota, customer):
    ticket = TicketFactory(customer=customer)
    first, second = upload(customer), upload(customer)

    message_post(ticket=ticket, actor=customer, body="Both", attachment_uuids=[first.uuid])

    assert upload(customer).message is None
    assert Attachment.objects.filter(uploaded_by=customer).count() == 3
    assert second.uuid in Attachment.objects.values_list("uuid", flat=True)


def test_expired_uploads_make_room(quota, customer):
    upload(customer)
    upload(customer)

    attachments_expire(older_than=timedelta(seconds=-1))

    assert upload(customer).message is None


def test_portal_reply_with_a_file_at_the_quota_is_refused_on_the_form(quota, customer, client):
    ticket = TicketFactory(customer=customer)
    upload(customer)
    upload(customer)
    client.force_login(customer)

    response = client.post(
        f"/tickets/{ticket.pk}/",
        {"body": "See file", "attachments": SimpleUploadedFile("a.png", PNG_BYTES, "image/png")},
    )

    assert response.status_code == 400
    assert "uploads not used in any message" in response.content.decode()
    assert ticket.messages.count() == 1
