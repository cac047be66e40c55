"""Uploads: checked, sniffed, named safely, stored through Django's storage API."""

import hashlib
import os
import re
import unicodedata
import uuid
from collections.abc import Iterable
from datetime import timedelta

import filetype
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from ..errors import (
    AttachmentRejectedError,
    AttachmentTooLargeError,
    InvalidInputError,
    UploadQuotaError,
)
from ..models import Attachment, Message, User

EXTENSIONS_BY_TYPE: dict[str, frozenset[str]] = {
    "image/png": frozenset({".png"}),
    "image/jpeg": frozenset({".jpg", ".jpeg"}),
    "image/gif": frozenset({".gif"}),
    "image/webp": frozenset({".webp"}),
    "application/pdf": frozenset({".pdf"}),
    "text/plain": frozenset({".txt", ".log"}),
    "text/csv": frozenset({".csv"}),
    "application/zip": frozenset({".zip"}),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": frozenset({".docx"}),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": frozenset({".xlsx"}),
}
GENERIC_CLAIMS = frozenset({"", "application/octet-stream"})
SNIFF_BYTES = 8192
MEGABYTE = 1024 * 1024
UNSAFE_NAME_CHARS = re.compile(r"[^\w.\- ()]+")


def megabytes(size: int) -> str:
    """A byte count as people read a limit: "10 MB", "2.5 MB", "0.001 MB" for tiny test
    limits; never a raw byte count."""
    value = size / MEGABYTE
    text = f"{value:.2f}" if value >= 0.1 else f"{value:.2g}"
    if "e" in text:
        text = f"{value:.6f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text} MB"


def too_large_message() -> str:
    return (
        f"The file is too large: at most {megabytes(settings.HELPDESK_ATTACHMENT_MAX_BYTES)} "
        "per file."
    )


def sanitize_file_name(name: str) -> str:
    """A display name with no path, no control or bidi characters, and a sane length."""
    name = unicodedata.normalize("NFKC", name or "")
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.split(r"[\\/]", name)[-1]
    name = UNSAFE_NAME_CHARS.sub("_", name).strip(" ._")
    stem, extension = os.path.splitext(name)
    extension = extension.lower()[:10]
    return (stem[: 120 - len(extension)] or "attachment") + extension


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sniffed block is still text.
        return error.start >= len(head) - 3
    return True


def sniff_content_type(head: bytes, extension: str) -> str | None:
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime
    if _looks_like_text(head):
        return "text/csv" if extension == ".csv" else "text/plain"
    return None


def _read_and_hash(uploaded: UploadedFile) -> tuple[bytes, str, int]:
    digest = hashlib.sha256()
    head = b""
    size = 0
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        if len(head) < SNIFF_BYTES:
            head += chunk[: SNIFF_BYTES - len(head)]
        digest.update(chunk)
        size += len(chunk)
        if size > settings.HELPDESK_ATTACHMENT_MAX_BYTES:
            raise AttachmentTooLargeError("file", too_large_message())
    uploaded.seek(0)
    return head, digest.hexdigest(), size


def _require_pending_room(actor: User, size: int) -> None:
    """Refuse an upload that would take the actor's unused uploads over the quota. Locks
    the actor's row, so concurrent uploads by one user are counted one after another."""
    User.objects.select_for_update().filter(pk=actor.pk).values_list("pk").first()
    pending = Attachment.objects.filter(uploaded_by=actor, message__isnull=True).aggregate(
        files=Count("pk"), size=Sum("size")
    )
    max_files = settings.HELPDESK_PENDING_UPLOADS_MAX_FILES
    max_bytes = settings.HELPDESK_PENDING_UPLOADS_MAX_BYTES
    hint = (
        "Use them in a message, or wait for unused ones to expire after "
        f"{settings.HELPDESK_UNREFERENCED_UPLOAD_TTL_HOURS} hours."
    )
    if pending["files"] >= max_files:
        raise UploadQuotaError(
            "file", f"You already have {max_files} uploads not used in any message. {hint}"
        )
    if (pending["size"] or 0) + size > max_bytes:
        raise UploadQuotaError(
            "file",
            "Your uploads not used in any message would exceed "
            f"{megabytes(max_bytes)}, the most allowed. {hint}",
        )


