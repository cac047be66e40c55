import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CATEGORY_MAX_DEPTH = 3


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_ON_CUSTOMER = "waiting_on_customer", _("Waiting on customer")
    RESOLVED = "resolved", _("Resolved")
    CANCELLED = "cancelled", _("Cancelled")


# Not resolved and not cancelled: the queue's default view.
UNFINISHED_STATUSES = (Status.OPEN, Status.IN_PROGRESS, Status.WAITING_ON_CUSTOMER)


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Role(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    AGENT = "agent", _("Agent")
    VENDOR = "vendor", _("Vendor")
    SYSTEM = "system", _("System")


class MessageKind(models.TextChoices):
    REPLY = "reply", _("Reply")
    NOTE = "note", _("Internal note")
    RATING_COMMENT = "rating_comment", _("Rating comment")
    VENDOR_ANSWER = "vendor_answer", _("Vendor answer")
    TRANSFER = "transfer", _("Transfer to vendor")


# The exchange between support and a vendor: only agents and that vendor see it.
VENDOR_EXCHANGE_KINDS = (MessageKind.TRANSFER, MessageKind.VENDOR_ANSWER)


class Channel(models.TextChoices):
    """How a ticket or message reached the helpdesk."""

    WEB = "web", _("Web or API")
    MAIL = "mail", _("Mail")


class TransferStatus(models.TextChoices):
    NONE = "none", _("Not transferred")
    ANSWER_REQUESTED = "answer_requested", _("Answer requested")
    ANSWERED = "answered", _("Answered")
    CONFIRM_REQUESTED = "confirm_requested", _("Confirmation requested")
    CONFIRMED = "confirmed", _("Confirmed")


class WaitingOn(models.TextChoices):
    """Whose move it is (tickets.workflow.waiting_on decides)."""

    SUPPORT = "support", _("Support")
    CUSTOMER = "customer", _("Customer")
    VENDOR = "vendor", _("Vendor")
    NOBODY = "nobody", _("Nobody (finished)")


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    STATUS_CHANGED = "status_changed", _("Status changed")
    ASSIGNED = "assigned", _("Assigned")
    PRIORITY_CHANGED = "priority_changed", _("Priority changed")
    CATEGORY_CHANGED = "category_changed", _("Category changed")
    TRANSFERRED = "transferred", _("Transferred to vendor")
    VENDOR_ANSWERED = "vendor_answered", _("Vendor answered")
    VENDOR_CONFIRMED = "vendor_confirmed", _("Vendor confirmed")
    RATED = "rated", _("Rated")
    TAGS_CHANGED = "tags_changed", _("Tags changed")
    MACRO_APPLIED = "macro_applied", _("Macro applied")
    MERGED = "merged", _("Merged")
    UNMERGED = "unmerged", _("Merge undone")
    SLA_BREACHED = "sla_breached", _("SLA target missed")


class Vendor(models.Model):
    code = models.CharField(max_length=20, unique=True, help_text=_("e.g. A00012345"))
    name = models.CharField(max_length=200, blank=True)
    access_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # HMAC needs the shared secret itself on the server side, so it is stored as issued.
    secret_key = models.CharField(max_length=128, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.code


class SellerAccount(models.Model):
    """A seller account of the fulfilment provider: its `id` is the contract's `sellerId`."""

    id = models.BigIntegerField(primary_key=True)
    name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.id} {self.name}".strip()


class User(AbstractUser):
    vendor = models.ForeignKey(
        Vendor, null=True, blank=True, on_delete=models.SET_NULL, related_name="users"
    )
    seller_accounts = models.ManyToManyField(SellerAccount, blank=True, related_name="members")
    # When the user proved they read mail at `email` (a confirmation link); a changed
    # address takes effect only once confirmed.
    email_confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["id"],
                condition=Q(is_staff=True) | Q(is_superuser=True),
                name="user_staff_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.username


class CategoryChannel(models.TextChoices):
    """Whose categories a top-level node heads: the storefront's buyers or the fulfilment
    provider's sellers. Pickers group the top level by it."""

    STOREFRONT = "storefront", _("Storefront")
    FULFILMENT = "fulfilment", _("Fulfilment (3PL)")


class Category(models.Model):
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(max_length=120)
    code = models.CharField(max_length=64, help_text=_("Stable identifier used by the APIs."))
    depth = models.PositiveSmallIntegerField(default=1, editable=False)
    sort_order = models.IntegerField(default=0)
    # Read on top-level nodes only: a sub-category belongs to its top level's channel.
    channel = models.CharField(
        max_length=16,
        choices=CategoryChannel.choices,
        blank=True,
        help_text=_("Top-level categories: whose tickets they file. Pickers group by it."),
    )
    is_active = models.BooleanField(default=True)
    is_deleted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    modified_at = models.DateTimeField(auto_now=True)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "code"], name="category_code_unique_among_siblings"
            ),
            models.UniqueConstraint(
                fields=["code"], condition=Q(parent__isnull=True), name="category_root_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(depth__gte=1, depth__lte=CATEGORY_MAX_DEPTH),
                name="category_depth_1_to_3",
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, depth=1) | Q(parent__isnull=False, depth__gt=1),
                name="category_root_has_depth_1",
            ),
        ]
        indexes = [
            models.Index(fields=["parent", "sort_order", "name"], name="category_tree_idx"),
            models.Index(fields=["is_active", "is_deleted"], name="category_active_idx"),
        ]

    def __str__(self) -> str:
        return self.path

    def save(self, *args, **kwargs) -> None:
        # depth mirrors the parent so the database can hold the three-level limit.
        self.depth = 1 if self.parent_id is None else self.parent.depth + 1
        super().save(*args, **kwargs)

    @property
    def path(self) -> str:
        names = []
        node: Category | None = self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return " / ".join(reversed(names))


