"""What happens to each demo ticket, and when.

A story draws its delays once (seeded), then places its acts from the moment the ticket
was opened: support works in the Seoul office's business hours (the payments desk around
the clock), customers answer within hours but not at night, vendors within their working
days. Old stories end resolved or cancelled; the recent ones are still under way, so the
queue, the SLA badges and the overview look like a team's ordinary fortnight.
"""

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from tickets.models import Category, Priority, Status, Ticket, User, Vendor
from tickets.services import messages, ratings
from tickets.services import tickets as ticket_services
from tickets.services.attachments import attachment_upload
from tickets.services.tags import ticket_tags_change
from tickets.sla.calendar import BusinessCalendar
from tickets.sla.demo import OFFICE_TARGETS, ROUND_THE_CLOCK_TARGETS

from .playback import Playback

DEMO_MARK = "demo"
# The categories whose tickets the payments desk answers around the clock (the demo's
# second SLA policy covers them).
AROUND_THE_CLOCK = frozenset({"PAYMENT"})
STOREFRONT = frozenset({"ORDER", "PRODUCT", "ACCOUNT", "TECHNICAL", "PAYMENT", "GENERAL"})


@dataclass(frozen=True)
class Scenario:
    subject: str
    category: str
    description: str
    answer: str
    solution: str


SCENARIOS = [
    Scenario(
        "Where is my order?",
        "ORDER",
        "The tracking page has not changed for five days.",
        "We have asked the carrier for an update on the parcel.",
        "The carrier found the parcel at the depot; it is out for delivery today.",
    ),
    Scenario(
        "Parcel arrived damaged",
        "PRODUCT",
        "The box was crushed and the lamp inside is broken.",
        "Sorry about that! Could you send us a photo of the box and the label?",
        "A replacement lamp is on its way; no need to send the broken one back.",
    ),
    Scenario(
        "Cannot log in to my account",
        "ACCOUNT",
        "The password reset mail never arrives.",
        "The reset mail was held by your provider's spam filter; we sent a new one.",
        "Your account is unlocked and the new password works.",
    ),
    Scenario(
        "Checkout page shows an error",
        "TECHNICAL",
        "Pressing Pay shows 'Something went wrong'.",
        "Which browser and card type were you using?",
        "The payment page is fixed; your basket was kept.",
    ),
    Scenario(
        "Charged twice for one order",
        "PAYMENT",
        "My card statement shows the same amount twice.",
        "The second charge is a pre-authorisation; we are checking with the bank.",
        "The duplicate charge was released; it leaves your statement within 3 days.",
    ),
    Scenario(
        "Do you ship to Norway?",
        "GENERAL",
        "I would like to order but live in Oslo.",
        "We do: delivery to Norway takes 5 to 8 days; customs are prepaid.",
        "Glad to help, happy shopping!",
    ),
    Scenario(
        "Wrong size delivered",
        "PRODUCT",
        "I ordered L and received S.",
        "Sorry for the mix-up. Could you confirm the size on the label?",
        "The L is on its way with a free return label for the S.",
    ),
    Scenario(
        "Refund not received",
        "PAYMENT",
        "The return was accepted two weeks ago.",
        "The refund left us on the 3rd; let us check with the payment provider.",
        "The provider confirmed the refund; it is on your card now.",
    ),
    Scenario(
        "Inbound delivery not booked in",
        "INBOUND",
        "Our pallet arrived on Monday but stock is 0.",
        "The pallet is in the receiving area; booking it in today.",
        "All 240 units are booked in and available.",
    ),
    Scenario(
        "Missing items in shipment",
        "ARTICLES_ITEMS_IN_ORDER",
        "Two of five articles missing.",
        "We are checking the packing record and the scale weight.",
        "The two articles were sent separately yesterday with tracking.",
    ),
    Scenario(
        "Invoice shows a surcharge",
        "SURCHARGES",
        "What is the peak surcharge on invoice 2211?",
        "The surcharge is the seasonal peak fee for November.",
        "We credited the surcharge: your contract exempts you from it.",
    ),
    Scenario(
        "Shop integration stopped syncing",
        "SHOP_INTEGRATION",
        "Orders stopped arriving.",
        "Your shop's API key expired on Friday; could you issue a new one?",
        "Sync is running again; the 12 waiting orders came through.",
    ),
]
CUSTOMER_REPLIES = [
    "Here is the photo you asked for.",
    "Any news on this?",
    "It was Chrome on my laptop, with a Visa card.",
    "Thanks, that helps. When will it arrive?",
    "I checked again and it is still not there.",
]
CUSTOMER_FOLLOW_UPS = ["Thank you!", "Great, thanks for the quick help.", "Got it, thanks."]
VENDOR_ANSWERS = [
    "We received the return on the 3rd; the refund will follow.",
    "The item left our warehouse yesterday; tracking is attached to the order.",
    "Confirmed: the size chart on the listing was wrong; we have corrected it.",
]
NOTES = [
    "Customer is a repeat buyer; be generous.",
    "Same issue as last week's carrier delay; see the depot's mail.",
    "Checked the payment log: two authorisations, one capture.",
]
RATING_COMMENTS = ["", "", "Quick and friendly, thanks.", "Solved in a day, great.", ""]
TAG_SETS = [["vip"], ["late-delivery"], ["vip", "refund"]]
PRIORITIES = [Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.URGENT]
PRIORITY_WEIGHTS = [20, 50, 22, 8]
# Support answers first within about a fifth of the target (business minutes for the
# office, minutes for the payments desk), except on a busy day (one story in twenty),
# when the answer comes after the target; the more urgent, the faster the rest goes too.
FIRST_REPLY_SHARE = 0.2
BUSY_DAY_EVERY = 20
PACE = {Priority.URGENT: 0.3, Priority.HIGH: 0.6, Priority.NORMAL: 1.0, Priority.LOW: 1.3}
MARGIN = timedelta(minutes=5)


