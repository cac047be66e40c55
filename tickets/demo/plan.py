"""The demo's plan: which tickets are opened when, and what becomes of each.

The same plan every time for the same moment (seeded generators), placed relative to
that moment: tickets opened over the last two months, the old ones settled, the last
days' ones still under way, one of each situation a queue shows.
"""

import random
from datetime import datetime, time, timedelta

from tickets.models import Category, Priority, User, Vendor
from tickets.sla.demo import OFFICE_POLICY
from tickets.sla.models import SlaPolicy

from .playback import Playback
from .stories import PRIORITIES, PRIORITY_WEIGHTS, Cast, Outcome, Story

USERNAMES = ("alice", "bob", "sam", "vera", "vic")
VENDOR_USERS = {"A00012345": "vera", "A00067890": "vic"}
SEED = 42
HISTORY_DAYS = 60
HISTORY_TICKETS = 90
# Tickets opened before the last few days: the older, the likelier settled. None of them
# is still with support (the last days' tickets show that), or many would be overdue.
OLD_OUTCOMES = {Outcome.RESOLVED: 86, Outcome.CANCELLED: 9, Outcome.WAITING: 5}
RECENT_OUTCOMES = {
    Outcome.RESOLVED: 76,
    Outcome.WAITING: 10,
    Outcome.CANCELLED: 8,
    Outcome.VENDOR_ANSWERED: 6,
}


def demo_plan(playback: Playback, cast: Cast) -> list[Story]:
    """Add every demo ticket's acts to the playback; returns the stories told."""
    return _history(playback, cast, random.Random(SEED)) + _recent(playback, cast)


def demo_cast() -> Cast:
    """The demo's people, categories and vendors, and the Seoul office's calendar."""
    users = {user.username: user for user in User.objects.filter(username__in=USERNAMES)}
    office = SlaPolicy.objects.prefetch_related("business_hours", "holidays").get(
        name=OFFICE_POLICY
    )
    calendar = office.calendar(frozenset(holiday.day for holiday in office.holidays.all()))
    return Cast(
        customers={"alice": users["alice"], "bob": users["bob"]},
        agent=users["sam"],
        vendor_users={code: users[name] for code, name in VENDOR_USERS.items()},
        vendors={vendor.code: vendor for vendor in Vendor.objects.filter(code__in=VENDOR_USERS)},
        categories={c.code: c for c in Category.objects.filter(depth__lte=2)},
        office=calendar,
        zone=calendar.zone,
    )


def _history(playback: Playback, cast: Cast, rng: random.Random) -> list[Story]:
    """Tickets opened 3 to 60 days ago, more of them lately, mostly on weekdays and
    in the daytime; the older, the likelier they are settled."""
    earliest = playback.now - timedelta(days=HISTORY_DAYS)
    stories = []
    for index in range(HISTORY_TICKETS):
        # Up to two days short of the window: a weekend day may move to the Friday before.
        days_ago = 3 + (HISTORY_DAYS - 5) * rng.random() ** 1.2
        opened_at = _daytime(playback.now - timedelta(days=days_ago), cast, rng)
        table = OLD_OUTCOMES if days_ago > 14 else RECENT_OUTCOMES
        outcome = rng.choices(list(table), weights=list(table.values()))[0]
        asks_vendor = outcome == Outcome.VENDOR_ANSWERED or rng.random() < 0.15
        story = Story(
            index=index,
            cast=cast,
            outcome=outcome,
            customer_name="alice" if index % 3 != 2 else "bob",
            priority=rng.choices(PRIORITIES, weights=PRIORITY_WEIGHTS)[0],
            assign=rng.random() < 0.6,
            vendor_code=list(VENDOR_USERS)[index % 2] if asks_vendor else None,
        )
        story.tell(playback, opened_at, earliest=earliest)
        stories.append(story)
    return stories


