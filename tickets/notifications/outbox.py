"""Writing the outbox: services call these inside their transaction, one call per act.

Each call decides who hears of the change (their opt-outs honoured), writes one pending
row per person with the change itself, and hands the rows to Celery once the transaction
commits. A rolled-back change leaves no row and queues nothing; a committed one is sent
by a worker, or by the sweep if the hand-over was lost (Redis down, a crash).

An alert for every agent is one fan-out job instead (`NotificationFanOut`): the worker
writes the agents' rows, so a request never writes one row per agent.
"""

import contextlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError
from kombu.pools import ProducerPool

from tickets import selectors
from tickets.models import Message, Role, Status, Ticket, User

from .broker import transport_for
from .models import (
    DeliveryStatus,
    Notification,
    NotificationEvent,
    NotificationFanOut,
    NotificationOptOut,
)

logger = logging.getLogger(__name__)

# How long a handed-over row may wait in the queue before the sweep hands it over again.
HANDOVER_GRACE = timedelta(minutes=5)

_muted: ContextVar[bool] = ContextVar("notifications_muted", default=False)


@contextlib.contextmanager
def muted() -> Iterator[None]:
    """Write no notifications inside the block: for loading data, not for people's acts."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def ticket_opened(*, ticket: Ticket, actor: User, message: Message) -> None:
    """The customer gets an acknowledgement; agents hear of it while nobody is assigned
    (through a fan-out job the worker expands)."""
    if _muted.get():
        return
    # One moment for both, so the sweep finds the job due with the acknowledgement.
    due = timezone.now() + HANDOVER_GRACE
    rows = _write(NotificationEvent.TICKET_OPENED, ticket, message, [ticket.customer], due=due)
    fan_outs = []
    if settings.HELPDESK_NOTIFY_AGENTS_ON_NEW_TICKET and ticket.assignee_id is None:
        job = NotificationFanOut.objects.create(
            ticket=ticket,
            message=message,
            event=NotificationEvent.NEW_TICKET,
            excluded_user=actor,
            next_attempt_at=due,
        )
        fan_outs.append(job.pk)
    if rows or fan_outs:
        transaction.on_commit(partial(hand_over, rows, fan_outs))


def fan_out_expand(fan_out_id: int) -> list[int]:
    """Write the job's rows, one per active agent with an address who has not opted out,
    less the person who acted; once: a job already expanded (or being expanded by another
    worker) writes nothing. Returns the ids of the rows written, for the caller to hand
    over."""
    with transaction.atomic():
        job = (
            NotificationFanOut.objects.select_for_update(skip_locked=True)
            .filter(pk=fan_out_id, expanded_at__isnull=True)
            .first()
        )
        if job is None:
            return []
        rows = _write(
            NotificationEvent(job.event),
            job.ticket_id,
            job.message_id,
            selectors.agents().only("email", "is_active"),
            exclude_id=job.excluded_user_id,
            due=timezone.now() + HANDOVER_GRACE,
        )
        job.expanded_at = timezone.now()
        job.save(update_fields=["expanded_at"])
        return rows


def message_posted(*, message: Message, actor: User) -> None:
    """A public reply by support goes to the customer, a customer's to the assignee.
    Internal notes go to nobody."""
    if message.is_internal:
        return
    ticket = message.ticket
    if message.author_role == Role.AGENT:
        _queue(NotificationEvent.PUBLIC_REPLY, ticket, message, [ticket.customer], exclude=actor)
    elif message.author_role == Role.CUSTOMER and ticket.assignee_id is not None:
        _queue(NotificationEvent.CUSTOMER_REPLY, ticket, message, [ticket.assignee], exclude=actor)


def status_changed(*, ticket: Ticket, actor: User) -> None:
    """A resolved ticket tells its customer, with a link to rate the help."""
    if ticket.status == Status.RESOLVED:
        _queue(NotificationEvent.RESOLVED, ticket, None, [ticket.customer], exclude=actor)


def transferred(*, ticket: Ticket, actor: User, message: Message) -> None:
    """The vendor's users get the transfer note (never anything else of the thread)."""
    vendor_users = User.objects.filter(vendor_id=ticket.vendor_id, is_active=True)
    _queue(NotificationEvent.TRANSFERRED, ticket, message, vendor_users, exclude=actor)


def vendor_answered(*, message: Message, actor: User) -> None:
    """The assignee hears the vendor's answer; the customer never sees that exchange."""
    ticket = message.ticket
    if ticket.assignee_id is not None:
        _queue(NotificationEvent.VENDOR_ANSWERED, ticket, message, [ticket.assignee], exclude=actor)


