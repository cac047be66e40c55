"""Who may open which page: 404 for what one may not see, 403 outside one's role."""

import re

import pytest

from tests.factories import PASSWORD, TicketFactory, transferred_ticket, upload
from tickets.models import Message
from tickets.services.messages import message_post


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/tickets/", "/accounts/login/?next=/tickets/"),
        ("/tickets/new/", "/accounts/login/?next=/tickets/new/"),
        ("/agent/", "/accounts/login/?next=/agent/"),
        ("/agent/overview/", "/accounts/login/?next=/agent/overview/"),
        ("/vendor/", "/accounts/login/?next=/vendor/"),
        ("/accounts/token/", "/accounts/login/?next=/accounts/token/"),
    ],
)
def test_pages_need_login(path, expected, client, db):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize(
    ("actor", "home"),
    [("customer", "/tickets/"), ("agent", "/agent/"), ("vendor_user", "/vendor/")],
)
def test_each_role_lands_on_its_own_home(actor, home, request, web_for):
    user = request.getfixturevalue(actor)
    response = web_for(user).get("/")
    assert response.status_code == 302
    assert response["Location"] == home


def test_login_sends_agent_to_the_queue(agent, client):
    response = client.post(
        "/accounts/login/", {"username": agent.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/agent/"
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("actor", "path"),
    [
        ("customer", "/agent/"),
        ("customer", "/agent/overview/"),
        ("customer", "/vendor/"),
        ("vendor_user", "/agent/"),
        ("vendor_user", "/tickets/"),
        ("vendor_user", "/tickets/new/"),
        ("agent", "/vendor/"),
        ("agent", "/tickets/new/"),
    ],
)
def test_pages_of_another_role_answer_403_in_the_site_layout(actor, path, request, web_for):
    response = web_for(request.getfixturevalue(actor)).get(path)
    assert response.status_code == 403
    assert b"You are not allowed to do this" in response.content
    assert b'class="navbar' in response.content


def test_customer_cannot_open_another_customers_ticket_page(customer, other_customer, web_for):
    bobs = TicketFactory(customer=other_customer)
    response = web_for(customer).get(f"/tickets/{bobs.pk}/")
    assert response.status_code == 404
    assert b"We could not find that page" in response.content
    assert bobs.subject.encode() not in response.content


def test_customer_cannot_act_on_another_customers_ticket(customer, other_customer, web_for):
    bobs = TicketFactory(customer=other_customer)
    client = web_for(customer)
    assert client.post(f"/tickets/{bobs.pk}/", {"body": "hi"}).status_code == 404
    assert client.post(f"/tickets/{bobs.pk}/cancel/").status_code == 404
    assert client.post(f"/tickets/{bobs.pk}/rate/", {"score": "4"}).status_code == 404
    assert Message.objects.filter(ticket=bobs).count() == 1
    bobs.refresh_from_db()
    assert bobs.status == "open"


def test_customer_cannot_download_another_customers_attachment(customer, other_customer, web_for):
    attachment = upload(other_customer)
    TicketFactory(customer=other_customer, attachment_uuids=[attachment.uuid])
    assert web_for(customer).get(f"/attachments/{attachment.uuid}/").status_code == 404
    response = web_for(other_customer).get(f"/attachments/{attachment.uuid}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_seller_colleague_sees_the_shared_ticket(
    customer, seller_account, seller_colleague, web_for
):
    shared = TicketFactory(customer=customer, seller_account_id=seller_account.pk)
    assert web_for(seller_colleague).get(f"/tickets/{shared.pk}/").status_code == 200


def test_customer_cannot_download_an_internal_note_attachment(customer, agent, web_for):
    ticket = TicketFactory(customer=customer)
    attachment = upload(agent)
    message_post(
        ticket=ticket,
        actor=agent,
        body="note",
        is_internal=True,
        attachment_uuids=[attachment.uuid],
    )
    assert web_for(customer).get(f"/attachments/{attachment.uuid}/").status_code == 404
    assert web_for(agent).get(f"/attachments/{attachment.uuid}/").status_code == 200


def test_vendor_cannot_open_an_untransferred_ticket(vendor_user, customer, web_for):
    ticket = TicketFactory(customer=customer)
    assert web_for(vendor_user).get(f"/vendor/tickets/{ticket.pk}/").status_code == 404


def test_vendor_cannot_open_another_vendors_ticket(agent, vendor_user, other_vendor_user, web_for):
    ticket = transferred_ticket(agent=agent, vendor=other_vendor_user.vendor)
    assert web_for(vendor_user).get(f"/vendor/tickets/{ticket.pk}/").status_code == 404
    assert web_for(other_vendor_user).get(f"/vendor/tickets/{ticket.pk}/").status_code == 200


def test_missing_page_uses_the_site_layout(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"We could not find that page" in response.content


def test_forms_refuse_posts_without_csrf_token(customer, web_for):
    ticket = TicketFactory(customer=customer)
    client = web_for(customer, enforce_csrf_checks=True)
    assert client.post(f"/tickets/{ticket.pk}/", {"body": "hello"}).status_code == 403
    assert client.post("/accounts/token/").status_code == 403
    assert Message.objects.filter(ticket=ticket).count() == 1


def test_every_form_carries_a_csrf_token(customer, web_for):
    ticket = TicketFactory(customer=customer)
    client = web_for(customer)
    for path in ("/tickets/new/", f"/tickets/{ticket.pk}/", "/accounts/token/"):
        html = client.get(path).content.decode()
        assert html.count('method="post"') == html.count('name="csrfmiddlewaretoken"'), path


def test_logout_is_a_post(customer, web_for):
    client = web_for(customer)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/tickets/").status_code == 302


def test_csrf_failure_page_uses_the_site_layout(customer, web_for):
    ticket = TicketFactory(customer=customer)
    response = web_for(customer, enforce_csrf_checks=True).post(
        f"/tickets/{ticket.pk}/", {"body": "hello"}
    )
    assert response.status_code == 403
    assert b"This form has expired" in response.content
    assert b'class="navbar' in response.content


@pytest.mark.parametrize(
    ("actor", "path", "shows_vendor_wait"),
    [
        ("customer", "/tickets/{pk}/", False),
        ("agent", "/agent/tickets/{pk}/", True),
    ],
)
def test_the_vendors_turn_and_its_wait_show_only_to_who_may_see_the_vendor(
    actor, path, shows_vendor_wait, customer, agent, vendor, request, web_for
):
    """The customer sees support's turn, with no wait that would give the vendor away."""
    ticket = transferred_ticket(agent=agent, vendor=vendor, customer=customer)
    user = request.getfixturevalue(actor)

    html = web_for(user).get(path.format(pk=ticket.pk)).content.decode()

    [waiting] = re.findall(r'<dd class="col-7 waiting-on">(.*?)</dd>', html, re.S)
    assert ("Vendor" in waiting) is shows_vendor_wait
    assert (">for <" in waiting) is shows_vendor_wait
