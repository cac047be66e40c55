"""The support-request API's vocabulary (`002`) and the core values it stands for."""

from tickets.models import Status

# `002`'s categories, each a root node of the shipped tree with the upper-cased code.
CATEGORIES: tuple[str, ...] = ("Order", "Product", "Account", "Technical", "Payment", "General")
CODE_BY_CATEGORY: dict[str, str] = {name: name.upper() for name in CATEGORIES}
CATEGORY_BY_CODE: dict[str, str] = {code: name for name, code in CODE_BY_CATEGORY.items()}
# A ticket filed elsewhere (a 3PL topic, or no category) still needs one of the six:
# it reads as a general inquiry, and the `General` filter finds it.
FALLBACK_CATEGORY = "General"

PENDING = "Pending"
IN_PROGRESS = "In Progress"
RESOLVED = "Resolved"
CANCELLED = "Cancelled"
STATUSES: tuple[str, ...] = (PENDING, IN_PROGRESS, RESOLVED, CANCELLED)

# SPEC "One status workflow": waiting on the customer is still being handled by support.
STATUS_BY_CORE: dict[str, str] = {
    Status.OPEN: PENDING,
    Status.IN_PROGRESS: IN_PROGRESS,
    Status.WAITING_ON_CUSTOMER: IN_PROGRESS,
    Status.RESOLVED: RESOLVED,
    Status.CANCELLED: CANCELLED,
}
# What the support staff's "pending" list holds: requests nobody has reviewed yet.
PENDING_CORE_STATUSES: tuple[str, ...] = (Status.OPEN,)
