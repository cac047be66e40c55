from ..models import EventKind, Ticket, TicketEvent, User


def event_record(
    *,
    ticket: Ticket,
    actor: User | None,
    kind: EventKind,
    from_value: object = "",
    to_value: object = "",
) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        actor=actor,
        kind=kind,
        from_value="" if from_value is None else str(from_value),
        to_value="" if to_value is None else str(to_value),
    )
