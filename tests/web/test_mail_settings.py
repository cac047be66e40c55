"""The portal's mail settings: confirm or change the address, choose which mails come."""

import re

import pytest
from django.core import mail

from tickets.models import User
from tickets.notifications.models import NotificationEvent, NotificationOptOut
from tickets.services.accounts import address_confirmation_token

CONFIRM_LINK = re.compile(r"http://[^/]+(/accounts/mail/confirm/[^/\s]+/)")


@pytest.fixture
def send_mail_now(django_capture_on_commit_callbacks):
    def post(client, path, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data)

    return post


def confirmation_path(message) -> str:
    return CONFIRM_LINK.search(message.body).group(1)


def test_a_customer_changes_their_address_through_a_confirmation_link(
    customer, web_for, send_mail_now
):
    client = web_for(customer)
    old = customer.email
    response = send_mail_now(client, "/accounts/mail/", {"email": "new@shop.test"})
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.email == old  # nothing changes before the link is followed
    (message,) = mail.outbox
    assert message.to == ["new@shop.test"]

    response = client.get(confirmation_path(message), follow=True)
    assert b"new@shop.test is confirmed" in response.content
    customer.refresh_from_db()
    assert customer.email == "new@shop.test"
    assert customer.email_confirmed_at is not None


def test_a_customer_confirms_their_current_address(customer, web_for, send_mail_now):
    client = web_for(customer)
    page = client.get("/accounts/mail/")
    assert b"not confirmed yet" in page.content
    send_mail_now(client, "/accounts/mail/", {"email": customer.email})
    client.get(confirmation_path(mail.outbox[0]))
    page = client.get("/accounts/mail/")
    assert b"confirmed</span>" in page.content


def test_a_link_for_someone_else_or_altered_changes_nothing(customer, other_customer, web_for):
    token = address_confirmation_token(user=other_customer, address="grab@shop.test")
    client = web_for(customer)
    response = client.get(f"/accounts/mail/confirm/{token}/", follow=True)
    assert b"for another account" in response.content
    altered = address_confirmation_token(user=customer, address="x@shop.test")[:-2] + "zz"
    response = client.get(f"/accounts/mail/confirm/{altered}/", follow=True)
    assert b"invalid or expired" in response.content
    assert not User.objects.filter(email__in=["grab@shop.test", "x@shop.test"]).exists()


def test_an_address_of_another_account_is_refused(customer, other_customer, web_for):
    response = web_for(customer).post("/accounts/mail/", {"email": other_customer.email.upper()})
    assert response.status_code == 400
    assert b"Another account uses this address." in response.content
    assert mail.outbox == []


def test_the_confirmation_link_needs_a_login(customer, client):
    token = address_confirmation_token(user=customer, address="new@shop.test")
    response = client.get(f"/accounts/mail/confirm/{token}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_customer_turns_kinds_of_mail_off(customer, web_for):
    client = web_for(customer)
    page = client.get("/accounts/mail/")
    assert b"Support replied to your ticket" in page.content
    assert b"A new ticket is waiting" not in page.content  # an agent's kind
    response = client.post("/accounts/mail/", {"events-form": "", "events": ["resolved"]})
    assert response.status_code == 302
    assert set(
        NotificationOptOut.objects.filter(user=customer).values_list("event", flat=True)
    ) == {
        NotificationEvent.TICKET_OPENED,
        NotificationEvent.PUBLIC_REPLY,
    }
    client.post("/accounts/mail/", {"events-form": "", "events": ["resolved", "public_reply"]})
    assert list(
        NotificationOptOut.objects.filter(user=customer).values_list("event", flat=True)
    ) == [NotificationEvent.TICKET_OPENED]


def test_a_kind_of_another_role_cannot_be_chosen(customer, web_for):
    response = web_for(customer).post(
        "/accounts/mail/", {"events-form": "", "events": ["new_ticket"]}
    )
    assert response.status_code == 400
    assert not NotificationOptOut.objects.exists()


def test_agents_and_vendors_choose_their_own_kinds(agent, vendor_user, web_for):
    assert b"A customer replied" in web_for(agent).get("/accounts/mail/").content
    assert b"transferred to your vendor" in web_for(vendor_user).get("/accounts/mail/").content


def test_signing_up_mails_a_link_to_confirm_the_address(client, db, send_mail_now):
    form = {
        "username": "erin",
        "email": "erin@shop.test",
        "password1": "a-long-pass-phrase-42",
        "password2": "a-long-pass-phrase-42",
    }
    assert send_mail_now(client, "/accounts/signup/", form).status_code == 302
    (message,) = mail.outbox
    assert message.to == ["erin@shop.test"]
    client.get(confirmation_path(message))
    assert User.objects.get(username="erin").email_confirmed_at is not None
