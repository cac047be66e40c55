"""The overview's numbers: medians, average rating and the 14-day series."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import TicketFactory
from tests.mail_helpers import make_mail
from tickets.models import Status, Ticket
from tickets.notifications.addresses import reply_address
from tickets.notifications.inbound import mail_receive
from tickets.reports import ticket_overview
from tickets.services.ratings import rating_add
from tickets.services.tickets import ticket_resolve


def stamp(ticket, *, created_ago: timedelta, responded_after=None, resolved_after=None):
    created = timezone.now() - created_ago
    Ticket.objects.filter(pk=ticket.pk).update(
        created_at=created,
        first_response_at=created + responded_after if responded_after else None,
        resolved_at=created + resolved_after if resolved_after else None,
    )


def test_medians_of_odd_and_even_counts(customer):
    hours = [1, 3, 10]
    tickets = [TicketFactory(customer=customer) for _ in hours]
    for ticket, hour in zip(tickets, hours, strict=True):
        stamp(ticket, created_ago=timedelta(days=1), responded_after=timedelta(hours=hour))
    assert ticket_overview().median_first_response == timedelta(hours=3)
    fourth = TicketFactory(customer=customer)
    stamp(fourth, created_ago=timedelta(days=1), responded_after=timedelta(hours=7))
    assert ticket_overview().median_first_response == timedelta(hours=5)


def test_median_resolution_ignores_unresolved_and_is_none_without_data(customer):
    assert ticket_overview().median_resolution is None
    resolved = TicketFactory(customer=customer)
    TicketFactory(customer=customer)
    stamp(resolved, created_ago=timedelta(days=2), resolved_after=timedelta(hours=30))
    assert ticket_overview().median_resolution == timedelta(hours=30)


def test_status_counts_and_average_rating(customer, agent):
    first, second, _open = (TicketFactory(customer=customer) for _ in range(3))
    for ticket, score in ((first, 4), (second, 5)):
        ticket_resolve(ticket=ticket, actor=agent)
        rating_add(ticket=ticket, actor=customer, score=score)
    rating_add(ticket=second, actor=customer, score=3)
    overview = ticket_overview()
    assert overview.by_status[Status.RESOLVED] == 2
    assert overview.by_status[Status.OPEN] == 1
    assert overview.total == 3
    assert overview.average_rating == 3.5
    assert overview.rated_count == 2


def test_daily_series_covers_fourteen_days_with_created_and_resolved(customer, agent):
    today_ticket = TicketFactory(customer=customer)
    ticket_resolve(ticket=today_ticket, actor=agent)
    old = TicketFactory(customer=customer)
    stamp(old, created_ago=timedelta(days=3))
    ancient = TicketFactory(customer=customer)
    stamp(ancient, created_ago=timedelta(days=20))
    daily = ticket_overview().daily
    assert len(daily) == 14
    assert daily[-1].day == timezone.localdate()
    assert (daily[-1].created, daily[-1].resolved) == (1, 1)
    assert daily[-4].created == 1
    assert sum(day.created for day in daily) == 2


def test_overview_query_count_does_not_grow(customer):
    TicketFactory(customer=customer)
    with CaptureQueriesContext(connection) as few:
        ticket_overview()
    for _ in range(10):
        stamp(
            TicketFactory(customer=customer),
            created_ago=timedelta(days=1),
            responded_after=timedelta(hours=1),
            resolved_after=timedelta(hours=2),
        )
    with CaptureQueriesContext(connection) as many:
        ticket_overview()
    # Once data exists each median also reads its middle rows: one more query each, no more.
    assert len(many) == len(few) + 2


def test_overview_page_is_computed_once_a_minute_for_every_agent(client, agent, customer):
    TicketFactory(customer=customer)
    client.force_login(agent)
    first = client.get("/agent/overview/")
    TicketFactory(customer=customer)
    with CaptureQueriesContext(connection) as cached:
        second = client.get("/agent/overview/")
    assert first.context["overview"].total == second.context["overview"].total == 1
    assert not any("tickets_ticket" in query["sql"] for query in cached.captured_queries)


def test_medians_and_rating_cover_recent_tickets_only(customer, agent):
    old = TicketFactory(customer=customer)
    stamp(old, created_ago=timedelta(days=45), responded_after=timedelta(hours=1))
    recent = TicketFactory(customer=customer)
    stamp(recent, created_ago=timedelta(days=2), responded_after=timedelta(hours=9))
    overview = ticket_overview()
    assert overview.median_first_response == timedelta(hours=9)
    assert overview.total == 2


def test_the_overview_counts_tickets_and_replies_by_mail(customer, agent, web_for):
    TicketFactory(customer=customer)
    opened = mail_receive(
        raw=make_mail(sender=customer.email, to="support@example.test").as_bytes()
    ).ticket
    mail_receive(raw=make_mail(sender=customer.email, to=reply_address(opened.pk)).as_bytes())
    web_ticket = TicketFactory(customer=customer)
    mail_receive(raw=make_mail(sender=customer.email, to=reply_address(web_ticket.pk)).as_bytes())
    overview = ticket_overview()
    assert (overview.opened_by_mail, overview.replies_by_mail) == (1, 2)
    page = web_for(agent).get("/agent/overview/").content.decode()
    assert 'id="stat-opened-by-mail">1<' in page
    assert 'id="stat-replies-by-mail">2<' in page
