from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from tests.factories import PNG_BYTES, upload
from tickets.errors import AttachmentRejectedError, AttachmentTooLargeError
from tickets.models import Attachment
from tickets.services.attachments import attachments_expire, sanitize_file_name
from tickets.services.messages import message_post


def test_upload_sniffs_type_hashes_and_stores_under_uuid(customer):
    attachment = upload(customer, "Label photo.PNG")
    assert attachment.content_type == "image/png"
    assert attachment.original_name == "Label photo.png"
    assert attachment.size == len(PNG_BYTES)
    assert len(attachment.sha256) == 64
    assert attachment.file.name.endswith(attachment.uuid.hex)
    assert default_storage.exists(attachment.file.name)


def test_text_file_is_accepted(customer):
    assert upload(customer, "notes.txt", "Bitte schnell prüfen".encode()).content_type == (
        "text/plain"
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", b"#!/bin/sh\nrm -rf /\n"),
        ("photo.png", b"<?php system($_GET['c']); ?>"),
        ("invoice.pdf", b"<script>alert(1)</script>"),
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 4),
        ("notes.txt", PNG_BYTES),
    ],
)
def test_content_that_does_not_match_its_name_or_is_not_allowed_is_refused(customer, name, content):
    with pytest.raises(AttachmentRejectedError) as error:
        upload(customer, name, content)
    assert error.value.field == "file"
    assert not Attachment.objects.exists()


def test_claimed_type_must_agree_with_the_bytes(customer):
    with pytest.raises(AttachmentRejectedError):
        upload(customer, "photo.png", claimed="application/pdf")
    assert upload(customer, "photo.png", claimed="image/png").content_type == "image/png"


def test_oversize_file_is_refused(customer, settings):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(AttachmentTooLargeError):
        upload(customer, "big.txt", b"a" * 1025)
    assert not Attachment.objects.exists()


def test_empty_file_is_refused(customer):
    with pytest.raises(AttachmentRejectedError):
        upload(customer, "empty.txt", b"")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\system.ini.txt", "system.ini.txt"),
        ("invoice\u202egnp.txt", "invoicegnp.txt"),
        ("re\u200bceipt.pdf", "receipt.pdf"),
        ("<img src=x onerror=alert(1)>.png", "img src_x onerror_alert(1)_.png"),
        ("<script>alert(1)</script>.png", "script_.png"),
        ("", "attachment"),
        ("...", "attachment"),
        ("a" * 300 + ".png", "a" * 116 + ".png"),
    ],
)
def test_file_names_are_sanitised(raw, clean):
    assert sanitize_file_name(raw) == clean


def test_traversal_name_never_reaches_the_filesystem(customer):
    attachment = upload(customer, "../../../tmp/evil.png")
    assert attachment.original_name == "evil.png"
    assert ".." not in attachment.file.name


def test_too_many_files_on_one_message_are_refused(ticket, customer, settings):
    settings.HELPDESK_ATTACHMENT_MAX_FILES = 2
    uploads = [upload(customer).uuid for _ in range(3)]
    with pytest.raises(AttachmentRejectedError):
        message_post(ticket=ticket, actor=customer, body="files", attachment_uuids=uploads)
    assert ticket.messages.count() == 1


def test_unreferenced_uploads_expire_and_used_ones_stay(
    ticket, customer, django_capture_on_commit_callbacks
):
    stale, used = upload(customer), upload(customer)
    message_post(ticket=ticket, actor=customer, body="see file", attachment_uuids=[used.uuid])
    Attachment.objects.update(created_at=stale.created_at - timedelta(days=2))

    with django_capture_on_commit_callbacks(execute=True):
        assert attachments_expire() == 1
    assert list(Attachment.objects.all()) == [used]
    assert not default_storage.exists(stale.file.name)


def test_expire_uploads_command(customer, capsys):
    upload(customer)
    call_command("expire_uploads", "--hours", "0")
    assert "Deleted 1" in capsys.readouterr().out
    assert not Attachment.objects.exists()
