"""Demo data: the spec's users, and two months of tickets played through the services.

Idempotent: users, vendors and accounts are created only when missing, and the tickets
only when no demo ticket exists yet. The tickets are the same on every load (a seeded
random), placed relative to now: the old ones resolved over days, the recent ones still
under way, a few past their SLA targets.
"""

import random
from datetime import datetime, time, timedelta

import time_machine
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.utils import timezone

from tickets.agenttools.models import Macro
from tickets.demo.playback import Playback
from tickets.demo.stories import DEMO_MARK, PRIORITIES, PRIORITY_WEIGHTS, Cast, Outcome, Story
from tickets.models import Category, Priority, SellerAccount, Status, Ticket, User, Vendor
from tickets.notifications import outbox
from tickets.permissions import AGENTS_GROUP
from tickets.services.vendors import vendor_issue_keys
from tickets.sla.demo import OFFICE_POLICY, demo_policies
from tickets.sla.models import SlaPolicy

PASSWORD = "demo12345"
# A reserved domain (RFC 2606): demo mail can never reach a real mailbox.
MAIL_DOMAIN = "example.test"
VENDORS = {"A00012345": "Seoul Apparel Co.", "A00067890": "Busan Home Goods"}
VENDOR_USERS = {"A00012345": "vera", "A00067890": "vic"}
HISTORY_DAYS = 60
HISTORY_TICKETS = 52
# Tickets opened before the last few days; their outcome depends on their age.
OLD_OUTCOMES = {Outcome.RESOLVED: 86, Outcome.CANCELLED: 9, Outcome.WAITING: 5}
RECENT_OUTCOMES = {
    Outcome.RESOLVED: 55,
    Outcome.WAITING: 12,
    Outcome.IN_PROGRESS: 10,
    Outcome.CUSTOMER_REPLIED: 8,
    Outcome.CANCELLED: 7,
    Outcome.VENDOR_ANSWERED: 8,
}

DEMO_MACROS = {
    "Tracking update": {
        "is_shared": True,
        "body": "Hello {{ customer_first_name }},\n\nwe asked the carrier about order "
        "{{ order_id }} ({{ case_number }}) and will write again as soon as they answer.\n\n"
        "{{ agent_name }}",
        "add_tags": ["late-delivery"],
    },
    "Solved, thanks": {
        "is_shared": True,
        "body": "Glad we could help, {{ customer_first_name }}! Reply here if anything else "
        "comes up.",
        "set_status": Status.RESOLVED,
    },
    "Escalate": {
        "body": "Escalated: needs a second look.",
        "is_internal": True,
        "set_priority": Priority.URGENT,
        "add_tags": ["escalated"],
    },
}


