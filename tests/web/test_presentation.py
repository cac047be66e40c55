"""How pages show things: badges, relative times with exact times, the event log."""

from datetime import timedelta

from django.template import Context, Template
from django.utils import timezone

from tests.factories import TicketFactory
from tickets.services.ratings import rating_add
from tickets.services.tickets import ticket_change_priority, ticket_resolve


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_relative_time_has_the_exact_time_on_hover():
    moment = timezone.now() - timedelta(days=3, hours=5)
    html = render("{{ at|reltime }}", at=moment)
    assert ">3\u00a0days ago</time>" in html
    assert f'title="{timezone.localtime(moment):%Y-%m-%d %H:%M}' in html
    assert f'datetime="{timezone.localtime(moment).isoformat()}"' in html
    assert ">just now<" in render("{{ at|reltime }}", at=timezone.now())
    assert render("{{ at|reltime }}", at=None) == "—"


def test_waiting_time_reads_as_a_duration():
    html = render("{{ at|waited }}", at=timezone.now() - timedelta(hours=3))
    assert ">3\u00a0hours</time>" in html
    fresh = render("{{ at|waited }}", at=timezone.now())
    assert ">under a minute</time>" in fresh


def test_status_and_priority_badges_name_the_value():
    assert "Waiting on customer" in render("{{ s|status_badge }}", s="waiting_on_customer")
    assert "text-bg-danger" in render("{{ p|priority_badge }}", p="urgent")
    assert render("{{ t|transfer_badge }}", t="none") == ""


def test_duration_text():
    assert render("{{ d|duration_text }}", d=timedelta(minutes=45)) == "45 min"
    assert render("{{ d|duration_text }}", d=timedelta(hours=3, minutes=20)) == "3 h 20 min"
    assert render("{{ d|duration_text }}", d=timedelta(days=2, hours=4)) == "2 d 4 h"
    assert render("{{ d|duration_text }}", d=None) == "—"


def test_event_log_reads_as_sentences(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    ticket_change_priority(ticket=ticket, actor=agent, priority="urgent")
    ticket_resolve(ticket=ticket, actor=agent)
    rating_add(ticket=ticket, actor=customer, score="4.5")
    html = web_for(agent).get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "changed the priority from Normal to Urgent" in html
    assert "changed the status from Open to Resolved" in html
    assert "rated it 4.5 / 5" in html


def test_case_number_is_in_the_title_heading_and_lists(customer, agent, web_for):
    ticket = TicketFactory(customer=customer)
    for client, paths in (
        (web_for(customer), ["/tickets/", f"/tickets/{ticket.pk}/"]),
        (web_for(agent), ["/agent/", f"/agent/tickets/{ticket.pk}/"]),
    ):
        for path in paths:
            assert ticket.case_number in client.get(path).content.decode(), path
    page = web_for(customer).get(f"/tickets/{ticket.pk}/").content.decode()
    assert f"<title>{ticket.case_number}" in page


def test_pages_load_assets_only_from_this_site(customer, web_for):
    html = web_for(customer).get("/tickets/new/").content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    for marker in ('src="http', 'href="http', 'src="//', 'href="//'):
        assert marker not in html