def _daytime(moment: datetime, cast: Cast, rng: random.Random) -> datetime:
    """A moment on the same local day, or most often on the nearest weekday for a
    Saturday or Sunday (the Friday before, the Monday after: the moment is days ago),
    in office hours mostly, else in the evening. Draws the same numbers whatever the
    day, so the stories do not depend on today's weekday."""
    moves_to_weekday, in_office_hours = rng.random() < 0.6, rng.random() < 0.85
    share = rng.random()
    day = moment.astimezone(cast.zone).date()
    if day.weekday() >= 5 and moves_to_weekday:
        day += timedelta(days=-1 if day.weekday() == 5 else 1)
    hours = 9 + 9 * share if in_office_hours else 18.5 + 5 * share
    return datetime.combine(day, time(0), tzinfo=cast.zone) + timedelta(hours=hours)


def _recent(playback: Playback, cast: Cast) -> list[Story]:
    """The last days' tickets, one of each situation a queue shows: new ones nobody
    has answered, one close to its deadline, one past it, and the ones waiting on the
    customer, on a vendor, or back with support."""
    now = playback.now
    first = HISTORY_TICKETS
    minutes, hours = (lambda n: timedelta(minutes=n)), (lambda n: timedelta(hours=n))
    recent = [
        # (scenario, customer, outcome, opened this long ago, priority, assigned, vendor)
        # New and untouched, each younger than the shortest first-answer target (an hour
        # of business time), so whatever priority support gives it next, it is not late.
        (6, "alice", Outcome.UNANSWERED, minutes(12), None, False, None),
        (0, "alice", Outcome.UNANSWERED, minutes(35), None, False, None),
        (5, "alice", Outcome.UNANSWERED, minutes(50), None, False, None),
        (2, "bob", Outcome.UNANSWERED, minutes(20), None, False, None),
        # Round the clock, first answer due in 2 hours: at risk 15 minutes before. Sam
        # took it (the assignee is the one warned) but has not answered.
        (4, "bob", Outcome.UNANSWERED, minutes(105), None, True, None),
        (8, "alice", Outcome.ASKED_VENDOR, hours(26), Priority.NORMAL, True, "A00012345"),
        (1, "bob", Outcome.ASKED_CONFIRMATION, hours(30), Priority.LOW, True, "A00067890"),
        (7, "alice", Outcome.VENDOR_ANSWERED, hours(70), Priority.HIGH, True, "A00012345"),
        (3, "bob", Outcome.WAITING, hours(20), Priority.NORMAL, True, None),
        (11, "alice", Outcome.CUSTOMER_REPLIED, hours(50), Priority.HIGH, True, None),
        (9, "alice", Outcome.IN_PROGRESS, hours(96), Priority.NORMAL, True, None),
    ]
    earliest = now - timedelta(days=14)
    stories = []
    for offset, (scenario, customer, outcome, ago, priority, assigned, vendor) in enumerate(recent):
        story = Story(
            index=first + offset,
            scenario_index=scenario,
            cast=cast,
            outcome=outcome,
            customer_name=customer,
            priority=priority,
            assign=assigned,
            vendor_code=vendor,
        )
        story.tell(playback, now - ago, earliest=earliest)
        stories.append(story)
    # Past its first-answer target with no answer: high priority, opened on a working
    # morning whose four business hours were over at least two hours ago.
    story = Story(
        index=first + len(recent),
        scenario_index=1,
        cast=cast,
        outcome=Outcome.UNANSWERED,
        customer_name="alice",
        priority=Priority.HIGH,
        assign=True,
    )
    story.tell(playback, _overdue(cast, now, minutes(240)), earliest=earliest)
    return [*stories, story]


def _overdue(cast: Cast, now: datetime, budget: timedelta) -> datetime:
    day = now.astimezone(cast.zone).date()
    while True:
        day -= timedelta(days=1)
        opened_at = datetime.combine(day, time(10, 30), tzinfo=cast.zone)
        due = cast.office.add(opened_at, budget.total_seconds())
        if due < now - timedelta(hours=2):
            return opened_at
