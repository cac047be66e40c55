"""The outbox of mail notifications, who opted out of what, and the mail that came in."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tickets.models import Message, Ticket


class NotificationEvent(models.TextChoices):
    TICKET_OPENED = "ticket_opened", _("Your ticket was opened")
    PUBLIC_REPLY = "public_reply", _("Support replied to your ticket")
    RESOLVED = "resolved", _("Your ticket was resolved")
    CUSTOMER_REPLY = "customer_reply", _("A customer replied to a ticket assigned to you")
    NEW_TICKET = "new_ticket", _("A new ticket is waiting for an assignee")
    TRANSFERRED = "transferred", _("A ticket was transferred to your vendor")
    VENDOR_ANSWERED = "vendor_answered", _("A vendor answered a ticket assigned to you")
    SLA_AT_RISK = "sla_at_risk", _("A ticket assigned to you is about to miss its SLA")
    ADDRESS_CONFIRMATION = "address_confirmation", _("Confirm your mail address")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Delivered")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """One mail to one person, written in the same transaction as the change it tells of.

    The row is the unit of delivery: a worker sends it at most once (it locks the row and
    checks it is still pending), and the sweep finds any row whose hand-over was lost.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ticket = models.ForeignKey(
        Ticket, null=True, blank=True, on_delete=models.PROTECT, related_name="notifications"
    )
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    event = models.CharField(max_length=24, choices=NotificationEvent.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    address = models.EmailField(help_text=_("Where the mail goes, as known when it was queued."))
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField()
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=DeliveryStatus.SENT) | Q(sent_at__isnull=False),
                name="notification_sent_has_time",
            ),
            models.CheckConstraint(
                condition=Q(ticket__isnull=False) | Q(event="address_confirmation"),
                name="notification_ticket_unless_account_mail",
            ),
        ]
        indexes = [
            models.Index(fields=["ticket", "created_at", "id"], name="notification_ticket_idx"),
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status=DeliveryStatus.PENDING),
                name="notification_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} to {self.address} ({self.status})"


class NotificationFanOut(models.Model):
    """One alert for every agent (a new ticket waits for an assignee), written in the same
    transaction as the change; a worker turns it into one Notification per agent.

    Writing a row per agent inside the request cost more than the rest of opening a ticket
    (50 agents, 50 rows). The job is durable like a row: a worker expands it once (it locks
    the job and checks it is not expanded yet), and the sweep expands any job whose
    hand-over was lost. Who gets the alert (active agents with an address, their opt-outs
    honoured, less the person who acted) is decided when the job is expanded.
    """

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="+")
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    event = models.CharField(max_length=24, choices=NotificationEvent.choices)
    excluded_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who acted, and so is not told of it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField()
    expanded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(expanded_at__isnull=True),
                name="notification_fan_out_due_idx",
            ),
        ]

    def __str__(self) -> str:
        state = "expanded" if self.expanded_at else "pending"
        return f"{self.get_event_display()} to every agent ({state})"


class NotificationOptOut(models.Model):
    """A kind of mail the user turned off."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_opt_outs"
    )
    event = models.CharField(max_length=24, choices=NotificationEvent.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="opt_out_once_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.user} opted out of {self.event}"


class InboundOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class InboundMail(models.Model):
    """What became of a mail that came in: the ticket or reply it made, or why it was
    refused. Its Message-ID keeps a mail fetched twice from becoming two replies."""

    mail_id = models.CharField(max_length=255, blank=True, help_text=_("The Message-ID header."))
    sender = models.CharField(max_length=254)
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=255, blank=True)
    outcome = models.CharField(max_length=10, choices=InboundOutcome.choices)
    reason = models.CharField(max_length=255, blank=True)
    ticket = models.ForeignKey(
        Ticket, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["mail_id"],
                condition=Q(outcome="accepted"),
                name="inbound_accepted_id_idx",
            ),
            models.Index(fields=["-received_at"], name="inbound_received_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.outcome}: {self.sender} -> {self.recipient}"
