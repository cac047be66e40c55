"""The SLA clock through the services, on a frozen clock: due times in business hours,
stops while the customer or a vendor has the ball, breaches logged once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    AgentFactory,
    CategoryFactory,
    CustomerFactory,
    SellerAccountFactory,
    TicketFactory,
    VendorFactory,
    VendorUserFactory,
)
from tests.sla_support import make_policy, seoul, ticket_of_priority
from tickets.models import EventKind, Priority, Status, Ticket, TicketEvent, TransferStatus
from tickets.services.messages import message_post, vendor_answer, vendor_confirm
from tickets.services.tickets import (
    ticket_assign,
    ticket_cancel,
    ticket_change_category,
    ticket_change_priority,
    ticket_reopen,
    ticket_resolve,
    ticket_transfer,
)
from tickets.sla.clock import sla_state
from tickets.sla.models import SlaHoliday

HOUR = 3600


def fresh(ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def breaches(ticket) -> list[str]:
    return list(
        TicketEvent.objects.filter(ticket=ticket, kind=EventKind.SLA_BREACHED)
        .order_by("id")
        .values_list("to_value", flat=True)
    )


def test_new_ticket_gets_due_times_in_business_hours(policy, clock):
    ticket = fresh(TicketFactory())
    assert ticket.sla_policy == policy
    assert ticket.sla_first_response_due_at == seoul(2026, 3, 9, 12)
    # 10 business hours from Monday 10:00: 8 on Monday, 2 on Tuesday.
    assert ticket.sla_resolution_due_at == seoul(2026, 3, 10, 11)
    assert ticket.sla_due_at == seoul(2026, 3, 9, 12)
    assert ticket.sla_at_risk_at == seoul(2026, 3, 9, 11, 30)
    assert ticket.sla_paused_since is None
    assert ticket.sla_paused_seconds == 0


def test_ticket_opened_on_friday_evening_is_due_after_the_weekend(policy, clock):
    clock.move_to(seoul(2026, 3, 13, 17))
    ticket = fresh(TicketFactory())
    assert ticket.sla_first_response_due_at == seoul(2026, 3, 16, 10)
    assert ticket.sla_resolution_due_at == seoul(2026, 3, 16, 18)


def test_public_holidays_and_extra_days_stop_the_clock(policy, clock):
    # Friday 13 Feb 2026, before the Korean New Year holidays (Monday to Wednesday);
    # the company also closes on Thursday the 19th.
    SlaHoliday.objects.create(policy=policy, day="2026-02-19", name="Company day")
    clock.move_to(seoul(2026, 2, 13, 17))
    ticket = fresh(TicketFactory())
    assert ticket.sla_first_response_due_at == seoul(2026, 2, 20, 10)


def test_a_reply_that_leaves_the_deadlines_writes_none_of_the_clock(policy, clock):
    ticket = TicketFactory()
    clock.shift(600)
    with CaptureQueriesContext(connection) as captured:
        message_post(ticket=ticket, actor=ticket.customer, body="Any news?")
    updates = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert "sla_" not in updates[0]
    assert fresh(ticket).sla_first_response_due_at == seoul(2026, 3, 9, 12)


def test_ticket_without_a_matching_policy_has_no_clock(policy, clock):
    ticket = fresh(ticket_of_priority(Priority.LOW))
    assert ticket.sla_policy is None
    assert ticket.sla_due_at is None
    assert sla_state(ticket) is None


def test_waiting_on_customer_stops_the_clock_and_the_answer_restarts_it(policy, clock):
    agent = AgentFactory()
    ticket = TicketFactory()
    clock.move_to(seoul(2026, 3, 9, 11))
    message_post(ticket=ticket, actor=agent, body="Which size did you order?")
    ticket = fresh(ticket)
    assert ticket.status == Status.WAITING_ON_CUSTOMER
    assert ticket.first_response_at == seoul(2026, 3, 9, 11)
    assert ticket.sla_first_response_breached_at is None
    assert ticket.sla_paused_since == seoul(2026, 3, 9, 11)
    assert ticket.sla_due_at is None
    assert sla_state(ticket) == "paused"

    # The customer answers on Tuesday at 14:00: 7 + 5 business hours were stopped.
    clock.move_to(seoul(2026, 3, 10, 14))
    message_post(ticket=ticket, actor=ticket.customer, body="Size L.")
    ticket = fresh(ticket)
    assert ticket.status == Status.OPEN
    assert ticket.sla_paused_since is None
    assert ticket.sla_paused_seconds == 12 * HOUR
    # 10 + 12 business hours from Monday 10:00: Mon 8, Tue 9, Wed 5.
    assert ticket.sla_resolution_due_at == seoul(2026, 3, 11, 14)
    assert ticket.sla_due_at == ticket.sla_resolution_due_at
    # The first response was met: its deadline no longer moves.
    assert ticket.sla_first_response_due_at == seoul(2026, 3, 9, 12)


@pytest.mark.parametrize(
    ("needs_answer", "resume"),
    [(True, "answer"), (False, "confirm")],
)
def test_waiting_on_a_vendor_stops_the_clock_until_it_answers(policy, clock, needs_answer, resume):
    agent = AgentFactory()
    vendor = VendorFactory()
    vendor_user = VendorUserFactory(vendor=vendor)
    ticket = TicketFactory()
    ticket_transfer(ticket=ticket, actor=agent, vendor=vendor, note="?", needs_answer=needs_answer)
    ticket = fresh(ticket)
    assert ticket.transfer_status in (
        TransferStatus.ANSWER_REQUESTED,
        TransferStatus.CONFIRM_REQUESTED,
    )
    assert ticket.sla_paused_since == seoul(2026, 3, 9, 10)
    assert ticket.sla_due_at is None

    # Overnight: 8 business hours on Monday, 1 on Tuesday.
    clock.move_to(seoul(2026, 3, 10, 10))
    if resume == "answer":
        vendor_answer(ticket=ticket, actor=vendor_user, body="Shipped on Friday.")
    else:
        vendor_confirm(ticket=ticket, actor=vendor_user)
    ticket = fresh(ticket)
    assert ticket.sla_paused_since is None
    assert ticket.sla_paused_seconds == 9 * HOUR
    # The first response still owed: 2 business hours after 9 stopped ones.
    assert ticket.sla_first_response_due_at == seoul(2026, 3, 10, 12)
    assert ticket.sla_due_at == seoul(2026, 3, 10, 12)


def test_resolving_stops_the_clock_and_reopening_resumes_it(policy, clock):
    agent = AgentFactory()
    ticket = TicketFactory()
    clock.move_to(seoul(2026, 3, 9, 11))
    message_post(ticket=ticket, actor=agent, body="Refund sent.")
    ticket_resolve(ticket=ticket, actor=agent)
    ticket = fresh(ticket)
    assert ticket.sla_due_at is None
    assert sla_state(ticket) == "met"

    clock.move_to(seoul(2026, 3, 9, 15))
    ticket_reopen(ticket=ticket, actor=ticket.customer)
    ticket = fresh(ticket)
    assert ticket.sla_paused_seconds == 4 * HOUR
    assert ticket.sla_due_at == seoul(2026, 3, 10, 15)


def test_resolving_long_after_the_customer_went_quiet_is_no_breach(policy, clock, check):
    agent = AgentFactory()
    ticket = TicketFactory()
    clock.move_to(seoul(2026, 3, 9, 11))
    message_post(ticket=ticket, actor=agent, body="Did the replacement arrive?")
    clock.move_to(seoul(2026, 3, 20, 11))
    check()
    ticket_resolve(ticket=ticket, actor=agent)
    ticket = fresh(ticket)
    assert breaches(ticket) == []
    assert sla_state(ticket) == "met"


def test_a_later_wait_does_not_turn_a_met_first_response_into_a_breach(policy, clock):
    agent = AgentFactory()
    ticket = TicketFactory()
    clock.move_to(seoul(2026, 3, 9, 11))
    message_post(ticket=ticket, actor=agent, body="Which size?")
    clock.move_to(seoul(2026, 3, 10, 9, 30))
    message_post(ticket=ticket, actor=ticket.customer, body="Size M.")
    clock.move_to(seoul(2026, 3, 10, 10))
    message_post(ticket=ticket, actor=agent, body="Sent. Does it fit?")
    ticket = fresh(ticket)
    assert ticket.sla_paused_since == seoul(2026, 3, 10, 10)
    assert breaches(ticket) == []


def test_a_reply_during_a_vendor_wait_counts_only_the_time_before_it(policy, clock):
    agent = AgentFactory()
    ticket = TicketFactory()
    ticket_transfer(ticket=ticket, actor=agent, vendor=VendorFactory(), note="Stock?")
    clock.move_to(seoul(2026, 3, 12, 15))
    message_post(ticket=ticket, actor=agent, body="We are asking the seller.")
    ticket = fresh(ticket)
    assert ticket.sla_first_response_breached_at is None
    assert breaches(ticket) == []


def test_priority_change_picks_the_priority_targets(clock, db):
    make_policy(targets={Priority.NORMAL: (120, 600), Priority.URGENT: (30, 120)})
    agent = AgentFactory()
    ticket = TicketFactory()
    clock.move_to(seoul(2026, 3, 9, 10, 20))
    ticket_change_priority(ticket=ticket, actor=agent, priority=Priority.URGENT)
    ticket = fresh(ticket)
    assert ticket.sla_first_response_due_at == seoul(2026, 3, 9, 10, 30)
    assert ticket.sla_resolution_due_at == seoul(2026, 3, 9, 12)


def test_most_specific_policy_wins(clock, db):
    general = make_policy("General")
    parent = CategoryFactory()
    child = CategoryFactory(parent=parent)
    by_category = make_policy("Parent category", category=parent, holiday_country="")
    vendor = VendorFactory()
    by_vendor = make_policy("Vendor", vendor=vendor)
    agent = AgentFactory()

    assert fresh(TicketFactory()).sla_policy == general
    account = SellerAccountFactory()
    by_seller = make_policy("Seller", seller_account=account)
    seller = CustomerFactory()
    seller.seller_accounts.add(account)
    on_account = TicketFactory(customer=seller, seller_account_id=account.pk, category=child)
    assert fresh(on_account).sla_policy == by_seller
    ticket = TicketFactory(category=child)
    assert fresh(ticket).sla_policy == by_category
    ticket_transfer(ticket=ticket, actor=agent, vendor=vendor, note="Check.")
    assert fresh(ticket).sla_policy == by_vendor
    ticket_change_category(ticket=ticket, actor=agent, category=None)
    assert fresh(ticket).sla_policy == by_vendor


def test_late_first_response_is_recorded_as_a_breach_once(policy, clock):
    agent = AgentFactory()
    ticket = TicketFactory()
    clock.move_to(seoul(2026, 3, 9, 13))
    message_post(ticket=ticket, actor=agent, body="Sorry for the wait.")
    message_post(ticket=ticket, actor=agent, body="One more thing.", is_internal=True)
    ticket = fresh(ticket)
    assert ticket.sla_first_response_breached_at == seoul(2026, 3, 9, 12)
    assert breaches(ticket) == ["first response"]
    assert sla_state(ticket) == "breached"


def test_periodic_check_warns_the_assignee_once_and_records_the_breach_once(
    policy, clock, check, mailoutbox
):
    agent = AgentFactory(email="sam@example.com")
    ticket = TicketFactory()
    ticket_assign(ticket=ticket, actor=agent, assignee=agent)

    clock.move_to(seoul(2026, 3, 9, 11, 29))
    assert check().checked == 0
    assert sla_state(fresh(ticket)) == "ok"

    clock.move_to(seoul(2026, 3, 9, 11, 30))
    result = check()
    assert (result.warned, result.breached) == (1, 0)
    assert sla_state(fresh(ticket)) == "at_risk"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sam@example.com"]
    assert mailoutbox[0].subject == f"[{ticket.case_number}] SLA at risk: {ticket.subject}"
    assert "First reply due: 2026-03-09 12:00 KST" in mailoutbox[0].body
    assert check().warned == 0

    clock.move_to(seoul(2026, 3, 9, 12, 1))
    result = check()
    assert (result.warned, result.breached) == (0, 1)
    assert check().checked == 0
    ticket = fresh(ticket)
    assert ticket.sla_first_response_breached_at == seoul(2026, 3, 9, 12)
    assert sla_state(ticket) == "breached"

    # The late reply and later checks add no second record.
    clock.move_to(seoul(2026, 3, 9, 12, 30))
    message_post(ticket=ticket, actor=agent, body="Here is the answer.")
    check()
    assert breaches(ticket) == ["first response"]
    assert len(mailoutbox) == 1


def test_check_records_the_resolution_breach_of_a_ticket_left_open(policy, clock, check):
    agent = AgentFactory()
    ticket = TicketFactory()
    clock.move_to(seoul(2026, 3, 9, 11))
    message_post(ticket=ticket, actor=agent, body="Looking into it.")
    message_post(ticket=ticket, actor=ticket.customer, body="Thanks.")
    clock.move_to(seoul(2026, 3, 13, 10))
    result = check()
    assert result.breached == 1
    assert breaches(ticket) == ["resolution"]
    check()
    assert breaches(ticket) == ["resolution"]


def test_a_paused_ticket_does_not_breach_while_it_waits(policy, clock, check):
    agent = AgentFactory()
    ticket = TicketFactory()
    clock.move_to(seoul(2026, 3, 9, 11))
    message_post(ticket=ticket, actor=agent, body="Please send a photo.")
    clock.move_to(seoul(2026, 3, 20, 11))
    check()
    assert breaches(ticket) == []
    assert sla_state(fresh(ticket)) == "paused"


def test_cancelling_before_the_deadline_is_no_breach(policy, clock, check):
    ticket = TicketFactory()
    ticket_cancel(ticket=ticket, actor=ticket.customer)
    clock.move_to(seoul(2026, 3, 20, 11))
    check()
    ticket = fresh(ticket)
    assert breaches(ticket) == []
    assert ticket.sla_due_at is None
    assert sla_state(ticket) == "closed"
