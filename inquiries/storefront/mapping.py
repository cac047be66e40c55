"""The storefront's vocabulary (`003`) and the core values it stands for."""

from tickets.models import Role, Status

# `PUT …/{id}` sends these numbers; the spec's table maps them onto the core states.
STATUS_BY_CODE: dict[int, str] = {
    1: Status.OPEN,
    2: Status.RESOLVED,
    3: Status.CANCELLED,
    4: Status.IN_PROGRESS,
}

# How a ticket's status reads in answers (`"status": "open"` in `003`). Waiting on the
# customer is still "open" from the storefront's point of view.
STATUS_NAME: dict[str, str] = {
    Status.OPEN: "open",
    Status.IN_PROGRESS: "in progress",
    Status.WAITING_ON_CUSTOMER: "open",
    Status.RESOLVED: "resolved",
    Status.CANCELLED: "closed",
}

# `senderType` / `createdByType` of a message: the platform calls its support staff "admin".
SENDER_TYPE: dict[str, str] = {
    Role.CUSTOMER: "customer",
    Role.AGENT: "admin",
    Role.VENDOR: "vendor",
    Role.SYSTEM: "system",
}

# Tickets are always the customer's: `userType` of a ticket row.
TICKET_USER_TYPE = "customer"

# The category list's `status` filter: the document's words and the storefront's numbers.
CATEGORY_ACTIVE_BY_STATUS: dict[str, bool] = {
    "active": True,
    "1": True,
    "inactive": False,
    "0": False,
}

# `parentCategoryId` values meaning "top level": the storefront sends 0, answers show "null".
TOP_LEVEL_PARENT_IDS = frozenset({"0", "null"})

# The envelope's `status`, as the document writes it and as the real storefront tests it.
ENVELOPE_STATUS = {True: "success", False: "error"}
ENVELOPE_STATUS_NUMERIC = {True: 1, False: 0}

MESSAGES = {
    "categories": "Successfully retrieved ticket categories",
    "list": "Customer support tickets retrieved successfully.",
    "detail": "Customer support ticket details retrieved successfully.",
    "create": "Customer support ticket created successfully.",
    "status": "Customer support ticket status updated successfully.",
    "upload": "File uploaded successfully.",
}
