"""A form's files: stored as the user's pending uploads first, so they survive a form
error (listed on the re-rendered form, not chosen again), then used by one use case."""

from collections.abc import Callable
from typing import TypeVar

from tickets import selectors
from tickets.errors import AttachmentRejectedError, ConflictError, InvalidInputError
from tickets.models import Attachment, User
from tickets.services.attachments import attachment_upload, attachments_discard

from .forms import AttachmentsFormMixin
from .mixins import form_error_field

Result = TypeVar("Result")

LOST_UPLOAD = (
    "A file attached before is no longer available (unused uploads expire); choose it again."
)


def submit_with_uploads(
    *, actor: User, form: AttachmentsFormMixin, action: Callable[[list], Result]
) -> Result | None:
    """Validate `form`, store its new files, and call `action(uuids)` (one use case, its
    own transaction) with the kept and new files when everything is valid.

    Returns the action's result, or None when the form has errors: then the files stored
    so far (kept ones and the new ones that passed the checks) are listed on the form for
    the next attempt, and a refused file is named in the error. The unticked files of the
    previous attempt are discarded.
    """
    form.is_valid()
    data = form.cleaned_data
    kept_ids = data.get("kept_uploads", [])
    dropped = set(data.get("listed_uploads", [])) - set(kept_ids)
    if dropped:
        attachments_discard(
            actor=actor, attachments=selectors.pending_uploads_for(user=actor, uuids=dropped)
        )
    stored = selectors.pending_uploads_for(user=actor, uuids=kept_ids)
    if len(stored) < len(kept_ids):
        form.add_error("attachments", LOST_UPLOAD)
    new: list[Attachment] = []
    for uploaded in data.get("attachments") or ():
        try:
            # The browser's claimed type is a guess from the extension (and differs between
            # systems); the service sniffs the bytes and checks the extension against them.
            new.append(attachment_upload(actor=actor, uploaded=uploaded))
        except AttachmentRejectedError as error:
            form.add_error("attachments", f"{uploaded.name}: {error.message}")
    stored += new
    if not form.errors:
        try:
            return action([attachment.uuid for attachment in stored])
        except ConflictError as error:
            form.add_error(None, error.message)
        except InvalidInputError as error:
            form.add_error(form_error_field(error, form), error.message)
        except Exception:
            attachments_discard(actor=actor, attachments=new)
            raise
    form.keep_files(stored)
    return None