class Outcome(StrEnum):
    """Where a story stands now."""

    RESOLVED = "resolved"
    CANCELLED = "cancelled"
    WAITING = "waiting"  # support answered; the customer has not yet
    CUSTOMER_REPLIED = "customer_replied"  # back with support (open)
    IN_PROGRESS = "in_progress"
    UNANSWERED = "unanswered"  # open, no answer yet
    ASKED_VENDOR = "asked_vendor"  # transferred for an answer that has not come
    ASKED_CONFIRMATION = "asked_confirmation"  # transferred for a confirmation not given
    VENDOR_ANSWERED = "vendor_answered"  # the vendor answered; support has not yet


@dataclass(frozen=True)
class Cast:
    """The people, categories and vendors the stories use, and when each side works."""

    customers: dict[str, User]
    agent: User
    vendor_users: dict[str, User]
    vendors: dict[str, Vendor]
    categories: dict[str, Category]
    office: BusinessCalendar
    zone: ZoneInfo

    def support(self, after: datetime, minutes: float, *, around_the_clock: bool) -> datetime:
        """When support acts `minutes` of its working time after `after`."""
        if around_the_clock:
            return after + timedelta(minutes=minutes)
        return self.office.add(after, max(minutes, 1) * 60)

    def customer(self, after: datetime, hours: float) -> datetime:
        """When a customer answers `hours` after `after`: at night, the next morning."""
        moment = (after + timedelta(hours=hours)).astimezone(self.zone)
        if moment.hour < 7:
            minute = int(hours * 60) % 90
            moment = datetime.combine(moment.date(), time(7), tzinfo=self.zone) + timedelta(
                minutes=30 + minute
            )
        return moment


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(rng.gauss(0, sigma))


