"""Which mails a user gets: every kind meant for their role, less what they turned off."""

from collections.abc import Iterable

from tickets import permissions
from tickets.errors import InvalidInputError
from tickets.models import User
from tickets.permissions import UserRole
from tickets.services import use_case

from .models import NotificationEvent, NotificationOptOut

AGENT_EVENTS = (
    NotificationEvent.CUSTOMER_REPLY,
    NotificationEvent.NEW_TICKET,
    NotificationEvent.VENDOR_ANSWERED,
    NotificationEvent.SLA_AT_RISK,
)
EVENTS_BY_ROLE: dict[UserRole, tuple[NotificationEvent, ...]] = {
    UserRole.CUSTOMER: (
        NotificationEvent.TICKET_OPENED,
        NotificationEvent.PUBLIC_REPLY,
        NotificationEvent.RESOLVED,
    ),
    UserRole.AGENT: AGENT_EVENTS,
    UserRole.ADMIN: AGENT_EVENTS,
    UserRole.VENDOR: (NotificationEvent.TRANSFERRED,),
}


def events_for(user: User) -> tuple[NotificationEvent, ...]:
    return EVENTS_BY_ROLE.get(permissions.role_of(user), ())


def enabled_events_of(user: User) -> set[str]:
    opted_out = set(user.notification_opt_outs.values_list("event", flat=True))
    return {event.value for event in events_for(user) if event.value not in opted_out}


@use_case
def notification_preferences_set(*, user: User, enabled: Iterable[str]) -> set[str]:
    """Turn on exactly the `enabled` kinds of the user's role and off the rest.

    Raises InvalidInputError (field `events`) for a kind that is not the role's."""
    enabled = set(enabled)
    offered = {event.value for event in events_for(user)}
    unknown = enabled - offered
    if unknown:
        raise InvalidInputError("events", f"'{sorted(unknown)[0]}' is not a mail you can get.")
    NotificationOptOut.objects.filter(user=user).exclude(event__in=offered - enabled).delete()
    existing = set(user.notification_opt_outs.values_list("event", flat=True))
    NotificationOptOut.objects.bulk_create(
        NotificationOptOut(user=user, event=event) for event in offered - enabled - existing
    )
    return enabled
