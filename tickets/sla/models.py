"""SLA policies: targets per priority, the business hours and holidays they count in."""

from datetime import date
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

import holidays
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tickets.models import Category, Priority, SellerAccount, Vendor

from .calendar import END_OF_DAY, BusinessCalendar


def validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(_("'%(zone)s' is not a time zone name."), params={"zone": value})


def validate_country(value: str) -> None:
    if value and value.upper() not in holidays.list_supported_countries():
        raise ValidationError(
            _("'%(code)s' has no holiday calendar (use a code like KR or DE)."),
            params={"code": value},
        )


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


@lru_cache(maxsize=64)
def public_holidays_of(country: str, region: str | None) -> holidays.HolidayBase:
    """One holiday table per country and region for the process: building one (and each
    year it fills in when asked) costs more than the rest of an SLA clock update."""
    return holidays.country_holidays(country, subdiv=region)


class SlaPolicy(models.Model):
    """Which tickets a policy covers and the calendar its clock counts in.

    A ticket gets the most specific active policy that has a target for its priority: a
    vendor policy before a seller-account one, before a category one (a deeper category
    first), before a general one.
    """

    name = models.CharField(max_length=120, unique=True)
    is_active = models.BooleanField(default=True)
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Only tickets in this category or one of its sub-categories."),
    )
    seller_account = models.ForeignKey(
        SellerAccount, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    vendor = models.ForeignKey(
        Vendor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Only tickets transferred to this vendor."),
    )
    time_zone = models.CharField(
        max_length=64, default="UTC", validators=[validate_time_zone], help_text="e.g. Asia/Seoul"
    )
    holiday_country = models.CharField(
        max_length=3,
        blank=True,
        validators=[validate_country],
        help_text=_("Public holidays of this country stop the clock (ISO code, e.g. KR)."),
    )
    holiday_region = models.CharField(
        max_length=10, blank=True, help_text=_("A state or region of the country, e.g. BY.")
    )
    at_risk_minutes = models.PositiveIntegerField(
        default=60,
        help_text=_(
            "Business minutes before a deadline when the ticket counts as at risk "
            "and its assignee is warned."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "SLA policy"
        verbose_name_plural = "SLA policies"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.holiday_region and not self.holiday_country:
            raise ValidationError({"holiday_region": _("Choose the country first.")})
        if self.holiday_country:
            self.holiday_country = self.holiday_country.upper()
            try:
                holidays.country_holidays(self.holiday_country, subdiv=self.holiday_region or None)
            except NotImplementedError:
                raise ValidationError(
                    {"holiday_region": _("This country has no such region.")}
                ) from None

    @property
    def public_holidays(self) -> holidays.HolidayBase | None:
        if not self.holiday_country:
            return None
        return public_holidays_of(self.holiday_country, self.holiday_region or None)

    def calendar(self, extra_holidays: frozenset[date] = frozenset()) -> BusinessCalendar:
        """The business calendar of this policy; the caller passes its explicit holiday
        dates and business hours must be prefetched (`business_hours`)."""
        hours: dict[int, list] = {}
        for interval in self.business_hours.all():
            hours.setdefault(interval.weekday, []).append((interval.opens_at, interval.closes_at))
        public = self.public_holidays

        def is_holiday(day: date) -> bool:
            return day in extra_holidays or (public is not None and day in public)

        return BusinessCalendar(zone=ZoneInfo(self.time_zone), hours=hours, is_holiday=is_holiday)


class SlaTarget(models.Model):
    """The business time a policy allows for the first response and the resolution of a
    ticket of one priority. Either may be left empty: no target of that kind."""

    policy = models.ForeignKey(SlaPolicy, on_delete=models.CASCADE, related_name="targets")
    priority = models.CharField(max_length=10, choices=Priority.choices)
    first_response_minutes = models.PositiveIntegerField(null=True, blank=True)
    resolution_minutes = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["policy", "priority"], name="sla_target_per_priority"),
            models.CheckConstraint(
                condition=Q(first_response_minutes__isnull=False)
                | Q(resolution_minutes__isnull=False),
                name="sla_target_has_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy}: {self.get_priority_display()}"


class BusinessHours(models.Model):
    """One opening interval of a weekday; several a day leave gaps (a lunch break). A
    policy without any counts around the clock."""

    policy = models.ForeignKey(SlaPolicy, on_delete=models.CASCADE, related_name="business_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens_at = models.TimeField()
    closes_at = models.TimeField(help_text=_("00:00 means midnight at the end of the day."))

    class Meta:
        verbose_name_plural = "business hours"
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")) | Q(closes_at=END_OF_DAY),
                name="sla_hours_close_after_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"


class SlaHoliday(models.Model):
    """A day off on top of the country's calendar (a company day, a local festival)."""

    policy = models.ForeignKey(SlaPolicy, on_delete=models.CASCADE, related_name="holidays")
    day = models.DateField()
    name = models.CharField(max_length=120, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["policy", "day"], name="sla_holiday_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.name}".strip()
