"""Demo data: the spec's users, and a few dozen tickets in every state.

Idempotent: users, vendors and accounts are created only when missing, and the tickets
only when no demo ticket exists yet.
"""

import random
from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.utils import timezone

from tickets.agenttools.models import Macro
from tickets.models import Category, Priority, SellerAccount, Status, Ticket, User, Vendor
from tickets.notifications import outbox
from tickets.permissions import AGENTS_GROUP
from tickets.services import messages, ratings
from tickets.services import tickets as ticket_services
from tickets.services.attachments import attachment_upload
from tickets.services.tags import ticket_tags_change
from tickets.services.vendors import vendor_issue_keys
from tickets.sla.demo import demo_policies, demo_spread_deadlines

PASSWORD = "demo12345"
# A reserved domain (RFC 2606): demo mail can never reach a real mailbox.
MAIL_DOMAIN = "example.test"
DEMO_MARK = "demo"
VENDORS = {"A00012345": "Seoul Apparel Co.", "A00067890": "Busan Home Goods"}

SCENARIOS = [
    ("Where is my order?", "ORDER", "The tracking page has not changed for five days."),
    ("Parcel arrived damaged", "PRODUCT", "The box was crushed and the lamp inside is broken."),
    ("Cannot log in to my account", "ACCOUNT", "The password reset mail never arrives."),
    ("Checkout page shows an error", "TECHNICAL", "Pressing Pay shows 'Something went wrong'."),
    ("Charged twice for one order", "PAYMENT", "My card statement shows the same amount twice."),
    ("Do you ship to Norway?", "GENERAL", "I would like to order but live in Oslo."),
    ("Wrong size delivered", "PRODUCT", "I ordered L and received S."),
    ("Refund not received", "PAYMENT", "The return was accepted two weeks ago."),
    ("Inbound delivery not booked in", "INBOUND", "Our pallet arrived on Monday but stock is 0."),
    ("Missing items in shipment", "ARTICLES_ITEMS_IN_ORDER", "Two of five articles missing."),
    ("Invoice shows a surcharge", "SURCHARGES", "What is the peak surcharge on invoice 2211?"),
    ("Shop integration stopped syncing", "SHOP_INTEGRATION", "Orders stopped arriving."),
]
REPLIES = [
    "Thanks for reaching out, we are looking into it.",
    "Could you send us a photo of the label?",
    "We have asked the carrier for an update.",
]
CUSTOMER_REPLIES = ["Here is the photo you asked for.", "Any news on this?", "Thank you!"]
DEMO_TAGS = [["vip"], ["late-delivery"], ["vip", "refund"]]
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
FINAL_STATES = [
    Status.OPEN,
    Status.IN_PROGRESS,
    Status.WAITING_ON_CUSTOMER,
    Status.RESOLVED,
    Status.CANCELLED,
]


