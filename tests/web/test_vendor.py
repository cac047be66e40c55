"""The vendor page: only transferred tickets of the vendor's code, answer or confirm."""

from tests.factories import TicketFactory, transferred_ticket
from tickets.models import MessageKind, TransferStatus
from tickets.services.messages import message_post


def test_vendor_list_shows_only_tickets_transferred_to_its_code(
    agent, customer, vendor_user, other_vendor_user, web_for
):
    transferred_ticket(agent=agent, vendor=vendor_user.vendor, customer=customer, subject="Ours")
    transferred_ticket(
        agent=agent, vendor=other_vendor_user.vendor, customer=customer, subject="Theirs"
    )
    TicketFactory(customer=customer, subject="Untransferred")
    html = web_for(vendor_user).get("/vendor/", {"show": "all"}).content.decode()
    assert "Ours" in html
    assert "Theirs" not in html
    assert "Untransferred" not in html


def test_vendor_sees_no_internal_note(agent, customer, vendor_user, web_for):
    ticket = transferred_ticket(agent=agent, vendor=vendor_user.vendor, customer=customer)
    message_post(ticket=ticket, actor=agent, body="Internal: vendor is slow", is_internal=True)
    html = web_for(vendor_user).get(f"/vendor/tickets/{ticket.pk}/").content.decode()
    assert "Please check." in html
    assert "Internal: vendor is slow" not in html


def test_vendor_answers_once(agent, customer, vendor_user, web_for):
    ticket = transferred_ticket(agent=agent, vendor=vendor_user.vendor, customer=customer)
    client = web_for(vendor_user)
    response = client.post(f"/vendor/tickets/{ticket.pk}/", {"body": "In stock on Monday"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.transfer_status == TransferStatus.ANSWERED
    again = client.post(f"/vendor/tickets/{ticket.pk}/", {"body": "Again"})
    assert again.status_code == 400
    assert "not waiting for your answer" in again.content.decode()
    assert ticket.messages.filter(kind=MessageKind.VENDOR_ANSWER).count() == 1
    agent_page = web_for(agent).get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "In stock on Monday" in agent_page


def test_empty_vendor_answer_names_the_field(agent, customer, vendor_user, web_for):
    ticket = transferred_ticket(agent=agent, vendor=vendor_user.vendor, customer=customer)
    response = web_for(vendor_user).post(f"/vendor/tickets/{ticket.pk}/", {"body": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.transfer_status == TransferStatus.ANSWER_REQUESTED


def test_vendor_confirms_a_transfer_for_confirmation(agent, customer, vendor_user, web_for):
    ticket = transferred_ticket(
        agent=agent, vendor=vendor_user.vendor, customer=customer, needs_answer=False
    )
    client = web_for(vendor_user)
    page = client.get(f"/vendor/tickets/{ticket.pk}/").content.decode()
    assert "Confirm" in page
    assert "Answer the support team" not in page
    client.post(f"/vendor/tickets/{ticket.pk}/confirm/")
    ticket.refresh_from_db()
    assert ticket.transfer_status == TransferStatus.CONFIRMED
    response = client.post(f"/vendor/tickets/{ticket.pk}/confirm/", follow=True)
    assert "not waiting for your confirmation" in response.content.decode()


def test_vendor_list_waiting_filter(agent, customer, vendor_user, web_for):
    waiting = transferred_ticket(
        agent=agent, vendor=vendor_user.vendor, customer=customer, subject="Waiting"
    )
    done = transferred_ticket(
        agent=agent, vendor=vendor_user.vendor, customer=customer, subject="Done"
    )
    web_for(vendor_user).post(f"/vendor/tickets/{done.pk}/", {"body": "ok"})
    page = web_for(vendor_user).get("/vendor/").context["page"]
    assert list(page.object_list) == [waiting]
