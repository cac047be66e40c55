from django.contrib import admin

from tickets.admin import ReadOnlyAdminMixin

from .models import InboundMail, Notification, NotificationFanOut


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The outbox: what was mailed to whom, and how each delivery went."""

    list_display = ("created_at", "event", "address", "ticket", "status", "attempts", "sent_at")
    list_filter = ("status", "event")
    search_fields = ("address", "ticket__case_number", "recipient__username")
    list_select_related = ("ticket",)
    ordering = ("-created_at", "-id")


@admin.register(NotificationFanOut)
class NotificationFanOutAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Alerts for every agent, each turned into the agents' rows by a worker."""

    list_display = ("created_at", "event", "ticket", "expanded_at")
    list_filter = ("event",)
    search_fields = ("ticket__case_number",)
    list_select_related = ("ticket",)
    ordering = ("-created_at", "-id")


@admin.register(InboundMail)
class InboundMailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Mail that came in, and why a refused one was refused."""

    list_display = ("received_at", "sender", "recipient", "subject", "outcome", "reason", "ticket")
    list_filter = ("outcome",)
    search_fields = ("sender", "subject", "mail_id", "ticket__case_number")
    list_select_related = ("ticket",)
    ordering = ("-received_at", "-id")