def sla_at_risk(*, ticket: Ticket) -> None:
    """The assignee hears that a deadline of the ticket is close (nobody, if unassigned)."""
    if ticket.assignee_id is not None:
        _queue(NotificationEvent.SLA_AT_RISK, ticket, None, [ticket.assignee])


def address_confirmation(*, user: User, address: str) -> Notification:
    """The mail with a link that proves `user` reads `address` (not subject to opt-outs)."""
    notification = Notification.objects.create(
        event=NotificationEvent.ADDRESS_CONFIRMATION,
        recipient=user,
        address=address,
        next_attempt_at=timezone.now() + HANDOVER_GRACE,
    )
    transaction.on_commit(partial(hand_over, [notification.pk]))
    return notification


def _queue(
    event: NotificationEvent,
    ticket: Ticket,
    message: Message | None,
    recipients: Iterable[User],
    *,
    exclude: User | None = None,
) -> None:
    if _muted.get():
        return
    rows = _write(
        event,
        ticket,
        message,
        recipients,
        exclude_id=exclude.pk if exclude else None,
        due=timezone.now() + HANDOVER_GRACE,
    )
    if rows:
        transaction.on_commit(partial(hand_over, rows))


def _write(
    event: NotificationEvent,
    ticket: Ticket | int,
    message: Message | int | None,
    recipients: Iterable[User],
    *,
    exclude_id: int | None = None,
    due: datetime,
) -> list[int]:
    """One pending row per recipient who is active, has an address and has not opted out
    of `event`; returns their ids. The ticket and message may be given by id."""
    people = {
        user.pk: user
        for user in recipients
        if user.is_active and user.email and user.pk != exclude_id
    }
    if not people:
        return []
    opted_out = set(
        NotificationOptOut.objects.filter(user_id__in=people, event=event).values_list(
            "user_id", flat=True
        )
    )
    ticket_id = ticket if isinstance(ticket, int) else ticket.pk
    message_id = message.pk if isinstance(message, Message) else message
    rows = Notification.objects.bulk_create(
        Notification(
            ticket_id=ticket_id,
            message_id=message_id,
            event=event,
            recipient=user,
            address=user.email,
            next_attempt_at=due,
        )
        for user_id, user in people.items()
        if user_id not in opted_out
    )
    return [row.pk for row in rows]


def hand_over(notification_ids: list[int], fan_out_ids: Sequence[int] = ()) -> None:
    """Queue the rows' deliveries and the fan-out jobs' expansion: one broker message,
    turned into a delivery per row by a worker (one publish per row inside the request
    cost more than the rest of it). With the broker unreachable, give up at once: the rows
    are left due and the jobs expanded here into due rows, so the sweep sends them when it
    is back."""
    # Imported here: the tasks module imports this one (through delivery).
    from .tasks import deliver_notifications

    # Without jobs, the message an older worker also understands.
    arguments = (notification_ids, list(fan_out_ids)) if fan_out_ids else (notification_ids,)
    app = deliver_notifications.app
    if app.conf.task_always_eager:
        deliver_notifications.apply_async(arguments)
        return
    with _producers(app).acquire(block=True) as producer:
        broker_errors = (OperationalError, *producer.connection.connection_errors)
        try:
            # The arguments are lists of ids: their plain repr is safe to show, and
            # Celery's guarded repr of them cost a seventh of the hand-over.
            deliver_notifications.apply_async(
                arguments,
                producer=producer,
                retry=False,
                argsrepr=repr(arguments),
                kwargsrepr="{}",
            )
        except broker_errors:
            # Reconnect from scratch next time rather than reuse a broken socket.
            producer.connection.collect()
            expanded = [row for job in fan_out_ids for row in fan_out_expand(job)]
            left = [*notification_ids, *expanded]
            logger.warning("Broker unreachable: %d mail(s) left for the sweep.", len(left))
            Notification.objects.filter(pk__in=left, status=DeliveryStatus.PENDING).update(
                next_attempt_at=timezone.now()
            )


_producer_pools: dict[str, ProducerPool] = {}


def _producers(app) -> ProducerPool:
    """The process's producers for the configured broker: a hand-over reuses an open
    connection, its queue already declared, instead of connecting (and declaring) anew,
    which cost more than the publish itself. Keyed by the broker's URL, as it may change;
    the URL as configured, because building a connection only to name its broker cost
    a quarter of a hand-over."""
    key = app.conf.broker_write_url
    pool = _producer_pools.get(key)
    if pool is None:
        limit = app.conf.broker_pool_limit
        connection = app.connection_for_write(transport=transport_for(key))
        pool = ProducerPool(connection.Pool(limit), limit=limit, Producer=app.amqp.Producer)
        _producer_pools[key] = pool
    return pool
