"""The 3PL provider's vocabulary (`000`, `001`) and the core values it stands for."""

from tickets.models import MessageKind, Role, Status

# `000`'s topic enum; each is a root category of the shipped tree (migration tickets/0002).
TOPICS: tuple[str, ...] = (
    "ONBOARDING",
    "FULFILMENT",
    "SERVICE",
    "ACCOUNTING",
    "TECH_IT",
    "MISCELLANEOUS_OTHER",
    "REPORTS",
)

# `000`'s category enum, in the document's order; each is a child of one topic node.
CATEGORIES: tuple[str, ...] = (
    "INBOUND",
    "PICKING_AND_PACKING",
    "SHIPMENT_AND_OUTBOUND",
    "ARTICLES_ITEMS_IN_ORDER",
    "DAMAGES",
    "RETURNS",
    "STOCK_DISCREPANCIES",
    "CARRIER_PICKUPS",
    "TRACKING_NUMBERS",
    "MISCELLANEOUS_OTHER_FULFILLMENT",
    "CARRIERS",
    "INVESTIGATIONS",
    "ACCOUNT_DETAILS_CHANGES",
    "MAPPING_BUNDLES_FULFILMENT_PLANS",
    "MISCELLANEOUS_OTHER_SERVICE",
    "KEY_ACCOUNTS",
    "NEW_SHOP",
    "INVOICE_ENQUIRIES",
    "REFUNDS_CREDIT_NOTES",
    "SERVICE_REPORT_ENQUIRIES",
    "SURCHARGES",
    "INSURANCE_CUSTOMS",
    "DUNNING",
    "CARRIER_RELATED_CHARGES",
    "CUSTOMS",
    "ONBOARDING_FEE",
    "DOUBLE_CHARGES_TRANSFERS",
    "PAYMENT_METHODS",
    "SEPA",
    "PAYMENT_CONFIRMATIONS",
    "SPECIAL_REQUESTS",
    "MISCELLANEOUS_OTHER_ACCOUNTING",
    "SYSTEM_ERRORS",
    "SHOP_INTEGRATION",
    "ADDING_USERS",
    "CHANGES_IN_CONNECTOR_ACCOUNT",
    "API_KEY_ROTATION",
    "MISCELLANEOUS_OTHER_TECH_IT",
    "SALES_ENQUIRY",
    "TRANSPORT_ENQUIRY",
    "ACCOUNT_DETAILS_CHANGE",
    "MAPPING_BUNDLE_FULFILMENT_PLAN",
    "CONTACTED_SALES_INSTEAD_OF_SERVICE",
    "KEY_ACCOUNT",
    "MISCELLANEOUS_OTHER",
    "ONBOARDING_SELF_SIGNUP",
    "OTHER_ONBOARDING_ISSUES",
    "ARTICLE_WEIGHT_REPORT",
    "CARTONAGE_REPORT",
    "RETURNS_REPORT",
    "BUNDLE_REPORT",
)

# `000`'s category codes whose categories were merged into a near-duplicate (migration
# tickets/0013): still accepted, filed under and found as the category they merged into;
# an inquiry sent with one answers with it while it stays there.
CATEGORY_MERGED_INTO: dict[str, str] = {
    "ACCOUNT_DETAILS_CHANGE": "ACCOUNT_DETAILS_CHANGES",
    "MAPPING_BUNDLE_FULFILMENT_PLAN": "MAPPING_BUNDLES_FULFILMENT_PLANS",
    "KEY_ACCOUNT": "KEY_ACCOUNTS",
}

# `000`'s sub-category enum. Not a node of the tree: kept as sent in the ticket's metadata.
SUB_CATEGORIES: tuple[str, ...] = (
    "FULFILMENT_WAREHOUSE",
    "INSURANCE",
    "CUSTOMS",
    "LOST_ITEMS",
    "DAMAGES",
    "CARRIER_DISPUTES",
    "MISCELLANEOUS_OTHER",
    "SHIPPING_PRICES",
    "OTHER_CHARGES",
)