class Command(BaseCommand):
    help = "Load the demo users and tickets (safe to run again: changes nothing then)."

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        # The people were there before the two months of tickets.
        with time_machine.travel(now - timedelta(days=HISTORY_DAYS + 30), tick=False):
            users = self._users()
        demo_policies()
        if Ticket.objects.filter(**{f"metadata__{DEMO_MARK}": True}).exists():
            self.stdout.write("Demo data already loaded.")
            return
        playback = Playback(now=now)
        cast = self._cast(users)
        rng = random.Random(42)
        self._history(playback, cast, rng)
        self._recent(playback, cast, rng)
        # Past activity, played back: nobody is mailed about it.
        with outbox.muted():
            playback.run()
        self._macros(users["sam"])
        self.stdout.write(self.style.SUCCESS(f"Loaded {Ticket.objects.count()} demo tickets."))

    def _users(self) -> dict[str, User]:
        agents, _ = Group.objects.get_or_create(name=AGENTS_GROUP)
        vendors = {}
        for code, name in VENDORS.items():
            vendor, _ = Vendor.objects.get_or_create(code=code, defaults={"name": name})
            if not vendor.access_key:
                vendor = vendor_issue_keys(vendor=vendor)
            vendors[code] = vendor
        account, _ = SellerAccount.objects.get_or_create(id=1001, defaults={"name": "Alice's Shop"})
        # Hashing is slow on purpose; the demo's users share one password, hashed once.
        password = make_password(PASSWORD) if self._missing_users() else ""
        users = {
            "alice": self._user("alice", password, last_name="Kim"),
            "bob": self._user("bob", password, last_name="Lee"),
            "sam": self._user("sam", password, last_name="Support"),
            "vera": self._user("vera", password, vendor=vendors["A00012345"]),
            "vic": self._user("vic", password, vendor=vendors["A00067890"]),
            "admin": self._user("admin", password, is_staff=True, is_superuser=True),
        }
        users["sam"].groups.add(agents)
        users["alice"].seller_accounts.add(account)
        users["vendors"] = vendors
        return users

    @staticmethod
    def _missing_users() -> bool:
        names = ("alice", "bob", "sam", "vera", "vic", "admin")
        return User.objects.filter(username__in=names).count() < len(names)

    def _user(self, username: str, password: str, **fields) -> User:
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@{MAIL_DOMAIN}",
                "email_confirmed_at": timezone.now(),
                "first_name": username.title(),
                "password": password,
                **fields,
            },
        )
        return user

    def _cast(self, users: dict) -> Cast:
        office = SlaPolicy.objects.prefetch_related("business_hours", "holidays").get(
            name=OFFICE_POLICY
        )
        calendar = office.calendar(frozenset(holiday.day for holiday in office.holidays.all()))
        return Cast(
            customers={"alice": users["alice"], "bob": users["bob"]},
            agent=users["sam"],
            vendor_users={code: users[name] for code, name in VENDOR_USERS.items()},
            vendors=users["vendors"],
            categories={c.code: c for c in Category.objects.filter(depth__lte=2)},
            office=calendar,
            zone=calendar.zone,
        )

    def _history(self, playback: Playback, cast: Cast, rng: random.Random) -> None:
        """Tickets opened 3 to 60 days ago, more of them lately, mostly on weekdays and
        in the daytime; the older, the likelier they are settled."""
        earliest = playback.now - timedelta(days=HISTORY_DAYS)
        for index in range(HISTORY_TICKETS):
            days_ago = 3 + (HISTORY_DAYS - 3) * rng.random() ** 1.25
            opened_at = self._daytime(playback.now - timedelta(days=days_ago), cast, rng)
            table = OLD_OUTCOMES if days_ago > 14 else RECENT_OUTCOMES
            outcome = rng.choices(list(table), weights=list(table.values()))[0]
            asks_vendor = outcome == Outcome.VENDOR_ANSWERED or rng.random() < 0.2
            story = Story(
                index=index,
                cast=cast,
                outcome=outcome,
                rng=rng,
                customer_name="alice" if index % 3 != 2 else "bob",
                priority=rng.choices(PRIORITIES, weights=PRIORITY_WEIGHTS)[0],
                assign=rng.random() < 0.6,
                vendor_code=list(VENDORS)[index % 2] if asks_vendor else None,
            )
            story.tell(playback, opened_at, earliest=earliest)

    @staticmethod
    def _daytime(moment: datetime, cast: Cast, rng: random.Random) -> datetime:
        """A moment on the same local day, or the Friday before a weekend day (most
        people write on weekdays): in office hours three times in four, else the evening."""
        day = moment.astimezone(cast.zone).date()
        if day.weekday() >= 5 and rng.random() < 0.6:
            day -= timedelta(days=day.weekday() - 4)
        hours = rng.uniform(9, 18) if rng.random() < 0.75 else rng.uniform(18.5, 23.5)
        return datetime.combine(day, time(0), tzinfo=cast.zone) + timedelta(hours=hours)

    def _recent(self, playback: Playback, cast: Cast, rng: random.Random) -> None:
        """The last days' tickets, one of each situation a queue shows: new ones nobody
        has answered, one close to its deadline, one past it, and the ones waiting on the
        customer, on a vendor, or back with support."""
        now = playback.now
        first = HISTORY_TICKETS
        minutes, hours = (lambda n: timedelta(minutes=n)), (lambda n: timedelta(hours=n))
        recent = [
            # (scenario, customer, outcome, opened this long ago, triage, vendor)
            (6, "alice", Outcome.UNANSWERED, minutes(12), None, None),
            (0, "alice", Outcome.UNANSWERED, minutes(35), None, None),
            (5, "alice", Outcome.UNANSWERED, minutes(70), None, None),
            (2, "bob", Outcome.UNANSWERED, minutes(20), None, None),
            # Round the clock, first answer due in 2 hours: at risk 15 minutes before.
            (4, "bob", Outcome.UNANSWERED, minutes(105), None, None),
            (8, "alice", Outcome.ASKED_VENDOR, hours(26), Priority.NORMAL, "A00012345"),
            (1, "bob", Outcome.ASKED_CONFIRMATION, hours(30), Priority.LOW, "A00067890"),
            (7, "alice", Outcome.VENDOR_ANSWERED, hours(70), Priority.HIGH, "A00012345"),
            (3, "bob", Outcome.WAITING, hours(20), Priority.NORMAL, None),
            (11, "alice", Outcome.CUSTOMER_REPLIED, hours(50), Priority.HIGH, None),
            (9, "alice", Outcome.IN_PROGRESS, hours(96), Priority.NORMAL, None),
        ]
        earliest = now - timedelta(days=14)
        for offset, (scenario, customer, outcome, ago, priority, vendor) in enumerate(recent):
            story = Story(
                index=first + offset,
                scenario_index=scenario,
                cast=cast,
                outcome=outcome,
                rng=rng,
                customer_name=customer,
                priority=priority,
                assign=priority is not None,
                vendor_code=vendor,
            )
            story.tell(playback, now - ago, earliest=earliest)
        # Past its first-answer target with no answer: high priority, opened on a working
        # morning whose four business hours were over at least two hours ago.
        story = Story(
            index=first + len(recent),
            scenario_index=1,
            cast=cast,
            outcome=Outcome.UNANSWERED,
            rng=rng,
            customer_name="alice",
            priority=Priority.HIGH,
            assign=True,
        )
        story.tell(playback, self._overdue(cast, now, minutes(240)), earliest=earliest)

    @staticmethod
    def _overdue(cast: Cast, now: datetime, budget: timedelta) -> datetime:
        day = now.astimezone(cast.zone).date()
        while True:
            day -= timedelta(days=1)
            opened_at = datetime.combine(day, time(10, 30), tzinfo=cast.zone)
            due = cast.office.add(opened_at, budget.total_seconds())
            if due < now - timedelta(hours=2):
                return opened_at

    def _macros(self, sam: User) -> None:
        for name, fields in DEMO_MACROS.items():
            Macro.objects.get_or_create(name=name, owner=sam, defaults=fields)
