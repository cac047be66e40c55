"""Demo data: the spec's users, and two months of tickets played through the services.

Idempotent: users, vendors and accounts are created only when missing, and the tickets
only when no demo ticket exists yet. The tickets are the same on every load (a seeded
random), placed relative to now: the old ones resolved over days, the recent ones still
under way, a few past their SLA targets.
"""

from datetime import timedelta

import time_machine
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.utils import timezone

from tickets.agenttools.models import Macro
from tickets.demo.plan import HISTORY_DAYS, demo_cast, demo_plan
from tickets.demo.playback import Playback
from tickets.demo.stories import DEMO_MARK
from tickets.models import Priority, SellerAccount, Status, Ticket, User, Vendor
from tickets.notifications import outbox
from tickets.permissions import AGENTS_GROUP
from tickets.services.vendors import vendor_issue_keys
from tickets.sla.demo import demo_policies

PASSWORD = "demo12345"
# A reserved domain (RFC 2606): demo mail can never reach a real mailbox.
MAIL_DOMAIN = "example.test"
VENDORS = {"A00012345": "Seoul Apparel Co.", "A00067890": "Busan Home Goods"}
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
        demo_plan(playback, demo_cast())
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

    def _macros(self, sam: User) -> None:
        for name, fields in DEMO_MACROS.items():
            Macro.objects.get_or_create(name=name, owner=sam, defaults=fields)