WITH_YOU = "WITH_YOU"
WITH_LOGSTA = "WITH_LOGSTA"
RESOLVED = "RESOLVED"
INQUIRY_STATUSES: tuple[str, ...] = (WITH_YOU, WITH_LOGSTA, RESOLVED)

# SPEC "One status workflow": the provider only tells whose turn it is, or that it is over.
STATUS_BY_CORE: dict[str, str] = {
    Status.OPEN: WITH_LOGSTA,
    Status.IN_PROGRESS: WITH_LOGSTA,
    Status.WAITING_ON_CUSTOMER: WITH_YOU,
    Status.RESOLVED: RESOLVED,
    Status.CANCELLED: RESOLVED,
}
CORE_STATUSES_BY_STATUS: dict[str, tuple[str, ...]] = {
    code: tuple(core for core, mapped in STATUS_BY_CORE.items() if mapped == code)
    for code in INQUIRY_STATUSES
}

LOGSTA = "LOGSTA"
CLIENT = "CLIENT"
RESOLVED_BY_VALUES: tuple[str, ...] = (LOGSTA, CLIENT)
# Who closed the case: the provider's side (support, or the system) or the client.
RESOLVED_BY_ROLE: dict[str, str] = {
    Role.AGENT: LOGSTA,
    Role.SYSTEM: LOGSTA,
    Role.CUSTOMER: CLIENT,
}

# A message's `category`. `000` names only RATING_MESSAGE; the others say who wrote a
# public message, and mark what only support sees (notes, the exchange with a vendor).
RATING_MESSAGE = "RATING_MESSAGE"
CLIENT_MESSAGE = "CLIENT_MESSAGE"
LOGSTA_MESSAGE = "LOGSTA_MESSAGE"
INTERNAL_NOTE = "INTERNAL_NOTE"
VENDOR_TRANSFER = "VENDOR_TRANSFER"
VENDOR_ANSWER = "VENDOR_ANSWER"
MESSAGE_CATEGORIES: dict[str, str] = {
    CLIENT_MESSAGE: "A message from the client (the inquiry's seller side).",
    LOGSTA_MESSAGE: "A public message from support.",
    RATING_MESSAGE: "The comment given with a rating.",
    INTERNAL_NOTE: "An internal note: shown to support only.",
    VENDOR_TRANSFER: "Support's note handing the inquiry to a vendor: support only.",
    VENDOR_ANSWER: "A vendor's answer to a transfer: support only.",
}
MESSAGE_CATEGORY_VALUES: tuple[str, ...] = tuple(MESSAGE_CATEGORIES)
MESSAGE_CATEGORY_BY_KIND: dict[str, str] = {
    MessageKind.RATING_COMMENT: RATING_MESSAGE,
    MessageKind.NOTE: INTERNAL_NOTE,
    MessageKind.TRANSFER: VENDOR_TRANSFER,
    MessageKind.VENDOR_ANSWER: VENDOR_ANSWER,
}
REPLY_CATEGORY_BY_ROLE: dict[str, str] = {
    Role.CUSTOMER: CLIENT_MESSAGE,
    Role.AGENT: LOGSTA_MESSAGE,
    Role.SYSTEM: LOGSTA_MESSAGE,
    Role.VENDOR: VENDOR_ANSWER,
}

# Where the dialect keeps, in Ticket.metadata / Message.metadata, what the client sent
# that has no core field.
METADATA_KEY = "customer_inquiry"


def message_category(*, kind: str, author_role: str) -> str:
    if kind in MESSAGE_CATEGORY_BY_KIND:
        return MESSAGE_CATEGORY_BY_KIND[kind]
    return REPLY_CATEGORY_BY_ROLE.get(author_role, LOGSTA_MESSAGE)
