"""`POST /login`: how the provider's integrations get their bearer token."""

from rest_framework.test import APIClient

from tests.factories import PASSWORD, TicketFactory
from tickets.apitokens.models import ApiToken

API_KEY = {"HTTP_X_API_KEY": "the-integrations-api-key"}


def test_login_returns_the_users_token_which_then_works_with_x_api_key(customer, seller):
    ticket = TicketFactory(customer=customer, seller_account_id=seller.pk)
    client = APIClient()

    response = client.post(
        "/login", {"username": customer.username, "password": PASSWORD}, format="json", **API_KEY
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = response.json()["token"]
    assert ApiToken.objects.get(user=customer).name == "POST /login"
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}", **API_KEY)
    listed = client.get("/customerInquiries")
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [ticket.pk]


def test_each_login_answers_a_fresh_token_and_both_work(customer):
    body = {"username": customer.username, "password": PASSWORD}

    first = APIClient().post("/login", body, format="json").json()["token"]
    second = APIClient().post("/login", body, format="json").json()["token"]

    assert first != second
    for token in (first, second):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        assert client.get("/customerInquiries").status_code == 200


def test_a_stale_bearer_token_does_not_block_logging_in(customer):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    response = client.post(
        "/login", {"username": customer.username, "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200


def test_bad_credentials_answer_401(customer):
    response = APIClient().post(
        "/login", {"username": customer.username, "password": "wrong"}, format="json", **API_KEY
    )

    assert response.status_code == 401
    assert response.json()["status"] == 401
    assert "token" not in response.json()
    assert not ApiToken.objects.exists()


def test_inactive_user_cannot_log_in(customer):
    customer.is_active = False
    customer.save()

    response = APIClient().post(
        "/login", {"username": customer.username, "password": PASSWORD}, format="json"
    )

    assert response.status_code == 401


def test_missing_password_answers_400_naming_it(db):
    response = APIClient().post("/login", {"username": "alice"}, format="json")

    assert response.status_code == 400
    assert "password" in response.json()["errors"]


def test_login_is_throttled(customer, settings):
    settings.AXES_FAILURE_LIMIT = 1000  # the lockout has its own tests
    client = APIClient()
    body = {"username": customer.username, "password": "wrong"}

    statuses = [client.post("/login", body, format="json").status_code for _ in range(11)]

    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    # Even the right password waits until the window has passed.
    right = client.post(
        "/login", {"username": customer.username, "password": PASSWORD}, format="json"
    )
    assert right.status_code == 429
