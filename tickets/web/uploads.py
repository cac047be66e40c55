"""Turning a form's files into attachment uuids for a message."""

import uuid
from collections.abc import Iterable

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from tickets.models import Attachment, User
from tickets.services.attachments import attachment_upload


class StoredUploads:
    """Stores uploads inside the caller's transaction and removes the stored bytes if that
    transaction rolls back (rows vanish with the rollback, files on disk would not)."""

    def __init__(self) -> None:
        self.attachments: list[Attachment] = []

    def store(self, *, actor: User, files: Iterable[UploadedFile]) -> list[uuid.UUID]:
        for uploaded in files:
            # The browser's claimed type is a guess from the extension (and differs between
            # systems); the service sniffs the bytes and checks the extension against them.
            attachment = attachment_upload(actor=actor, uploaded=uploaded)
            self.attachments.append(attachment)
        return [attachment.uuid for attachment in self.attachments]

    def discard(self) -> None:
        for attachment in self.attachments:
            default_storage.delete(attachment.file.name)
        self.attachments = []


def run_with_uploads(*, actor: User, files: Iterable[UploadedFile], action):
    """Store the files and call `action(uuids)` in one transaction; on any error nothing
    is kept, neither rows nor files, and the error propagates."""
    uploads = StoredUploads()
    try:
        with transaction.atomic():
            return action(uploads.store(actor=actor, files=files))
    except Exception:
        uploads.discard()
        raise
