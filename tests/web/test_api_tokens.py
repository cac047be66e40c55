"""API tokens: hashed, named, several per user, expiring, revocable, gone with the password."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import api_token_for
from tests.factories import PASSWORD
from tickets.apitokens.models import ApiToken


def me(token: str, keyword: str = "Bearer") -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {token}")
    return client.get("/api/v1/me").status_code


def test_token_page_creates_a_named_token_shows_it_once_and_lists_it(customer, web_for):
    client = web_for(customer)
    assert "You have no API tokens." in client.get("/accounts/token/").content.decode()

    created = client.post("/accounts/token/", {"name": "warehouse sync"})

    token = ApiToken.objects.get(user=customer)
    html = created.content.decode()
    assert created.status_code == 200
    assert token.name == "warehouse sync"
    shown = html.split('id="api-token" class="form-control token-value" readonly value="')[1]
    shown = shown.split('"')[0]
    assert "never" in html  # not used yet
    assert me(shown) == 200
    assert shown not in token.digest  # only the digest is kept
    again = client.get("/accounts/token/").content.decode()
    assert shown not in again
    assert "warehouse sync" in again
    assert "just now" in again  # its last use


def test_token_page_lists_several_tokens_with_last_use_and_revokes_one(customer, web_for):
    client = web_for(customer)
    first = api_token_for(customer)
    second = api_token_for(customer)
    assert me(first) == 200
    first_row = ApiToken.objects.get(user=customer, last_used_at__isnull=False)

    response = client.post(f"/accounts/token/{first_row.digest}/revoke/", follow=True)

    assert "The token was revoked" in response.content.decode()
    assert me(first) == 401
    assert me(second) == 200
    assert ApiToken.objects.filter(user=customer).count() == 1


def test_a_user_cannot_revoke_someone_elses_token(customer, other_customer, web_for):
    token = api_token_for(other_customer)
    digest = ApiToken.objects.get(user=other_customer).digest

    response = web_for(customer).post(f"/accounts/token/{digest}/revoke/", follow=True)

    assert "already gone" in response.content.decode()
    assert me(token) == 200


def test_token_page_needs_a_name(customer, web_for):
    response = web_for(customer).post("/accounts/token/", {"name": ""})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("path", ["/accounts/token/"])
def test_token_page_is_never_cached(customer, web_for, path):
    client = web_for(customer)
    for response in (client.get(path), client.post(path, {"name": "ci"})):
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("keyword", ["Bearer", "Token"])
def test_an_expired_token_is_refused_and_removed(customer, keyword):
    token = api_token_for(customer)
    ApiToken.objects.filter(user=customer).update(expiry=timezone.now() - timedelta(seconds=1))

    assert me(token, keyword) == 401
    assert not ApiToken.objects.exists()


def test_tokens_expire_after_the_configured_lifetime(customer, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": timedelta(days=7)}
    api_token_for(customer)

    expiry = ApiToken.objects.get(user=customer).expiry

    assert abs(expiry - (timezone.now() + timedelta(days=7))) < timedelta(minutes=1)


def test_default_token_lifetime_is_ninety_days(customer):
    api_token_for(customer)
    expiry = ApiToken.objects.get(user=customer).expiry
    assert abs(expiry - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)


def test_making_a_token_past_the_cap_revokes_the_oldest(customer, settings):
    settings.HELPDESK_API_TOKENS_PER_USER = 2
    oldest, middle, newest = (api_token_for(customer) for _ in range(3))

    assert [me(oldest), me(middle), me(newest)] == [401, 200, 200]


def test_password_change_on_the_portal_revokes_every_token(customer, web_for):
    tokens = [api_token_for(customer), api_token_for(customer)]

    response = web_for(customer).post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-brand-new-pass-phrase",
            "new_password2": "a-brand-new-pass-phrase",
        },
    )

    assert response.status_code == 302
    assert [me(token) for token in tokens] == [401, 401]
    assert not ApiToken.objects.filter(user=customer).exists()
    # A token made under the new password works.
    customer.refresh_from_db()
    assert me(api_token_for(customer)) == 200


def test_password_reset_revokes_every_token(customer, client, mailoutbox):
    token = api_token_for(customer)
    client.post("/accounts/password/reset/", {"email": customer.email})
    link = next(
        line for line in mailoutbox[0].body.splitlines() if "/accounts/password/reset/" in line
    )
    set_password_page = client.get(link.strip(), follow=True)
    form_url = set_password_page.redirect_chain[-1][0]

    done = client.post(
        form_url,
        {"new_password1": "a-brand-new-pass-phrase", "new_password2": "a-brand-new-pass-phrase"},
    )

    assert done.status_code == 302
    assert done["Location"] == "/accounts/password/reset/complete/"
    assert me(token) == 401
    assert "no-store" in set_password_page["Cache-Control"]


def test_password_set_anywhere_revokes_tokens(customer):
    token = api_token_for(customer)
    customer.set_password("set-by-an-admin-123")
    customer.save()

    assert me(token) == 401


def test_inactive_users_token_is_refused(customer):
    token = api_token_for(customer)
    customer.is_active = False
    customer.save()

    assert me(token) == 401


def test_tokens_survive_a_secret_key_rotation_while_the_old_key_is_a_fallback(customer, settings):
    token = api_token_for(customer)
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-" * 3
    settings.SECRET_KEY_FALLBACKS = [old_key]

    assert me(token) == 200
    settings.SECRET_KEY_FALLBACKS = []
    assert me(token) == 200  # carried over to the new key on its first use

    settings.SECRET_KEY = "yet-another-secret-key-" * 3
    assert me(token) == 401


def test_plain_drf_tokens_are_hashed_and_keep_working(customer, other_customer):
    migration = importlib.import_module("tickets.apitokens.migrations.0002_import_plain_drf_tokens")
    plain = {customer.pk: "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b", other_customer.pk: "0" * 40}
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id bigint, "
            "created timestamp)"
        )
        for user_id, key in plain.items():
            cursor.execute(
                "INSERT INTO authtoken_token (key, user_id) VALUES (%s, %s)", [key, user_id]
            )
    migration.import_plain_tokens(apps, SimpleNamespace(connection=connection))

    assert me(plain[customer.pk]) == 200
    assert me(plain[other_customer.pk], "Token") == 200
    stored = ApiToken.objects.values_list("digest", "token_key")
    assert all(key not in digest for digest, _ in stored for key in plain.values())
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM authtoken_token")
        assert cursor.fetchone() == (0,)
