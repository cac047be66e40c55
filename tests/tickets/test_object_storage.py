"""Attachments on S3-compatible object storage: moto's standalone S3 server on 127.0.0.1,
the same upload and download paths as on the local disk, the same permission check."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import PNG_BYTES, TicketFactory, upload
from tickets.models import Attachment
from tickets.services.messages import message_post

BUCKET = "helpdesk-attachments"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
PNG = PNG_BYTES


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(endpoint, timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("moto_server did not start")
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def bucket(s3_endpoint, settings):
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **CREDENTIALS)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "location": "attachments",
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": 60,
                "signature_version": "s3v4",
                "file_overwrite": False,
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def attached(customer, name="dent.png"):
    ticket = TicketFactory(customer=customer)
    attachment = upload(customer, name)
    message_post(ticket=ticket, actor=customer, body="Photo.", attachment_uuids=[attachment.uuid])
    return ticket, Attachment.objects.get(pk=attachment.pk)


def test_api_upload_is_stored_in_the_bucket(bucket, customer, client_for):
    response = client_for(customer).post(
        "/api/v1/attachments/",
        {"file": SimpleUploadedFile("dent.png", PNG, content_type="image/png")},
        format="multipart",
    )

    assert response.status_code == 201, response.content
    stored = Attachment.objects.get(uuid=response.json()["uuid"])
    body = bucket.get_object(Bucket=BUCKET, Key=f"attachments/{stored.file.name}")["Body"].read()
    assert body == PNG


def test_download_is_streamed_after_the_permission_check(
    bucket, customer, other_customer, client_for
):
    _, attachment = attached(customer)
    path = f"/api/v1/attachments/{attachment.uuid}/"

    response = client_for(customer).get(path)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Disposition"].startswith("attachment")
    assert client_for(other_customer).get(path).status_code == 404


def test_signed_url_delivery_redirects_to_a_short_lived_url(
    bucket, settings, customer, other_customer, client_for
):
    settings.HELPDESK_ATTACHMENT_DELIVERY = "signed-url"
    _, attachment = attached(customer, name="receipt.png")

    response = client_for(customer).get(f"/api/v1/attachments/{attachment.uuid}/")

    assert response.status_code == 302
    location = response["Location"]
    query = parse_qs(urlsplit(location).query)
    assert query["X-Amz-Expires"] == ["60"]
    assert "X-Amz-Signature" in query
    with urllib.request.urlopen(location, timeout=10) as stored:
        assert stored.read() == PNG
        assert 'filename="receipt.png"' in stored.headers["Content-Disposition"]
    # The page link takes the same path through the same check.
    page = signed_in(customer).get(f"/attachments/{attachment.uuid}/")
    assert page.status_code == 302
    assert (
        client_for(other_customer).get(f"/api/v1/attachments/{attachment.uuid}/").status_code == 404
    )
    assert signed_in(other_customer).get(f"/attachments/{attachment.uuid}/").status_code == 404


def test_signed_url_without_its_signature_is_refused(bucket, settings, customer, client_for):
    settings.HELPDESK_ATTACHMENT_DELIVERY = "signed-url"
    _, attachment = attached(customer)

    location = client_for(customer).get(f"/api/v1/attachments/{attachment.uuid}/")["Location"]
    unsigned = location.split("?", 1)[0]

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(unsigned, timeout=10)
    assert refused.value.code == 403
