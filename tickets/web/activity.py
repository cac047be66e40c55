"""The thread as people read it: every page that shows a ticket's messages and activity
(agent, portal, vendor) turns selectors.thread_entries into rows here.

The event log stores what the services wrote (usernames, category codes, status values);
a row names people by their full name (the username when they have none), categories by
name, statuses and priorities by label, and says "you" for the reader. Names come from
lists built once per change of the picker lists (tickets.pickers), never a query per row.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from tickets import selectors
from tickets.models import Category, EventKind, Message, Priority, Status, Ticket, User
from tickets.pickers import derived, pickers

EVENT_ICONS = {
    EventKind.CREATED: "bi-plus-circle",
    EventKind.STATUS_CHANGED: "bi-arrow-left-right",
    EventKind.ASSIGNED: "bi-person-check",
    EventKind.PRIORITY_CHANGED: "bi-flag",
    EventKind.CATEGORY_CHANGED: "bi-tag",
    EventKind.TRANSFERRED: "bi-shop",
    EventKind.VENDOR_ANSWERED: "bi-reply",
    EventKind.VENDOR_CONFIRMED: "bi-check2-square",
    EventKind.RATED: "bi-star",
    EventKind.TAGS_CHANGED: "bi-tags",
    EventKind.MACRO_APPLIED: "bi-lightning",
    EventKind.MERGED: "bi-intersect",
    EventKind.UNMERGED: "bi-arrow-counterclockwise",
    EventKind.SLA_BREACHED: "bi-alarm",
}

# A long thread shows its first row (what the ticket is about) and its last few; the rows
# between fold under "Show earlier" on the pages that ask for it.
FOLD_ABOVE = 10
FOLD_KEEP_FIRST = 1
FOLD_KEEP_LAST = 6


def person_name(user: User | None) -> str:
    if user is None:
        return "System"
    return user.get_full_name() or user.username


def _agent_names() -> dict[str, str]:
    """Username -> name of the agents (the only people an assignment names)."""
    rows = selectors.agents().values_list("username", "first_name", "last_name")
    return {username: f"{first} {last}".strip() or username for username, first, last in rows}


def _category_names() -> dict[str, str]:
    # Every category, inactive and deleted ones too: old events still name them.
    return dict(Category.objects.order_by("-is_deleted", "id").values_list("code", "name"))


def _vendor_names() -> dict[str, str]:
    return {code: name for code, name in pickers().vendors if name}


def _score(value: str) -> str:
    """'4.00' -> '4', '4.50' -> '4.5'."""
    try:
        return f"{Decimal(value).normalize():f}"
    except InvalidOperation:
        return value


@dataclass(frozen=True)
class EventLine:
    icon: str
    # Who did it, as the sentence starts: "You", "Nora Kim", "System".
    actor: str
    # The rest of the sentence: "assigned it to Nora Kim".
    text: str


@dataclass(frozen=True)
class ThreadRow:
    message: Message | None = None
    # The message's author as shown in its header.
    author: str = ""
    event: EventLine | None = None
    at: object = None
    # The first and the last row of the fold, if the thread has one.
    opens_fold: bool = False
    closes_fold: bool = False


@dataclass(frozen=True)
class Thread:
    rows: list[ThreadRow]
    folded: int
    # What the rendered rows depend on, for the fragment cache's key.
    material: str


class _Sentences:
    """Event sentences for one reader of one ticket."""

    def __init__(self, *, viewer: User | None, ticket: Ticket) -> None:
        self.viewer = viewer
        self.viewer_username = getattr(viewer, "username", None)
        self.ticket = ticket

    def actor(self, user: User | None) -> str:
        if user is not None and self.viewer is not None and user.pk == self.viewer.pk:
            return "You"
        return person_name(user)

    def someone(self, username: str, *, actor: User | None) -> str:
        """An agent named by username in an event, as the object of its sentence."""
        if actor is not None and username == actor.username:
            return "yourself" if username == self.viewer_username else "themselves"
        if username == self.viewer_username:
            return "you"
        return derived(("activity", "agent-names"), _agent_names).get(username, username)

    def category(self, code: str) -> str:
        return derived(("activity", "category-names"), _category_names).get(code, code)

    def line(self, event) -> EventLine:
        return EventLine(
            icon=EVENT_ICONS.get(event.kind, "bi-dot"),
            actor=self.actor(event.actor),
            text=self.text(event),
        )

    def text(self, event) -> str:
        before, after, actor = event.from_value, event.to_value, event.actor
        match event.kind:
            case EventKind.CREATED:
                customer = self.ticket.customer
                if actor is not None and customer is not None and actor.pk != customer.pk:
                    name = "you" if customer.pk == getattr(self.viewer, "pk", None) else None
                    return f"opened the ticket for {name or person_name(customer)}"
                return "opened the ticket"
            case EventKind.ASSIGNED:
                if after and actor is not None and after == actor.username:
                    return "took the ticket"
                if after:
                    return f"assigned it to {self.someone(after, actor=actor)}"
                if before:
                    return f"removed {self.someone(before, actor=actor)} as assignee"
                return "removed the assignee"
            case EventKind.STATUS_CHANGED:
                return self.change("status", self.status(before), self.status(after))
            case EventKind.PRIORITY_CHANGED:
                return self.change("priority", self.priority(before), self.priority(after))
            case EventKind.CATEGORY_CHANGED:
                new = self.category(after) if after else ""
                if not new:
                    return "removed the category"
                return self.change("category", self.category(before) if before else "", new)
            case EventKind.TRANSFERRED:
                return f"transferred it to {self.vendor(after)}"
            case EventKind.VENDOR_ANSWERED:
                return "answered as the vendor"
            case EventKind.VENDOR_CONFIRMED:
                return "confirmed as the vendor"
            case EventKind.RATED:
                return f"rated it {_score(after)} / 5"
            case EventKind.MACRO_APPLIED:
                return f"applied the macro “{after}”"
            case EventKind.MERGED:
                return f"merged {before} into {after}"
            case EventKind.UNMERGED:
                return f"undid the merge of {before} into {after}"
            case EventKind.TAGS_CHANGED:
                return f"changed the tags from {before or 'none'} to {after or 'none'}"
            case EventKind.SLA_BREACHED:
                return f"recorded that the {after} target was missed"
        noun = event.get_kind_display().lower()
        return self.change(noun, before, after)

    @staticmethod
    def change(noun: str, before: str, after: str) -> str:
        if before and after:
            return f"changed the {noun} from {before} to {after}"
        return f"set the {noun} to {after or 'none'}"

    @staticmethod
    def status(value: str) -> str:
        return Status(value).label if value in Status.values else value

    @staticmethod
    def priority(value: str) -> str:
        return Priority(value).label if value in Priority.values else value

    @staticmethod
    def vendor(value: str) -> str:
        # Stored as "A00012345 (Answer requested)" by ticket_transfer.
        code, _, rest = value.partition(" (")
        name = derived(("activity", "vendor-names"), _vendor_names).get(code)
        who = f"{name} ({code})" if name else f"vendor {code}"
        request = rest.rstrip(")")
        return f"{who}: {request.lower()}" if request else who


def thread_for(entries, *, viewer: User | None, ticket: Ticket, fold: bool = False) -> Thread:
    """The rows of a thread (selectors.thread_entries) as `viewer` reads them."""
    sentences = _Sentences(viewer=viewer, ticket=ticket)
    rows, material = [], []
    for entry in entries:
        if entry.message is not None:
            message = entry.message
            author = person_name(message.author) if message.author_id else "System"
            files = ",".join(str(file.pk) for file in message.attachments.all())
            rows.append(ThreadRow(message=message, author=author, at=message.created_at))
            material.append(f"m{message.pk}:{author}:{files}")
        else:
            line = sentences.line(entry.event)
            rows.append(ThreadRow(event=line, at=entry.event.created_at))
            material.append(f"e{entry.event.pk}:{line.actor}:{line.text}")
    folded = 0
    if fold and len(rows) > FOLD_ABOVE:
        first, last = FOLD_KEEP_FIRST, len(rows) - FOLD_KEEP_LAST - 1
        folded = last - first + 1
        rows[first] = _with(rows[first], opens_fold=True)
        rows[last] = _with(rows[last], closes_fold=True)
        material.append(f"fold{folded}")
    return Thread(rows=rows, folded=folded, material="|".join(material))


def _with(row: ThreadRow, **changes) -> ThreadRow:
    return ThreadRow(**{**row.__dict__, **changes})
