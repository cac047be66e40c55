"""Every answer that carries a secret tells caches, shared or private, not to keep it."""

from django.core import mail
from rest_framework.test import APIClient

from tests.factories import PASSWORD, VendorFactory


def assert_not_stored(response):
    assert "no-store" in response["Cache-Control"], response["Cache-Control"]


def test_api_login_answer(customer):
    response = APIClient().post(
        "/login", {"username": customer.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert_not_stored(response)


def test_token_page_showing_a_new_token(customer, client):
    client.force_login(customer)
    response = client.post("/accounts/token/", {"name": "ci"})
    assert response.status_code == 200
    assert_not_stored(response)


def test_vendor_keys_in_django_admin(admin_client):
    vendor = VendorFactory()
    change_page = admin_client.get(f"/admin/tickets/vendor/{vendor.pk}/change/")
    assert vendor.secret_key in change_page.content.decode()
    issued = admin_client.post(
        "/admin/tickets/vendor/",
        {"action": "issue_keys", "_selected_action": [vendor.pk]},
        follow=True,
    )
    vendor.refresh_from_db()

    assert_not_stored(change_page)
    assert vendor.secret_key in issued.content.decode()
    assert_not_stored(issued)


def test_password_reset_link_pages(customer, client):
    client.post("/accounts/password/reset/", {"email": customer.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    first = client.get(link.strip())
    form = client.get(first["Location"])

    assert_not_stored(first)
    assert_not_stored(form)