@dataclass
class Story:
    """One ticket's life: its delays are drawn when the story is made, its acts placed
    when it is told from an opening moment."""

    index: int
    cast: Cast
    outcome: Outcome
    customer_name: str
    priority: Priority | None = None
    assign: bool = False
    vendor_code: str | None = None
    scenario_index: int | None = None
    ticket: Ticket | None = field(default=None, init=False)
    cut_short: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        # Each story draws from its own seeded generator: changing one leaves the others.
        rng = random.Random(f"demo-story-{self.index}")
        scenario_index = self.index if self.scenario_index is None else self.scenario_index
        self.scenario = SCENARIOS[scenario_index % len(SCENARIOS)]
        self.customer = self.cast.customers[self.customer_name]
        self.around_the_clock = self.scenario.category in AROUND_THE_CLOCK
        urgency = self.priority or Priority.NORMAL
        targets = ROUND_THE_CLOCK_TARGETS if self.around_the_clock else OFFICE_TARGETS
        first_reply_target, _ = targets[urgency]
        pace = PACE[urgency]
        self.delays = {
            "triage": rng.uniform(3, 25),
            "first_reply": first_reply_target
            * (
                rng.uniform(1.1, 1.5)
                if self.index % BUSY_DAY_EVERY == 5
                else _lognormal(rng, FIRST_REPLY_SHARE, 0.7)
            ),
            "transfer": pace * rng.uniform(10, 90),
            "vendor": _lognormal(rng, 300, 0.6),
            "customer": rng.uniform(0.5, 20),
            "second_round": rng.random() < 0.4,
            "second_reply": pace * _lognormal(rng, 120, 0.8),
            "customer_again": rng.uniform(1, 30),
            "resolve": pace * _lognormal(rng, 150, 0.9),
            "respond_and_resolve": rng.random() < 0.5,
            "rated": rng.random() < 0.7,
            "rating_after": rng.uniform(0.5, 36),
            "score": rng.choice([5, 5, 5, 4.5, 4, 4, 3, 2]),
            "comment": rng.choice(RATING_COMMENTS),
            "cancel_by_customer": rng.random() < 0.6,
            "cancel_after": rng.uniform(0.2, 2),
        }
        self.has_note = self.index % 5 == 1
        self.tags = TAG_SETS[self.index % len(TAG_SETS)] if self.index % 4 == 1 else []
        self.has_attachment = self.index % 6 == 0
        # A vendor is asked for an answer, or (one transfer in three) only to confirm.
        self.needs_answer = self.outcome == Outcome.ASKED_VENDOR or (
            self.outcome != Outcome.ASKED_CONFIRMATION and self.index % 3 != 0
        )
        self._replies = 0

    def __repr__(self) -> str:
        return f"Story({self.index}, {self.outcome}, {self.customer_name})"

    # When things happen -------------------------------------------------------------

    def _support(self, after: datetime, minutes: float) -> datetime:
        return self.cast.support(after, minutes, around_the_clock=self.around_the_clock)

    def plan(self, opened_at: datetime) -> list[tuple[datetime, Callable[[], object]]]:
        """The story's acts from `opened_at` on, in order, up to where it stands now."""
        d = self.delays
        acts: list[tuple[datetime, Callable[[], object]]] = [(opened_at, self.open)]
        if self.outcome == Outcome.UNANSWERED and self.priority is None and not self.assign:
            return acts  # nobody has looked at it yet
        moment = self._support(opened_at, d["triage"])
        acts.append((moment, self.triage))
        if self.outcome == Outcome.CANCELLED:
            if d["cancel_by_customer"]:
                moment = self.cast.customer(opened_at, d["cancel_after"])
            acts.append((max(moment, acts[-1][0]), self.cancel))
            return acts
        if self.outcome in (Outcome.ASKED_VENDOR, Outcome.ASKED_CONFIRMATION):
            acts.append((self._support(moment, d["transfer"]), self.transfer))
            return acts
        if self.outcome == Outcome.UNANSWERED:
            return acts
        moment = self._support(moment, d["first_reply"])
        acts.append((moment, self.answer))
        vendor_done = moment
        if self.vendor_code:
            transferred = self._support(moment, d["transfer"])
            acts.append((transferred, self.transfer))
            vendor_done = self.cast.office.add(transferred, d["vendor"] * 60)
            acts.append((vendor_done, self.vendor_act))
            if self.outcome == Outcome.VENDOR_ANSWERED:
                return acts
        if self.outcome == Outcome.WAITING:
            return acts
        moment = self.cast.customer(moment, d["customer"])
        acts.append((moment, self.customer_reply))
        if self.outcome == Outcome.CUSTOMER_REPLIED:
            return acts
        if self.outcome == Outcome.IN_PROGRESS:
            acts.append((self._support(moment, d["second_reply"]), self.work_on))
            return acts
        if d["second_round"]:
            moment = self._support(max(moment, vendor_done), d["second_reply"])
            acts.append((moment, self.answer_again))
            moment = self.cast.customer(moment, d["customer_again"])
            acts.append((moment, self.customer_reply))
        moment = self._support(max(moment, vendor_done), d["resolve"])
        if d["respond_and_resolve"]:
            acts.append((moment, self.respond_and_resolve))
        else:
            # The solution first; the customer confirms it worked, then support resolves.
            acts.append((moment, self.answer_with_solution))
            moment = self.cast.customer(moment, d["customer_again"] / 3)
            acts.append((moment, self.customer_thanks))
            moment = self._support(moment, d["triage"])
            acts.append((moment, self.resolve))
        if d["rated"]:
            acts.append((self.cast.customer(moment, d["rating_after"]), self.rate))
        return acts

    def tell(self, playback: Playback, opened_at: datetime, *, earliest: datetime) -> None:
        """Add the story's acts to the playback, opened at `opened_at` or, when its acts
        would not all be over by now, as many days earlier as they need (not before
        `earliest`)."""
        acts = self.plan(opened_at)
        while acts[-1][0] > playback.now - MARGIN and opened_at - timedelta(days=1) > earliest:
            opened_at -= timedelta(days=1)
            acts = self.plan(opened_at)
        for when, act in acts:
            # Never the case for the demo's plan; should it be, the story stops there.
            if when > playback.now - MARGIN:
                self.cut_short = True
                break
            playback.at(when, act)

    # What happens (each act is one service call) -------------------------------------

    def open(self) -> None:
        scenario, customer, index = self.scenario, self.customer, self.index
        is_3pl = scenario.category not in STOREFRONT
        has_account = is_3pl and customer.seller_accounts.filter(pk=1001).exists()
        self.ticket = ticket_services.ticket_create(
            actor=customer,
            subject=scenario.subject,
            description=scenario.description,
            category=self.cast.categories[scenario.category],
            seller_account_id=1001 if has_account else None,
            warehouse_id=7 if is_3pl else None,
            order_id=str(1900000000000 + index),
            item_id=str(3285906000 + index),
            item_name=f"{scenario.subject.split()[0]} item #{index}",
            metadata={DEMO_MARK: True},
            attachment_uuids=self._attachment(),
        )

    def _attachment(self) -> list:
        if not self.has_attachment:
            return []
        upload = SimpleUploadedFile(
            "order-notes.txt", b"Order notes\nPlease handle with care.\n", "text/plain"
        )
        return [attachment_upload(actor=self.customer, uploaded=upload).uuid]

    def triage(self) -> None:
        agent = self.cast.agent
        if self.priority is not None:
            ticket_services.ticket_change_priority(
                ticket=self.ticket, actor=agent, priority=self.priority
            )
        if self.assign:
            ticket_services.ticket_assign(ticket=self.ticket, actor=agent, assignee=agent)
        if self.tags:
            ticket_tags_change(ticket=self.ticket, actor=agent, add=self.tags)
        if self.has_note:
            messages.message_post(
                ticket=self.ticket,
                actor=agent,
                body=NOTES[self.index % len(NOTES)],
                is_internal=True,
            )

    def answer(self) -> None:
        self._agent_says(self.scenario.answer)

    def answer_again(self) -> None:
        self._agent_says("Thanks! One more thing: could you confirm the delivery address?")

    def answer_with_solution(self) -> None:
        self._agent_says(self.scenario.solution)

    def _agent_says(self, body: str) -> None:
        messages.message_post(ticket=self.ticket, actor=self.cast.agent, body=body)

    def customer_reply(self) -> None:
        self._replies += 1
        body = CUSTOMER_REPLIES[(self.index + self._replies) % len(CUSTOMER_REPLIES)]
        messages.message_post(ticket=self.ticket, actor=self.customer, body=body)

    def customer_thanks(self) -> None:
        body = CUSTOMER_FOLLOW_UPS[self.index % len(CUSTOMER_FOLLOW_UPS)]
        messages.message_post(ticket=self.ticket, actor=self.customer, body=body)

    def transfer(self) -> None:
        ticket_services.ticket_transfer(
            ticket=self.ticket,
            actor=self.cast.agent,
            vendor=self.cast.vendors[self.vendor_code],
            note=f"[Vendor transfer] Order {self.ticket.order_id}: please check with the buyer.",
            needs_answer=self.needs_answer,
        )

    def vendor_act(self) -> None:
        vendor_user = self.cast.vendor_users[self.vendor_code]
        if self.needs_answer:
            messages.vendor_answer(
                ticket=self.ticket,
                actor=vendor_user,
                body=VENDOR_ANSWERS[self.index % len(VENDOR_ANSWERS)],
            )
        else:
            messages.vendor_confirm(ticket=self.ticket, actor=vendor_user)

    def work_on(self) -> None:
        ticket_services.ticket_set_status(
            ticket=self.ticket, actor=self.cast.agent, to=Status.IN_PROGRESS
        )

    def respond_and_resolve(self) -> None:
        messages.ticket_respond_and_resolve(
            ticket=self.ticket, actor=self.cast.agent, body=self.scenario.solution
        )

    def resolve(self) -> None:
        ticket_services.ticket_resolve(ticket=self.ticket, actor=self.cast.agent)

    def rate(self) -> None:
        ratings.rating_add(
            ticket=self.ticket,
            actor=self.customer,
            score=self.delays["score"],
            comment=self.delays["comment"],
        )

    def cancel(self) -> None:
        actor = self.customer if self.delays["cancel_by_customer"] else self.cast.agent
        ticket_services.ticket_cancel(ticket=self.ticket, actor=actor)
