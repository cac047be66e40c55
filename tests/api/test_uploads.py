"""Attachment upload and download through /api/v1/attachments/."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import PNG_BYTES, TicketFactory, upload
from tickets.models import Attachment, Message, Ticket

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
# The start of a Windows executable: a type the helpdesk never accepts.
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def post_file(client, name, content, content_type="application/octet-stream", **extra):
    return client.post(
        "/api/v1/attachments/",
        {"file": SimpleUploadedFile(name, content, content_type), **extra},
        format="multipart",
    )


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_upload_answers_the_contract_and_stores_the_sniffed_type(customer, client_for, settings):
    response = post_file(client_for(customer), "photo.png", PNG_BYTES)

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"uuid", "filename", "content_type", "size", "sha256", "url"}
    assert body["filename"] == "photo.png"
    assert body["content_type"] == "image/png"
    assert body["size"] == len(PNG_BYTES)
    assert body["url"].endswith(f"/api/v1/attachments/{body['uuid']}/")
    attachment = Attachment.objects.get(uuid=body["uuid"])
    assert attachment.uploaded_by == customer
    assert attachment.message is None
    assert len(stored_files(settings)) == 1


def test_oversize_upload_is_413_with_a_clear_message_and_stores_nothing(
    customer, client_for, settings
):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 1024 * 1024
    response = post_file(client_for(customer), "big.png", PNG_BYTES + b"\x00" * 1024 * 1024)

    assert response.status_code == 413
    body = response.json()
    # The limit in the unit people choose files by, never a byte count.
    assert body["message"] == "The file is too large: at most 1 MB per file."
    assert body["errors"]["file"] == [body["message"]]
    assert body["errors"]["file"]
    assert not Attachment.objects.exists()
    assert stored_files(settings) == []


def test_two_files_in_one_upload_are_refused(customer, client_for):
    response = client_for(customer).post(
        "/api/v1/attachments/",
        {
            "file": [
                SimpleUploadedFile("a.png", PNG_BYTES, "image/png"),
                SimpleUploadedFile("b.png", PNG_BYTES, "image/png"),
            ]
        },
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"file": ["Send one file per request."]}
    assert not Attachment.objects.exists()


def test_more_files_than_allowed_on_one_message_are_refused(customer, client_for, settings):
    settings.HELPDESK_ATTACHMENT_MAX_FILES = 2
    uuids = [str(upload(customer, f"p{n}.png").uuid) for n in range(3)]

    response = client_for(customer).post(
        "/api/v1/tickets/",
        {"subject": "Three photos", "description": "See the files.", "attachments": uuids},
        format="json",
    )

    assert response.status_code == 400
    assert "At most 2 files" in response.json()["errors"]["attachments"][0]
    assert not Ticket.objects.exists()
    assert not Attachment.objects.filter(message__isnull=False).exists()


def test_upload_without_a_file_names_the_field(customer, client_for):
    response = client_for(customer).post("/api/v1/attachments/", {}, format="multipart")

    assert response.status_code == 400
    assert "file" in response.json()["errors"]


def test_empty_file_is_refused(customer, client_for):
    response = post_file(client_for(customer), "empty.txt", b"")

    assert response.status_code == 400
    assert response.json()["errors"]["file"]


@pytest.mark.parametrize(
    ("name", "content", "claimed"),
    [
        ("invoice.pdf", EXE_BYTES, "application/pdf"),
        ("photo.png", EXE_BYTES, "image/png"),
        ("photo.png", b"<html><script>alert(1)</script></html>", "image/png"),
        ("report.pdf", PNG_BYTES, "application/octet-stream"),
        ("photo.png", PDF_BYTES, "application/octet-stream"),
        ("photo.png", PNG_BYTES, "application/pdf"),
    ],
    ids=[
        "exe-as-pdf",
        "exe-as-png",
        "html-as-png",
        "png-named-pdf",
        "pdf-named-png",
        "claimed-type-disagrees",
    ],
)
def test_disguised_types_are_refused(name, content, claimed, customer, client_for, settings):
    response = post_file(client_for(customer), name, content, claimed)

    assert response.status_code == 400
    assert response.json()["errors"]["file"]
    assert not Attachment.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../../etc/passwd.png", "passwd.png"),
        ("..\\..\\windows\\win.png", "win.png"),
        ("/absolute/path/shot.png", "shot.png"),
    ],
)
def test_path_traversal_names_are_reduced_to_a_base_name(
    name, expected, customer, client_for, settings
):
    response = post_file(client_for(customer), name, PNG_BYTES)

    assert response.status_code == 201
    assert response.json()["filename"] == expected
    media_root = Path(settings.MEDIA_ROOT).resolve()
    [stored] = stored_files(settings)
    assert stored.resolve().is_relative_to(media_root / "attachments")
    assert expected not in stored.name  # stored under its uuid, never the user's name


@pytest.mark.parametrize(
    "name",
    [
        "inv\u200boice.png",  # zero-width space
        "photo\u202egnp.png",  # right-to-left override
        "\u2066photo\u2069.png",  # bidi isolates
        "pho\u200dto\ufeff.png",  # zero-width joiner, byte-order mark
    ],
)
def test_invisible_and_bidi_characters_are_removed_from_names(name, customer, client_for, settings):
    response = post_file(client_for(customer), name, PNG_BYTES)

    assert response.status_code == 201
    filename = response.json()["filename"]
    assert filename.endswith(".png")
    assert not any(ch in filename for ch in "\u200b\u200d\u202e\u2066\u2069\ufeff")
    download = client_for(customer).get(response.json()["url"])
    assert download.status_code == 200
    assert filename in download["Content-Disposition"]


def test_download_is_an_attachment_that_browsers_will_not_sniff(customer, client_for):
    attachment = upload(customer, "receipt.png")
    ticket = TicketFactory(customer=customer, attachment_uuids=[attachment.uuid])

    response = client_for(customer).get(f"/api/v1/attachments/{attachment.uuid}/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="receipt.png"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG_BYTES
    assert Message.objects.get(ticket=ticket).attachments.get() == attachment


def test_an_upload_is_claimed_once(customer, client_for):
    attachment = upload(customer, "once.png")
    client = client_for(customer)
    first = client.post(
        "/api/v1/tickets/",
        {"subject": "One", "description": "x", "attachments": [str(attachment.uuid)]},
        format="json",
    )
    second = client.post(
        "/api/v1/tickets/",
        {"subject": "Two", "description": "x", "attachments": [str(attachment.uuid)]},
        format="json",
    )

    assert first.status_code == 201
    assert first.json()["messages"][0]["attachments"][0]["uuid"] == str(attachment.uuid)
    assert second.status_code == 400
    assert "attachments" in second.json()["errors"]
    assert Ticket.objects.count() == 1


def test_someone_elses_upload_cannot_be_attached(customer, other_customer, client_for):
    theirs = upload(other_customer, "theirs.png")

    response = client_for(customer).post(
        "/api/v1/tickets/",
        {"subject": "Borrowed", "description": "x", "attachments": [str(theirs.uuid)]},
        format="json",
    )

    assert response.status_code == 400
    assert not Ticket.objects.exists()
    theirs.refresh_from_db()
    assert theirs.message is None


def test_unknown_download_uuid_is_a_json_404(customer, client_for):
    for value in ("00000000-0000-0000-0000-000000000000", "not-a-uuid"):
        response = client_for(customer).get(f"/api/v1/attachments/{value}/")
        assert response.status_code == 404
        assert response.json()["message"] == "Attachment not found."


def test_more_parts_than_the_server_accepts_is_a_json_400(customer, client_for, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    files = [SimpleUploadedFile(f"{n}.png", PNG_BYTES, "image/png") for n in range(4)]

    response = client_for(customer).post(
        "/api/v1/attachments/", {"file": files}, format="multipart"
    )

    assert response.status_code == 400
    assert "more files" in response.json()["message"]
    assert not Attachment.objects.exists()


def test_form_fields_beyond_the_memory_limit_are_a_json_413(customer, client_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = client_for(customer).post(
        "/api/v1/attachments/",
        {"file": SimpleUploadedFile("a.png", PNG_BYTES, "image/png"), "note": "x" * 5000},
        format="multipart",
    )

    assert response.status_code == 413
    assert response.json()["message"]
    assert not Attachment.objects.exists()
