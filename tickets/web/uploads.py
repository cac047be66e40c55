"""Turning a form's files into attachment uuids for a message."""

from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile

from tickets.models import Attachment, User
from tickets.services.attachments import attachment_upload, attachments_discard


def run_with_uploads(*, actor: User, files: Iterable[UploadedFile], action):
    """Store the files, then call `action(uuids)` (one use case, its own transaction); if
    a file or the action is refused, the stored files are discarded again, so nothing is
    kept, and the error propagates."""
    stored: list[Attachment] = []
    try:
        for uploaded in files:
            # The browser's claimed type is a guess from the extension (and differs between
            # systems); the service sniffs the bytes and checks the extension against them.
            stored.append(attachment_upload(actor=actor, uploaded=uploaded))
        return action([attachment.uuid for attachment in stored])
    except Exception:
        attachments_discard(actor=actor, attachments=stored)
        raise
