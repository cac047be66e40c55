"""The active SLA policies, ready to count, read once per change instead of once per act.

Choosing a ticket's policy (and finding its current one again) read the policies with
their targets, business hours and holidays on every create and reply: four queries, and a
public-holiday calendar built anew each time. The policies are few and change rarely, so
each process keeps them, built, with the version they were read at; the version lives in
the shared cache, and any save or delete of a policy, target, business hours or holiday
replaces it after its commit, so every host reads them again on its next act.

A transaction that changed a policy reads them from the database until it ends (what it
changed is not committed yet, and must not be kept for others if it rolls back).
"""

import threading
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.core.signals import request_finished
from django.db import transaction
from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save

from .calendar import BusinessCalendar
from .models import BusinessHours, SlaHoliday, SlaPolicy, SlaTarget

VERSION_KEY = "sla:policies:version"
# Without a working cache every act reads them: stale policies are worse than slow ones.
UNCACHED = "uncached"


@dataclass(frozen=True)
class ActivePolicies:
    # Active policies with their category (for its depth), targets, business hours and
    # explicit holidays (`extra_holidays`) fetched.
    policies: tuple[SlaPolicy, ...]
    calendars: dict[int, BusinessCalendar]

    def get(self, policy_id: int | None) -> SlaPolicy | None:
        return next((p for p in self.policies if p.pk == policy_id), None)


_held: tuple[str, ActivePolicies] | None = None
# Set while this thread's transaction has changed a policy: read them fresh until it ends.
_changing = threading.local()


def _read() -> ActivePolicies:
    policies = tuple(
        SlaPolicy.objects.filter(is_active=True)
        .select_related("category")
        .prefetch_related(
            "business_hours", "targets", Prefetch("holidays", to_attr="extra_holidays")
        )
        .order_by("pk")
    )
    calendars = {
        policy.pk: policy.calendar(frozenset(holiday.day for holiday in policy.extra_holidays))
        for policy in policies
    }
    return ActivePolicies(policies=policies, calendars=calendars)


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        # Another process may have added its own first: everyone uses the stored one.
        version = cache.get(VERSION_KEY) or UNCACHED
    return version


def active_policies() -> ActivePolicies:
    """The active policies; one cache read when none changed."""
    global _held
    if getattr(_changing, "active", False):
        return _read()
    version = _version()
    held = _held
    if held is not None and held[0] == version and version != UNCACHED:
        return held[1]
    built = _read()
    _held = (version, built)
    return built


def _committed() -> None:
    _changing.active = False
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def policies_changed() -> None:
    """Call after changing policies in a way signals do not see (a queryset update)."""
    _changing.active = True
    transaction.on_commit(_committed)


def _on_change(sender, **kwargs) -> None:
    policies_changed()


def _request_finished(**kwargs) -> None:
    # A rolled-back change commits nothing: its request is over, read them as committed.
    _changing.active = False


def connect_signals() -> None:
    for model in (SlaPolicy, SlaTarget, BusinessHours, SlaHoliday):
        uid = f"sla-policies-{model.__name__}"
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}-delete")
    request_finished.connect(_request_finished, dispatch_uid="sla-policies-request-finished")