class Ticket(models.Model):
    # NULL only inside the creating transaction, until the primary key is known.
    case_number = models.CharField(  # noqa: DJ001
        max_length=32, unique=True, null=True, editable=False
    )
    subject = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.OPEN)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.PROTECT, related_name="tickets"
    )
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tickets"
    )
    seller_account = models.ForeignKey(
        SellerAccount, null=True, blank=True, on_delete=models.PROTECT, related_name="tickets"
    )
    warehouse_id = models.BigIntegerField(null=True, blank=True)
    order_id = models.CharField(max_length=64, blank=True)
    item_id = models.CharField(max_length=64, blank=True)
    item_name = models.CharField(max_length=255, blank=True)
    vendor = models.ForeignKey(
        Vendor, null=True, blank=True, on_delete=models.PROTECT, related_name="tickets"
    )
    transfer_status = models.CharField(
        max_length=20, choices=TransferStatus.choices, default=TransferStatus.NONE
    )
    transferred_at = models.DateTimeField(null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_tickets",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    metadata = models.JSONField(default=dict, blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.WEB)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The last message or event by anyone (the services' save_ticket keeps it).
    last_activity_at = models.DateTimeField(auto_now_add=True)
    # Whose move it is and since when, kept in step with the status and the transfer by
    # the services (workflow.waiting_on decides; stored so the queue filters and sorts).
    waiting_on = models.CharField(
        max_length=10, choices=WaitingOn.choices, default=WaitingOn.SUPPORT
    )
    waiting_since = models.DateTimeField(default=timezone.now)
    # What the assignee has not seen yet: set by a customer's reply or a vendor's answer
    # (or confirmation), cleared when the assignee opens the ticket or writes on it.
    has_unread_customer_reply = models.BooleanField(default=False)
    has_unread_vendor_answer = models.BooleanField(default=False)
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_by_role = models.CharField(max_length=10, choices=Role.choices, blank=True)
    current_rating = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    # Kept by a PostgreSQL trigger from subject and description (migration 0003); unused
    # and empty on SQLite, where search falls back to substring matching.
    search_document = SearchVectorField(null=True, editable=False)
    # A duplicate merged into another ticket of the same customer: it is cancelled, its
    # thread moved to the target; set back to NULL when the merge is undone.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_tickets",
        db_index=False,
    )
    merged_at = models.DateTimeField(null=True, blank=True)
    # The SLA clock (tickets/sla/clock.py keeps these). Due times are business deadlines
    # as of the last change; while the clock is stopped `sla_due_at` is empty and the
    # stopped business time adds up in `sla_paused_seconds`.
    sla_policy = models.ForeignKey(
        "sla.SlaPolicy", null=True, blank=True, on_delete=models.PROTECT, related_name="tickets"
    )
    sla_first_response_due_at = models.DateTimeField(null=True, blank=True)
    sla_resolution_due_at = models.DateTimeField(null=True, blank=True)
    sla_due_at = models.DateTimeField(
        null=True, blank=True, help_text=_("The next deadline while the clock runs.")
    )
    sla_at_risk_at = models.DateTimeField(null=True, blank=True)
    sla_paused_since = models.DateTimeField(null=True, blank=True)
    sla_paused_seconds = models.PositiveIntegerField(default=0)
    sla_first_response_breached_at = models.DateTimeField(null=True, blank=True)
    sla_resolution_breached_at = models.DateTimeField(null=True, blank=True)
    # When the periodic check must next look at the ticket (a warning or a breach).
    sla_alert_at = models.DateTimeField(null=True, blank=True)
    sla_warned_due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(status=Status.CANCELLED),
                name="ticket_merged_is_cancelled",
            ),
            models.CheckConstraint(
                condition=Q(current_rating__isnull=True)
                | Q(current_rating__gte=1, current_rating__lte=5),
                name="ticket_current_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(vendor__isnull=False) | Q(transfer_status=TransferStatus.NONE),
                name="ticket_transfer_needs_vendor",
            ),
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="ticket_created_idx"),
            models.Index(fields=["-updated_at", "-id"], name="ticket_updated_idx"),
            models.Index(fields=["-last_activity_at", "-id"], name="ticket_activity_idx"),
            models.Index(fields=["waiting_on", "waiting_since", "id"], name="ticket_waiting_idx"),
            models.Index(fields=["waiting_since", "id"], name="ticket_waiting_since_idx"),
            # The queue's default view is what is not finished: newest first or longest
            # waiting first.
            models.Index(
                fields=["-created_at", "-id"],
                condition=Q(status__in=UNFINISHED_STATUSES),
                name="ticket_unfinished_idx",
            ),
            models.Index(
                fields=["waiting_since", "id"],
                condition=Q(status__in=UNFINISHED_STATUSES),
                name="ticket_unfinished_wait_idx",
            ),
            models.Index(
                fields=["-last_activity_at", "-id"],
                condition=Q(has_unread_customer_reply=True) | Q(has_unread_vendor_answer=True),
                name="ticket_unread_idx",
            ),
            models.Index(fields=["status", "-created_at"], name="ticket_status_idx"),
            models.Index(
                fields=["status", "priority", "-created_at"], name="ticket_status_priority_idx"
            ),
            models.Index(fields=["priority", "-created_at"], name="ticket_priority_idx"),
            models.Index(fields=["category", "-created_at"], name="ticket_category_idx"),
            models.Index(fields=["customer", "-created_at"], name="ticket_customer_idx"),
            models.Index(fields=["seller_account", "-created_at"], name="ticket_seller_idx"),
            models.Index(fields=["assignee", "-created_at"], name="ticket_assignee_idx"),
            models.Index(fields=["vendor", "transfer_status"], name="ticket_vendor_idx"),
            models.Index(fields=["vendor", "transferred_at"], name="ticket_vendor_time_idx"),
            models.Index(fields=["order_id"], name="ticket_order_idx"),
            models.Index(fields=["item_id"], name="ticket_item_idx"),
            models.Index(fields=["warehouse_id"], name="ticket_warehouse_idx"),
            models.Index(fields=["sla_due_at", "id"], name="ticket_sla_due_idx"),
            models.Index(
                fields=["sla_alert_at"],
                condition=Q(sla_alert_at__isnull=False),
                name="ticket_sla_alert_idx",
            ),
            models.Index(
                fields=["merged_into"],
                condition=Q(merged_into__isnull=False),
                name="ticket_merged_idx",
            ),
            models.Index(
                fields=["created_at"], condition=Q(channel="mail"), name="ticket_by_mail_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_number or 'new'}: {self.subject}"


def merged_from_field() -> models.ForeignKey:
    """The ticket a row was written on before a merge moved it (NULL: written here).

    Not indexed: it is looked up only together with the ticket, whose index serves it.
    """
    return models.ForeignKey(
        Ticket,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )


_exchange_kinds = [kind.value for kind in VENDOR_EXCHANGE_KINDS]


class Message(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    author_role = models.CharField(max_length=10, choices=Role.choices)
    kind = models.CharField(max_length=20, choices=MessageKind.choices, default=MessageKind.REPLY)
    body = models.TextField()
    is_internal = models.BooleanField(default=False)
    # The vendor whose exchange a transfer note or vendor answer belongs to: a ticket may
    # be transferred to several vendors in turn, and each sees only its own exchange.
    vendor = models.ForeignKey(
        Vendor, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    metadata = models.JSONField(default=dict, blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.WEB)
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept by a PostgreSQL trigger from the body (migration 0003); empty on SQLite.
    search_document = SearchVectorField(null=True, editable=False)
    merged_from = merged_from_field()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(is_internal=False) | Q(author_role__in=[Role.AGENT, Role.SYSTEM]),
                name="message_internal_only_by_agents",
            ),
            models.CheckConstraint(
                condition=Q(author_role__in=[r.value for r in Role]),
                name="message_author_role_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=_exchange_kinds, vendor__isnull=False)
                | (~Q(kind__in=_exchange_kinds) & Q(vendor__isnull=True)),
                name="message_vendor_exchange_names_vendor",
            ),
        ]
        indexes = [
            models.Index(fields=["ticket", "created_at", "id"], name="message_thread_idx"),
            models.Index(
                fields=["created_at"], condition=Q(channel="mail"), name="message_by_mail_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.author_role} on ticket {self.ticket_id}"


def attachment_upload_to(instance: "Attachment", filename: str) -> str:
    # The stored name is the uuid alone: the user's file name never reaches the filesystem.
    return f"attachments/{instance.uuid.hex[:2]}/{instance.uuid.hex}"


class Attachment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="uploads"
    )
    file = models.FileField(upload_to=attachment_upload_to, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["message"], name="attachment_message_idx"),
            models.Index(
                fields=["created_at"],
                condition=Q(message__isnull=True),
                name="attachment_unreferenced_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class Rating(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="ratings")
    score = models.DecimalField(max_digits=3, decimal_places=2)
    comment = models.TextField(blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ratings"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    merged_from = merged_from_field()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["ticket", "-created_at"], name="rating_latest_idx")]

    def __str__(self) -> str:
        return f"{self.score} on ticket {self.ticket_id}"


class TicketEvent(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    from_value = models.CharField(max_length=255, blank=True)
    to_value = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    merged_from = merged_from_field()

    class Meta:
        indexes = [
            models.Index(fields=["ticket", "created_at", "id"], name="event_thread_idx"),
            models.Index(fields=["kind", "created_at"], name="event_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on ticket {self.ticket_id}"