@transaction.atomic
def attachment_upload(*, actor: User, uploaded: UploadedFile, claimed_type: str = "") -> Attachment:
    """Store one file for `actor` to reference from a message later.

    The type is taken from the bytes; the file name's extension and any claimed type must
    agree with it, and it must be on the allowed list. The actor's unused uploads stay
    within the HELPDESK_PENDING_UPLOADS_MAX_* quota. Raises AttachmentRejectedError,
    AttachmentTooLargeError or UploadQuotaError naming the field `file`.
    """
    if uploaded.size is not None and uploaded.size > settings.HELPDESK_ATTACHMENT_MAX_BYTES:
        raise AttachmentTooLargeError("file", too_large_message())
    name = sanitize_file_name(uploaded.name or "")
    extension = os.path.splitext(name)[1]
    head, sha256, size = _read_and_hash(uploaded)
    if size == 0:
        raise AttachmentRejectedError("file", "The file is empty.")
    content_type = sniff_content_type(head, extension)
    if content_type not in settings.HELPDESK_ATTACHMENT_ALLOWED_TYPES:
        raise AttachmentRejectedError("file", "This type of file is not accepted.")
    if extension not in EXTENSIONS_BY_TYPE.get(content_type, frozenset()):
        raise AttachmentRejectedError(
            "file", f"The file name's extension does not match its content ({content_type})."
        )
    claimed = (claimed_type or "").split(";")[0].strip().lower()
    if claimed not in GENERIC_CLAIMS and claimed != content_type:
        raise AttachmentRejectedError(
            "file", f"The file was sent as {claimed} but its content is {content_type}."
        )
    _require_pending_room(actor, size)
    attachment = Attachment(
        uploaded_by=actor,
        original_name=name,
        content_type=content_type,
        size=size,
        sha256=sha256,
    )
    attachment.file.save(attachment.uuid.hex, uploaded, save=False)
    attachment.save()
    return attachment


def _parse_uuids(values: Iterable[object], field: str) -> list[uuid.UUID]:
    parsed = []
    for value in values:
        try:
            parsed.append(uuid.UUID(str(value)))
        except ValueError:
            raise InvalidInputError(field, f"'{value}' is not an attachment id.") from None
    return list(dict.fromkeys(parsed))


def attachments_claim(
    *, message: Message, actor: User, uuids: Iterable[object], field: str = "attachments"
) -> list[Attachment]:
    """Link the actor's own unreferenced uploads to `message`; runs inside the caller's
    transaction. An unknown, foreign or already used uuid is invalid input."""
    wanted = _parse_uuids(uuids, field)
    if not wanted:
        return []
    if len(wanted) > settings.HELPDESK_ATTACHMENT_MAX_FILES:
        raise AttachmentRejectedError(
            field, f"At most {settings.HELPDESK_ATTACHMENT_MAX_FILES} files per message."
        )
    found = list(
        Attachment.objects.select_for_update().filter(
            uuid__in=wanted, uploaded_by=actor, message__isnull=True
        )
    )
    missing = set(wanted) - {attachment.uuid for attachment in found}
    if missing:
        raise InvalidInputError(field, f"Unknown attachment {sorted(map(str, missing))[0]}.")
    Attachment.objects.filter(pk__in=[a.pk for a in found]).update(message=message)
    for attachment in found:
        attachment.message = message
    return found


def attachments_expire(*, older_than: timedelta | None = None) -> int:
    """Delete uploads never referenced by a message; returns how many went."""
    if older_than is None:
        older_than = timedelta(hours=settings.HELPDESK_UNREFERENCED_UPLOAD_TTL_HOURS)
    cutoff = timezone.now() - older_than
    removed = 0
    stale = Attachment.objects.filter(message__isnull=True, created_at__lt=cutoff)
    for attachment in stale.iterator():
        with transaction.atomic():
            locked = (
                Attachment.objects.select_for_update()
                .filter(pk=attachment.pk, message__isnull=True)
                .first()
            )
            if locked is None:
                continue
            locked.delete()
            transaction.on_commit(lambda name=locked.file.name: _delete_file(name))
            removed += 1
    return removed


def _delete_file(name: str) -> None:
    default_storage.delete(name)


def attachments_discard(*, actor: User, attachments: Iterable[Attachment]) -> None:
    """Remove the actor's own uploads that no message uses (rows and stored bytes): what a
    form that failed after storing its files leaves behind."""
    pks = [attachment.pk for attachment in attachments]
    unused = Attachment.objects.filter(pk__in=pks, uploaded_by=actor, message__isnull=True)
    names = list(unused.values_list("file", flat=True))
    unused.delete()
    for name in names:
        _delete_file(name)
