from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import permissions
from .models import (
    CATEGORY_MAX_DEPTH,
    Attachment,
    Category,
    Message,
    Rating,
    SellerAccount,
    Ticket,
    TicketEvent,
    User,
    Vendor,
)
from .pickers import pickers_changed
from .services.vendors import vendor_issue_keys


class ReadOnlyAdminMixin:
    """The thread, ratings and events are append-only records: admin shows, never edits."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = (
        "path_display",
        "code",
        "channel",
        "depth",
        "sort_order",
        "is_active",
        "is_deleted",
    )
    list_display_links = ("path_display",)
    list_editable = ("sort_order", "is_active")
    list_filter = ("channel", "is_active", "is_deleted", "depth")
    search_fields = ("name", "code", "parent__name")
    ordering = ("depth", "parent__name", "sort_order", "name")
    list_select_related = ("parent", "parent__parent")
    readonly_fields = ("depth", "created_at", "created_by", "modified_at", "modified_by")
    fields = (
        "parent",
        "name",
        "code",
        "channel",
        "sort_order",
        "is_active",
        "is_deleted",
        "depth",
        "created_at",
        "created_by",
        "modified_at",
        "modified_by",
    )
    actions = ("soft_delete", "restore")

    @admin.display(description=_("category"), ordering="name")
    def path_display(self, obj: Category) -> str:
        return obj.path

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Category.objects.filter(
                depth__lt=CATEGORY_MAX_DEPTH, is_deleted=False
            ).select_related("parent", "parent__parent")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Category, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        obj.modified_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj: Category | None = None) -> bool:
        # A category that tickets or other categories use is soft-deleted, never removed.
        if obj is not None and (obj.tickets.exists() or obj.children.exists()):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Soft-delete the selected categories"))
    def soft_delete(self, request: HttpRequest, queryset: QuerySet[Category]) -> None:
        count = queryset.update(
            is_deleted=True, is_active=False, modified_by=request.user, modified_at=timezone.now()
        )
        pickers_changed()
        self.message_user(request, _("%d categories deleted.") % count, messages.SUCCESS)

    @admin.action(description=_("Restore the selected categories"))
    def restore(self, request: HttpRequest, queryset: QuerySet[Category]) -> None:
        count = queryset.update(
            is_deleted=False, is_active=True, modified_by=request.user, modified_at=timezone.now()
        )
        pickers_changed()
        self.message_user(request, _("%d categories restored.") % count, messages.SUCCESS)


class MessageInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Message
    fk_name = "ticket"
    extra = 0
    fields = ("created_at", "author", "author_role", "kind", "vendor", "is_internal", "body")
    readonly_fields = fields
    ordering = ("created_at", "id")


class EventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = TicketEvent
    fk_name = "ticket"
    extra = 0
    fields = ("created_at", "actor", "kind", "from_value", "to_value")
    readonly_fields = fields
    ordering = ("created_at", "id")


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Tickets change only through the workflow (dashboard and API); admin reads them."""

    list_display = (
        "case_number",
        "subject",
        "status",
        "priority",
        "category",
        "customer",
        "assignee",
        "vendor",
        "created_at",
    )
    list_filter = ("status", "priority", "transfer_status", "created_at")
    search_fields = ("case_number", "subject", "order_id", "customer__username")
    list_select_related = ("category", "category__parent", "customer", "assignee", "vendor")
    ordering = ("-created_at", "-id")
    inlines = (MessageInline, EventInline)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return permissions.is_agent(request.user)


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("ticket", "score", "rated_by", "created_at")
    list_select_related = ("ticket", "rated_by")
    ordering = ("-created_at",)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return permissions.is_agent(request.user)


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("original_name", "content_type", "size", "uploaded_by", "created_at")
    list_select_related = ("uploaded_by",)
    exclude = ("file",)
    ordering = ("-created_at",)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return permissions.is_agent(request.user)


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "access_key", "created_at")
    search_fields = ("code", "name")
    readonly_fields = ("access_key", "secret_key", "created_at")
    actions = ("issue_keys",)
    ordering = ("code",)

    @admin.action(description=_("Issue new API keys (the old ones stop working)"))
    def issue_keys(self, request: HttpRequest, queryset: QuerySet[Vendor]) -> None:
        for vendor in queryset:
            vendor = vendor_issue_keys(vendor=vendor)
            self.message_user(
                request,
                f"{vendor.code}: access key {vendor.access_key}, secret key {vendor.secret_key}",
                messages.WARNING,
            )


@admin.register(SellerAccount)
class SellerAccountAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "created_at")
    search_fields = ("id", "name")
    ordering = ("id",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "role", "vendor", "is_active")
    list_select_related = ("vendor",)
    list_filter = ("is_staff", "is_superuser", "groups", "vendor")
    filter_horizontal = ("groups", "user_permissions", "seller_accounts")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Helpdesk"), {"fields": ("vendor", "seller_accounts")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("role"))
    def role(self, obj: User) -> str:
        return permissions.role_of(obj)