class Command(BaseCommand):
    help = "Load the demo users and tickets (safe to run again: changes nothing then)."

    def handle(self, *args, **options) -> None:
        users = self._users()
        if Ticket.objects.filter(**{f"metadata__{DEMO_MARK}": True}).exists():
            self.stdout.write("Demo data already loaded.")
            return
        demo_policies()
        # Past activity, played back: nobody is mailed about it.
        with outbox.muted():
            self._tickets(users)
        self.stdout.write(self.style.SUCCESS(f"Loaded {Ticket.objects.count()} demo tickets."))

    def _user(self, username: str, **fields) -> User:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@{MAIL_DOMAIN}",
                "email_confirmed_at": timezone.now(),
                "first_name": username.title(),
                **fields,
            },
        )
        if created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        return user

    def _users(self) -> dict[str, User]:
        agents, _ = Group.objects.get_or_create(name=AGENTS_GROUP)
        vendors = {}
        for code, name in VENDORS.items():
            vendor, _ = Vendor.objects.get_or_create(code=code, defaults={"name": name})
            if not vendor.access_key:
                vendor = vendor_issue_keys(vendor=vendor)
            vendors[code] = vendor
        account, _ = SellerAccount.objects.get_or_create(id=1001, defaults={"name": "Alice's Shop"})
        users = {
            "alice": self._user("alice", last_name="Kim"),
            "bob": self._user("bob", last_name="Lee"),
            "sam": self._user("sam", last_name="Support"),
            "vera": self._user("vera", vendor=vendors["A00012345"]),
            "vic": self._user("vic", vendor=vendors["A00067890"]),
            "admin": self._user("admin", is_staff=True, is_superuser=True),
        }
        users["sam"].groups.add(agents)
        users["alice"].seller_accounts.add(account)
        users["vendors"] = vendors
        return users

    def _tickets(self, users: dict) -> None:
        rng = random.Random(42)
        categories = {c.code: c for c in Category.objects.filter(depth__lte=2)}
        sam = users["sam"]
        now = timezone.now()
        for index in range(36):
            subject, code, description = SCENARIOS[index % len(SCENARIOS)]
            customer = users["alice"] if index % 3 != 2 else users["bob"]
            is_3pl = code not in {"ORDER", "PRODUCT", "ACCOUNT", "TECHNICAL", "PAYMENT", "GENERAL"}
            ticket = ticket_services.ticket_create(
                actor=customer,
                subject=subject,
                description=description,
                category=categories[code],
                seller_account_id=1001 if is_3pl and customer == users["alice"] else None,
                warehouse_id=7 if is_3pl else None,
                order_id=str(1900000000000 + index),
                item_id=str(3285906000 + index),
                item_name=f"{subject.split()[0]} item #{index}",
                metadata={DEMO_MARK: True},
                attachment_uuids=self._demo_attachment(customer, index),
            )
            # Customers do not set priorities; support triages the new ticket.
            ticket_services.ticket_change_priority(
                ticket=ticket, actor=sam, priority=rng.choice(Priority.values)
            )
            self._play(ticket, users, sam, FINAL_STATES[index % len(FINAL_STATES)], index, rng)
            if index % 4 == 1:
                ticket_tags_change(ticket=ticket, actor=sam, add=DEMO_TAGS[index % len(DEMO_TAGS)])
            created = now - timedelta(days=rng.randint(0, 13), hours=rng.randint(0, 23))
            Ticket.objects.filter(pk=ticket.pk).update(created_at=created)
        waiting_on_support = Ticket.objects.filter(
            status__in=(Status.OPEN, Status.IN_PROGRESS), **{f"metadata__{DEMO_MARK}": True}
        ).order_by("id")
        demo_spread_deadlines(list(waiting_on_support))
        self._macros(sam)

    def _macros(self, sam: User) -> None:
        for name, fields in DEMO_MACROS.items():
            Macro.objects.get_or_create(name=name, owner=sam, defaults=fields)

    def _demo_attachment(self, customer: User, index: int) -> list:
        if index % 6:
            return []
        upload = SimpleUploadedFile(
            "order-notes.txt", b"Order notes\nPlease handle with care.\n", "text/plain"
        )
        return [attachment_upload(actor=customer, uploaded=upload).uuid]

    def _play(self, ticket, users, sam, state, index, rng) -> None:
        customer = ticket.customer
        if index % 4 == 0:
            ticket_services.ticket_assign(ticket=ticket, actor=sam, assignee=sam)
        if index % 5 == 1:
            messages.message_post(
                ticket=ticket,
                actor=sam,
                body="Customer is a repeat buyer; be generous.",
                is_internal=True,
            )
        if index % 7 == 3:
            self._transfer(ticket, users, sam, index)
        if state == Status.OPEN:
            return
        if state == Status.CANCELLED:
            ticket_services.ticket_cancel(ticket=ticket, actor=rng.choice([sam, customer]))
            return
        messages.message_post(ticket=ticket, actor=sam, body=rng.choice(REPLIES))
        if state == Status.WAITING_ON_CUSTOMER:
            return
        messages.message_post(ticket=ticket, actor=customer, body=rng.choice(CUSTOMER_REPLIES))
        if state == Status.IN_PROGRESS:
            ticket_services.ticket_set_status(ticket=ticket, actor=sam, to=Status.IN_PROGRESS)
            return
        ticket_services.ticket_resolve(ticket=ticket, actor=sam)
        if index % 3 != 2:
            ratings.rating_add(
                ticket=ticket,
                actor=customer,
                score=rng.choice([3, 4, 4.5, 5]),
                comment=rng.choice(["", "Quick and friendly, thanks."]),
            )

    def _transfer(self, ticket, users, sam, index) -> None:
        code = "A00012345" if index % 2 else "A00067890"
        needs_answer = index % 2 == 1
        ticket_services.ticket_transfer(
            ticket=ticket,
            actor=sam,
            vendor=users["vendors"][code],
            note=f"[Vendor transfer] Order {ticket.order_id}: please check with the buyer.",
            needs_answer=needs_answer,
        )
        vendor_user = users["vera"] if code == "A00012345" else users["vic"]
        if needs_answer and index % 4 == 3:
            messages.vendor_answer(
                ticket=ticket,
                actor=vendor_user,
                body="We received the return on the 3rd; refund will follow.",
            )
        if not needs_answer and index % 3 == 0:
            messages.vendor_confirm(ticket=ticket, actor=vendor_user)
