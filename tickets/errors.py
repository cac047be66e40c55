"""Domain errors: they know nothing about HTTP (helpdesk/errors.py maps them)."""


class HelpdeskError(Exception):
    message = "The request could not be completed."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)
        self.message = message or self.message


class InvalidInputError(HelpdeskError):
    """Input the core refuses, naming the field it is about."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class AttachmentRejectedError(InvalidInputError):
    """An upload that breaks the attachment rules (type, name, count)."""


class AttachmentTooLargeError(AttachmentRejectedError):
    pass


class UploadQuotaError(AttachmentRejectedError):
    """The uploader already has as many unused uploads (or bytes of them) as allowed."""


class NotFoundError(HelpdeskError):
    message = "Not found."


class TicketNotFoundError(NotFoundError):
    def __init__(self, ticket_id: object = None) -> None:
        super().__init__(f"Ticket {ticket_id} was not found." if ticket_id else None)
        self.ticket_id = ticket_id


class CustomerNotFoundError(NotFoundError):
    message = "Customer not found."


class AttachmentNotFoundError(NotFoundError):
    message = "Attachment not found."


class ActionNotAllowedError(HelpdeskError):
    message = "You are not allowed to do this."


class ConflictError(HelpdeskError):
    """The ticket's current state refuses the change; nothing was written."""


class TransitionNotAllowedError(ConflictError):
    def __init__(self, *, current: str, requested: str) -> None:
        super().__init__(f"A ticket cannot move from '{current}' to '{requested}'.")
        self.current = current
        self.requested = requested


class TicketClosedError(ConflictError):
    message = "This ticket is cancelled and takes no more messages, ratings or transfers."


class StatusRefusesActError(ConflictError):
    """The act is not taken in the ticket's status (the workflow's table)."""

    def __init__(self, *, status: str, act: str) -> None:
        super().__init__(
            f"A ticket that is {status.replace('_', ' ')} takes no {act.replace('_', ' ')}."
        )
        self.status = status
        self.act = act


class TransferStateError(ConflictError):
    """A vendor answer or confirmation the ticket's transfer does not wait for."""


class MacroNotFoundError(NotFoundError):
    message = "Macro not found."


class SavedViewNotFoundError(NotFoundError):
    message = "Saved view not found."


class MergeRefusedError(ConflictError):
    """Two tickets that cannot be merged (or a merge that can no longer be undone)."""
