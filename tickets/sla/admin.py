from django.contrib import admin
from django.http import HttpRequest

from .models import BusinessHours, SlaHoliday, SlaPolicy, SlaTarget


class SlaTargetInline(admin.TabularInline):
    model = SlaTarget
    extra = 0
    min_num = 1


class BusinessHoursInline(admin.TabularInline):
    model = BusinessHours
    extra = 0
    verbose_name_plural = "business hours (none: around the clock)"


class SlaHolidayInline(admin.TabularInline):
    model = SlaHoliday
    extra = 0
    verbose_name_plural = "extra days off (on top of the country's public holidays)"


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "is_active",
        "category",
        "seller_account",
        "vendor",
        "time_zone",
        "holiday_country",
    )
    list_filter = ("is_active", "holiday_country")
    search_fields = ("name",)
    list_select_related = ("category", "category__parent", "seller_account", "vendor")
    autocomplete_fields = ("category", "seller_account", "vendor")
    inlines = (SlaTargetInline, BusinessHoursInline, SlaHolidayInline)
    fieldsets = (
        (None, {"fields": ("name", "is_active", "at_risk_minutes")}),
        (
            "Which tickets",
            {
                "description": "Leave all empty for every ticket. The most specific active "
                "policy with a target for the ticket's priority applies: vendor, then "
                "seller account, then the deepest category.",
                "fields": ("category", "seller_account", "vendor"),
            },
        ),
        ("Calendar", {"fields": ("time_zone", "holiday_country", "holiday_region")}),
    )

    def has_delete_permission(self, request: HttpRequest, obj: SlaPolicy | None = None) -> bool:
        # A policy tickets have counted by stays (they keep their deadlines); deactivate it
        # instead. Deleting one no ticket used is fine.
        return (
            obj is not None
            and super().has_delete_permission(request, obj)
            and not obj.tickets.exists()
        )
