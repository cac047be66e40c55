"""Each ticket's SLA clock: which policy applies, when its targets fall due, and when the
clock stops (the ball is with the customer or a vendor) and runs again.

Services call `clock_update` once per act, on the locked ticket, after saving it; the
deadlines are worked out again from the ticket's own state each time, so an act that
changes nothing for the clock leaves it as it was.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from tickets.models import Category, EventKind, Status, Ticket, TransferStatus
from tickets.services.events import event_record

from .calendar import BusinessCalendar
from .models import SlaPolicy, SlaTarget
from .policies import active_policies

FINISHED_STATUSES = (Status.RESOLVED, Status.CANCELLED)
VENDOR_HOLDS = (TransferStatus.ANSWER_REQUESTED, TransferStatus.CONFIRM_REQUESTED)
FIRST_RESPONSE = "first_response"
RESOLUTION = "resolution"
TARGET_LABELS = {FIRST_RESPONSE: "first response", RESOLUTION: "resolution"}
# Attribute names (the policy's id, not the policy), so the values compare as stored.
CLOCK_FIELDS = (
    "sla_policy_id",
    "sla_first_response_due_at",
    "sla_resolution_due_at",
    "sla_due_at",
    "sla_at_risk_at",
    "sla_paused_since",
    "sla_paused_seconds",
    "sla_first_response_breached_at",
    "sla_resolution_breached_at",
    "sla_alert_at",
    "sla_warned_due_at",
)


def is_waiting(ticket: Ticket) -> bool:
    """The ball is with the customer, or with a vendor asked to answer or confirm."""
    return ticket.status == Status.WAITING_ON_CUSTOMER or ticket.transfer_status in VENDOR_HOLDS


def is_stopped(ticket: Ticket) -> bool:
    return is_waiting(ticket) or ticket.status in FINISHED_STATUSES


@dataclass(frozen=True)
class Rules:
    """A policy ready to count: its calendar, its target for one priority, the lead."""

    policy: SlaPolicy
    calendar: BusinessCalendar
    target: SlaTarget
    at_risk_seconds: int


def _rules(policy: SlaPolicy, priority: str, calendar: BusinessCalendar) -> Rules | None:
    target = next((t for t in policy.targets.all() if t.priority == priority), None)
    if target is None:
        return None
    return Rules(
        policy=policy,
        calendar=calendar,
        target=target,
        at_risk_seconds=policy.at_risk_minutes * 60,
    )


def _specificity(policy: SlaPolicy) -> tuple:
    return (
        policy.vendor_id is not None,
        policy.seller_account_id is not None,
        policy.category.depth if policy.category_id else 0,
        -policy.pk,
    )


def _category_line(ticket: Ticket) -> set[int]:
    """The ticket's category and its ancestors (the tree is three deep): from the category
    the ticket holds when its parents are loaded, else one query."""
    if ticket.category_id is None:
        return set()
    if Ticket.category.is_cached(ticket):
        line, node = set(), ticket.category
        for _level in range(3):
            line.add(node.pk)
            if node.parent_id is None:
                return line
            if not Category.parent.is_cached(node):
                break
            node = node.parent
        else:
            return line
    row = (
        Category.objects.filter(pk=ticket.category_id)
        .values_list("pk", "parent_id", "parent__parent_id")
        .first()
    )
    return {pk for pk in row or () if pk is not None}


def rules_for(ticket: Ticket) -> Rules | None:
    """The most specific active policy covering the ticket with a target for its priority
    (vendor, then seller account, then the deepest category, then general; the oldest
    policy breaks a tie), or None. The policies come from each process's copy (see
    policies.py); a query only for a category policy when the category's parents are not
    loaded."""
    active = active_policies()
    line: set[int] | None = None
    candidates = []
    for policy in active.policies:
        if not any(t.priority == ticket.priority for t in policy.targets.all()):
            continue
        if policy.seller_account_id not in (None, ticket.seller_account_id):
            continue
        if policy.vendor_id not in (None, ticket.vendor_id):
            continue
        if policy.category_id is not None:
            # The policy's category is the ticket's own or one of its ancestors.
            line = _category_line(ticket) if line is None else line
            if policy.category_id not in line:
                continue
        candidates.append(policy)
    best = max(candidates, key=_specificity, default=None)
    return _rules(best, ticket.priority, active.calendars[best.pk]) if best else None


def _current_rules(ticket: Ticket) -> Rules | None:
    active = active_policies()
    policy = active.get(ticket.sla_policy_id)
    return _rules(policy, ticket.priority, active.calendars[policy.pk]) if policy else None


@dataclass(frozen=True)
class Deadline:
    kind: str
    due_at: datetime
    at_risk_at: datetime
    breached_at: datetime | None


def clock_update(
    *,
    ticket: Ticket,
    repick: bool = False,
    now: datetime | None = None,
    save_also: tuple[str, ...] = (),
) -> list[Deadline]:
    """Bring the locked ticket's clock in line with its state and save the clock fields.

    `repick` chooses the policy again (on creation and when the priority, category,
    seller account or vendor changed). A target missed is recorded once in the event log.
    `save_also` names fields the caller changed: they are saved in the same UPDATE as the
    clock fields that changed, one round trip instead of two (none when nothing changed).
    Returns the deadlines the running clock counts towards (none while it is stopped).
    """
    now = now or timezone.now()
    before = _clock_values(ticket)
    if repick:
        rules = rules_for(ticket)
    elif ticket.sla_policy_id is not None:
        rules = _current_rules(ticket)
    else:
        rules = None
    running: list[Deadline] = []
    if rules is None:
        if ticket.sla_policy_id is not None:
            _clear(ticket)
    else:
        ticket.sla_policy = rules.policy
        running = _track(ticket, rules, now)
    # Under the row lock, what the ticket held is what is stored: an act that leaves a
    # deadline where it was (most replies) writes none of it.
    changed = [
        name
        for name, value in zip(CLOCK_FIELDS, before, strict=True)
        if getattr(ticket, name) != value
    ]
    if changed or save_also:
        ticket.save(update_fields=[*changed, *save_also])
    return running


def _clock_values(ticket: Ticket) -> tuple:
    return tuple(getattr(ticket, name) for name in CLOCK_FIELDS)


def _clear(ticket: Ticket) -> None:
    ticket.sla_policy = None
    for name in CLOCK_FIELDS[1:]:
        setattr(ticket, name, 0 if name == "sla_paused_seconds" else None)


def _track(ticket: Ticket, rules: Rules, now: datetime) -> list[Deadline]:
    calendar = rules.calendar
    stopped = is_stopped(ticket)
    if stopped and ticket.sla_paused_since is None:
        ticket.sla_paused_since = now
    elif not stopped and ticket.sla_paused_since is not None:
        ticket.sla_paused_seconds += calendar.seconds_between(ticket.sla_paused_since, now)
        ticket.sla_paused_since = None
    pending: list[Deadline] = []
    for kind, minutes, done_at in (
        (FIRST_RESPONSE, rules.target.first_response_minutes, ticket.first_response_at),
        (RESOLUTION, rules.target.resolution_minutes, _resolution_end(ticket)),
    ):
        due_field, breached_field = f"sla_{kind}_due_at", f"sla_{kind}_breached_at"
        if minutes is None:
            setattr(ticket, due_field, None)
            continue
        if done_at is None or getattr(ticket, due_field) is None:
            # Still open (or never counted): the deadline moves with the stopped time.
            budget = minutes * 60 + ticket.sla_paused_seconds
            setattr(ticket, due_field, calendar.add(ticket.created_at, budget))
        due = getattr(ticket, due_field)
        # How far the clock got: business time stops counting when it is stopped, so a
        # target met (or a clock stopped) before the deadline is no breach, however late
        # the act that ends the wait comes.
        if done_at is None:
            reached = ticket.sla_paused_since or now
        else:
            reached = min(done_at, ticket.sla_paused_since or done_at)
        if due < reached and getattr(ticket, breached_field) is None:
            record_breach(ticket, kind=kind, due_at=due)
        if done_at is None:
            budget = minutes * 60 + ticket.sla_paused_seconds
            at_risk = calendar.add(ticket.created_at, max(budget - rules.at_risk_seconds, 0))
            pending.append(Deadline(kind, due, at_risk, getattr(ticket, breached_field)))
    running = [] if stopped else pending
    schedule(ticket, running)
    return running


def _resolution_end(ticket: Ticket) -> datetime | None:
    if ticket.status == Status.RESOLVED:
        return ticket.resolved_at
    if ticket.status == Status.CANCELLED:
        # Cancelling is no resolution: a deadline still ahead then is neither met nor
        # missed; one already passed was missed before the cancellation.
        return ticket.sla_paused_since
    return None


def next_to_warn(running: list[Deadline]) -> Deadline | None:
    """The earliest deadline not yet missed: the one a warning is about."""
    return min((d for d in running if d.breached_at is None), key=lambda d: d.due_at, default=None)


def schedule(ticket: Ticket, running: list[Deadline]) -> None:
    """Set the sort key, the at-risk moment and when the periodic check looks next."""
    if not running:
        ticket.sla_due_at = ticket.sla_at_risk_at = ticket.sla_alert_at = None
        return
    ticket.sla_due_at = min(deadline.due_at for deadline in running)
    ticket.sla_at_risk_at = min(deadline.at_risk_at for deadline in running)
    open_deadlines = sorted((d for d in running if d.breached_at is None), key=lambda d: d.due_at)
    moments = [deadline.due_at for deadline in open_deadlines]
    if open_deadlines and ticket.sla_warned_due_at != open_deadlines[0].due_at:
        moments.append(open_deadlines[0].at_risk_at)
    ticket.sla_alert_at = min(moments, default=None)


def record_breach(ticket: Ticket, *, kind: str, due_at: datetime) -> None:
    """Mark the target missed and log it; callers hold the row lock, so once only."""
    setattr(ticket, f"sla_{kind}_breached_at", due_at)
    event_record(
        ticket=ticket,
        actor=None,
        kind=EventKind.SLA_BREACHED,
        from_value=due_at.isoformat(),
        to_value=TARGET_LABELS[kind],
    )


def is_breached(ticket: Ticket, now: datetime) -> bool:
    return bool(
        ticket.sla_first_response_breached_at
        or ticket.sla_resolution_breached_at
        or (ticket.sla_due_at and ticket.sla_due_at < now)
    )


class SlaState:
    BREACHED = "breached"
    AT_RISK = "at_risk"
    OK = "ok"
    PAUSED = "paused"
    MET = "met"
    CLOSED = "closed"


def sla_state(ticket: Ticket, now: datetime | None = None) -> str | None:
    """What a badge shows: breached, at risk, paused, met (resolved in time), closed
    (cancelled in time), ok, or None for a ticket without a policy. Breached, at risk and
    ok agree with `sla_status_q`."""
    if ticket.sla_policy_id is None:
        return None
    now = now or timezone.now()
    if is_breached(ticket, now):
        return SlaState.BREACHED
    if ticket.sla_at_risk_at and ticket.sla_at_risk_at <= now:
        return SlaState.AT_RISK
    if ticket.status == Status.CANCELLED:
        return SlaState.CLOSED
    if ticket.status == Status.RESOLVED:
        return SlaState.MET
    if ticket.sla_paused_since:
        return SlaState.PAUSED
    return SlaState.OK


def sla_status(ticket: Ticket, now: datetime | None = None) -> str | None:
    """The filterable status: breached, at_risk, ok (everything else under a policy)."""
    state = sla_state(ticket, now)
    if state in (SlaState.PAUSED, SlaState.MET, SlaState.CLOSED):
        return SlaState.OK
    return state


SLA_STATUSES = (SlaState.AT_RISK, SlaState.BREACHED, SlaState.OK)


def sla_status_q(status: str, now: datetime | None = None) -> Q:
    """Tickets whose `sla_status` is `status` at `now`."""
    now = now or timezone.now()
    breached = (
        Q(sla_due_at__lt=now)
        | Q(sla_first_response_breached_at__isnull=False)
        | Q(sla_resolution_breached_at__isnull=False)
    )
    at_risk = Q(sla_at_risk_at__lte=now) & ~breached
    if status == SlaState.BREACHED:
        return breached
    if status == SlaState.AT_RISK:
        return at_risk
    if status == SlaState.OK:
        return Q(sla_policy__isnull=False) & ~breached & ~Q(sla_at_risk_at__lte=now)
    raise ValueError(f"Unknown SLA status {status!r}")
