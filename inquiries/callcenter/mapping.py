"""The marketplace call-center vocabulary (`004`) and the core values it stands for."""

from tickets.models import MessageKind, Status, TransferStatus

# `partnerCounselingStatus` of the query (read case-insensitively): None means every
# transferred inquiry, whatever its transfer state.
TRANSFER_STATUSES_BY_COUNSELING: dict[str, tuple[str, ...] | None] = {
    "NONE": None,
    "ANSWER": (TransferStatus.ANSWERED,),
    "NO_ANSWER": (TransferStatus.ANSWER_REQUESTED,),
    "TRANSFER": (TransferStatus.CONFIRM_REQUESTED,),
}

# `inquiryStatus`: the spec's table.
INQUIRY_STATUS: dict[str, str] = {
    Status.OPEN: "progress",
    Status.IN_PROGRESS: "progress",
    Status.WAITING_ON_CUSTOMER: "progress",
    Status.RESOLVED: "complete",
    Status.CANCELLED: "complete",
}
INQUIRY_STATUS_OPEN = "progress"

# `csPartnerCounselingStatus`: whether the vendor still owes the platform something.
COUNSELING_STATUS: dict[str, str] = {
    TransferStatus.ANSWER_REQUESTED: "requestAnswer",
    TransferStatus.ANSWERED: "answered",
    TransferStatus.CONFIRM_REQUESTED: "requestAnswer",
    TransferStatus.CONFIRMED: "answered",
}

# `partnerTransferStatus` of the agent's transfer note. A confirmation-only transfer asks
# no answer, so it reads "none" (a reply to it is refused).
PARTNER_TRANSFER_STATUS: dict[str, str] = {
    TransferStatus.NONE: "none",
    TransferStatus.ANSWER_REQUESTED: "requestAnswer",
    TransferStatus.ANSWERED: "answered",
    TransferStatus.CONFIRM_REQUESTED: "none",
    TransferStatus.CONFIRMED: "none",
}
PARTNER_TRANSFER_ANSWERED = "answered"
PARTNER_TRANSFER_NONE = "none"
NO_COMPLETE_REASON = "NONE"

# `answerType` of a reply: the transfer note is the CS agent's, the answer the vendor's.
ANSWER_TYPE: dict[str, str] = {
    MessageKind.TRANSFER: "csAgent",
    MessageKind.VENDOR_ANSWER: "vendor",
}

# Dates: the query's pattern and the answers' date-times.
DATE_PATTERN = "%Y-%m-%d"
DATETIME_PATTERN = "%Y-%m-%d %H:%M:%S"
MAX_WINDOW_DAYS = 7
PAGE_SIZE_DEFAULT = 10
PAGE_SIZE_MAX = 30

# The platform's own error messages (`004`'s error spec and its reply API).
WINDOW_ERROR = (
    "time interval needs to be less than or equal to 7 days, pattern should be yyyy-MM-dd"
)
INVALID_VENDOR = "Invalid vendor ID"
REPLY_REFUSED = (
    "The inquiry can't be answer. It can do only inquiryStatus:progress, "
    "partnerTransferStatus:requestAnswer"
)
CONFIRM_REFUSED = (
    "The inquiry can't be confirmed. It can do only inquiryStatus:progress, "
    "partnerCounselingStatus:TRANSFER"
)
OK = "OK"

# `Content-Type` of every answer: the platform's client decodes with the declared charset.
CONTENT_TYPE = "application/json;charset=UTF-8"
