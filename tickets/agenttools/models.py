"""Tags, macros and saved queue views: what agents build to get through a queue faster."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tickets.models import Category, Priority, Status, Ticket

TAG_MAX_LENGTH = 50


class Tag(models.Model):
    """A free label; its name is stored normalised (lower case, no spaces) and unique."""

    name = models.CharField(max_length=TAG_MAX_LENGTH, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    def __str__(self) -> str:
        return self.name


class TicketTag(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="ticket_tags")
    tag = models.ForeignKey(Tag, on_delete=models.PROTECT, related_name="ticket_tags")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ticket", "tag"], name="ticket_tag_unique"),
        ]
        # The queue filtered by a tag starts from the tag's tickets.
        indexes = [models.Index(fields=["tag", "ticket"], name="ticket_tag_by_tag_idx")]

    def __str__(self) -> str:
        return f"{self.tag_id} on ticket {self.ticket_id}"


class Macro(models.Model):
    """A canned reply with placeholders that may also set fields and tags in one act.

    Personal macros (`is_shared` false) are seen and used by their owner alone; shared ones
    by every agent, and changed by their owner or an admin.
    """

    name = models.CharField(max_length=120)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="macros"
    )
    is_shared = models.BooleanField(default=False)
    body = models.TextField(blank=True, help_text=_("Placeholders such as {{ customer_name }}."))
    is_internal = models.BooleanField(
        default=False, help_text=_("Post the text as an internal note instead of a reply.")
    )
    set_status = models.CharField(max_length=24, choices=Status.choices, blank=True)
    set_priority = models.CharField(max_length=10, choices=Priority.choices, blank=True)
    set_category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    add_tags = models.JSONField(default=list, blank=True)
    remove_tags = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="macro_name_not_empty",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "name"], name="macro_owner_idx"),
            models.Index(fields=["name"], condition=Q(is_shared=True), name="macro_shared_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class SavedView(models.Model):
    """A named queue: the queue page's query string (filters and sort), personal or shared."""

    name = models.CharField(max_length=80)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    is_shared = models.BooleanField(default=False)
    query = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_view_name_per_owner"),
        ]
        indexes = [
            models.Index(
                fields=["name"], condition=Q(is_shared=True), name="saved_view_shared_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.name
