"""Brute-force protection on every password path: the portal login, the admin login, the
3PL `POST /login`, and password reset. Locks hold per account and per client address,
refuse even the right password until they end, and a fresh X-Forwarded-For per try does
not walk past them (nor past the throttles) unless a trusted proxy vouches for it."""

from datetime import timedelta
from itertools import count

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db.models import F
from django.test import Client
from rest_framework.request import Request
from rest_framework.test import APIClient

from helpdesk.client_address import client_address
from helpdesk.throttling import AnonThrottle
from tests.factories import PASSWORD, CustomerFactory
from tests.helpdesk.test_health_and_faults import DEAD_REDIS

LIMIT = 3
fresh_addresses = (f"203.0.113.{n % 250}" for n in count(1))


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "login": "1000/minute",
        },
    }


def spoofed() -> dict:
    """A new X-Forwarded-For value, as an attacker sends on every try."""
    return {"HTTP_X_FORWARDED_FOR": next(fresh_addresses)}


def web_login(client, username, password, path="/accounts/login/", **extra):
    return client.post(path, {"username": username, "password": password}, **extra)


def api_login(username, password, **extra):
    return APIClient().post(
        "/login", {"username": username, "password": password}, format="json", **extra
    )


def end_the_lock():
    """The cool-off passes: every counted failure is now older than it."""
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - COOL_OFF)


COOL_OFF = timedelta(minutes=15, seconds=1)


def test_portal_login_locks_the_account_and_shows_how_long(customer):
    client = Client()
    failures = [web_login(client, customer.username, "wrong", **spoofed()) for _ in range(LIMIT)]

    assert [r.status_code for r in failures[:-1]] == [200] * (LIMIT - 1)
    locked = failures[-1]
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Too many attempts" in html
    assert "Try again in 15 minutes." in html
    assert 'class="navbar' in html  # in the site's layout
    assert 1 <= int(locked["Retry-After"]) <= 15 * 60

    right = web_login(Client(), customer.username, PASSWORD, **spoofed())
    assert right.status_code == 429
    assert "_auth_user_id" not in right.client.session

    end_the_lock()
    assert web_login(Client(), customer.username, PASSWORD).status_code == 302


def test_portal_login_locks_the_address_across_accounts(db):
    victims = CustomerFactory.create_batch(LIMIT)
    client = Client()
    for victim in victims:
        web_login(client, victim.username, "wrong")
    someone = CustomerFactory()

    refused = web_login(Client(), someone.username, PASSWORD)
    elsewhere = web_login(Client(), someone.username, PASSWORD, REMOTE_ADDR="198.51.100.7")

    assert refused.status_code == 429
    assert elsewhere.status_code == 302


def test_right_password_while_locked_does_not_extend_the_lock(customer):
    for _ in range(LIMIT):
        web_login(Client(), customer.username, "wrong")
    locked_until = AccessAttempt.objects.get().attempt_time

    for _ in range(3):
        assert web_login(Client(), customer.username, PASSWORD).status_code == 429

    assert AccessAttempt.objects.get().attempt_time == locked_until
    end_the_lock()
    assert web_login(Client(), customer.username, PASSWORD).status_code == 302


def test_admin_login_locks_out_too(admin_user):
    for _ in range(LIMIT):
        last = web_login(Client(), "admin", "wrong", path="/admin/login/", **spoofed())
    right = web_login(Client(), "admin", "password", path="/admin/login/", **spoofed())

    assert last.status_code == 429
    assert right.status_code == 429
    assert "Try again in" in right.content.decode()


def test_api_login_locks_with_429_retry_after_in_the_dialects_shape(customer):
    statuses = [
        api_login(customer.username, "wrong", **spoofed()).status_code for _ in range(LIMIT)
    ]
    right = api_login(customer.username, PASSWORD, **spoofed())

    assert statuses == [401] * (LIMIT - 1) + [429]
    assert right.status_code == 429
    assert 1 <= int(right["Retry-After"]) <= 15 * 60
    assert right.json()["status"] == 429
    assert "try again in 15 minutes" in str(right.json())
    assert "token" not in right.json()

    end_the_lock()
    assert api_login(customer.username, PASSWORD).status_code == 200


def test_locked_web_login_also_locks_the_api_login(customer):
    for _ in range(LIMIT):
        web_login(Client(), customer.username, "wrong", **spoofed())

    assert api_login(customer.username, PASSWORD, **spoofed()).status_code == 429


def test_admin_unlocks_an_account_from_django_admin(customer, admin_client):
    for _ in range(LIMIT):
        web_login(Client(), customer.username, "wrong")
    attempt = AccessAttempt.objects.get(username=customer.username)

    listed = admin_client.get("/admin/axes/accessattempt/")
    deleted = admin_client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert customer.username in listed.content.decode()
    assert deleted.status_code == 302
    assert web_login(Client(), customer.username, PASSWORD).status_code == 302


def test_password_reset_is_limited_per_address_even_with_fresh_forwarded_for(db, settings):
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["password_reset"] = "2/hour"
    client = Client()
    statuses = [
        client.post(
            "/accounts/password/reset/", {"email": f"x{n}@example.com"}, **spoofed()
        ).status_code
        for n in range(3)
    ]

    assert statuses == [302, 302, 429]


def test_password_reset_is_limited_per_email_across_addresses(customer, settings):
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["password_reset"] = "2/hour"
    statuses = [
        Client()
        .post(
            "/accounts/password/reset/",
            {"email": customer.email.upper()},
            REMOTE_ADDR=f"198.51.100.{n}",
        )
        .status_code
        for n in range(3)
    ]

    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2


def test_bad_reset_links_lock_the_address(customer, settings):
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["password_reset"] = "2/hour"
    client = Client()
    guesses = [client.get(f"/accounts/password/reset/MQ/guess-{n}/", **spoofed()) for n in range(3)]

    assert [r.status_code for r in guesses] == [200, 200, 429]
    assert "Try again in" in guesses[-1].content.decode()


def test_completed_password_reset_lifts_the_accounts_lockout(customer, client):
    for _ in range(LIMIT):
        web_login(Client(), customer.username, "wrong", REMOTE_ADDR="198.51.100.9")
    client.post("/accounts/password/reset/", {"email": customer.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    form_url = client.get(link.strip(), follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "fresh-pass-9876", "new_password2": "fresh-pass-9876"})

    assert web_login(Client(), customer.username, "fresh-pass-9876").status_code == 302


def test_api_login_throttle_ignores_forwarded_for(customer, settings):
    settings.AXES_FAILURE_LIMIT = 1000
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["login"] = "3/minute"

    statuses = [api_login(customer.username, "wrong", **spoofed()).status_code for _ in range(4)]

    assert statuses == [401, 401, 401, 429]


def test_anonymous_throttle_ignores_forwarded_for(rf, db, settings):
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"] = "2/minute"

    def allowed() -> bool:
        request = Request(rf.get("/api/v1/categories/", **spoofed()))
        request.user = AnonymousUser()
        return AnonThrottle().allow_request(request, None)

    assert [allowed() for _ in range(3)] == [True, True, False]


def test_behind_a_trusted_proxy_the_forwarded_client_counts(customer, settings):
    settings.HELPDESK_TRUSTED_PROXIES = 1
    settings.AXES_FAILURE_LIMIT = 1000
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["login"] = "2/minute"
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    def login(forwarded):
        return api_login(customer.username, "wrong", HTTP_X_FORWARDED_FOR=forwarded, **proxy)

    # The client may prepend anything; only the entry our proxy appended counts.
    first = [
        login(f"{fake}, 198.51.100.1").status_code for fake in ("1.1.1.1", "2.2.2.2", "3.3.3.3")
    ]
    second = login("198.51.100.2").status_code

    assert first == [401, 401, 429]
    assert second == 401


def test_without_the_whole_proxy_chain_the_socket_address_counts(rf, settings):
    settings.HELPDESK_TRUSTED_PROXIES = 2
    request = rf.get("/", HTTP_X_FORWARDED_FOR="198.51.100.1", REMOTE_ADDR="10.0.0.2")
    assert client_address(request) == "10.0.0.2"
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.1, 10.0.0.1")
    assert client_address(request) == "198.51.100.1"
    request = rf.get("/", HTTP_X_FORWARDED_FOR="not-an-address, 10.0.0.1", REMOTE_ADDR="10.0.0.2")
    assert client_address(request) == "10.0.0.2"


def test_lockout_counts_the_address_a_trusted_proxy_forwarded(db, settings):
    settings.HELPDESK_TRUSTED_PROXIES = 1
    victims = CustomerFactory.create_batch(LIMIT)
    for victim in victims:
        web_login(Client(), victim.username, "wrong", HTTP_X_FORWARDED_FOR="198.51.100.3")

    assert AccessAttempt.objects.filter(ip_address="198.51.100.3").count() == LIMIT
    someone = CustomerFactory()
    forwarded = {"HTTP_X_FORWARDED_FOR": "evil, 198.51.100.3"}
    assert web_login(Client(), someone.username, PASSWORD, **forwarded).status_code == 429
    other = {"HTTP_X_FORWARDED_FOR": "198.51.100.4"}
    assert web_login(Client(), someone.username, PASSWORD, **other).status_code == 302


def test_api_login_throttle_fails_closed_while_the_cache_is_down(customer, settings):
    settings.CACHES = DEAD_REDIS

    response = api_login(customer.username, PASSWORD)

    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1


def test_password_reset_fails_closed_while_the_cache_is_down(customer, settings):
    settings.CACHES = DEAD_REDIS

    response = Client().post("/accounts/password/reset/", {"email": customer.email})

    assert response.status_code == 429
    assert not mail.outbox


def test_wrong_current_passwords_on_password_change_lock_the_account(customer):
    session = Client()
    session.force_login(customer)

    def change(old_password):
        return session.post(
            "/accounts/password/change/",
            {
                "old_password": old_password,
                "new_password1": "a-brand-new-pass-phrase",
                "new_password2": "a-brand-new-pass-phrase",
            },
            **spoofed(),
        )

    statuses = [change("wrong").status_code for _ in range(LIMIT)]
    right = change(PASSWORD)

    assert statuses == [200] * (LIMIT - 1) + [429]
    assert right.status_code == 429
    customer.refresh_from_db()
    assert customer.check_password(PASSWORD)
    assert web_login(Client(), customer.username, PASSWORD).status_code == 429


def test_the_wait_shown_is_what_is_left_of_the_lock(customer):
    for _ in range(LIMIT):
        web_login(Client(), customer.username, "wrong")
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=10))

    page = web_login(Client(), customer.username, PASSWORD)
    api = api_login(customer.username, PASSWORD)

    assert "Try again in 5 minutes." in page.content.decode()
    assert 240 < int(page["Retry-After"]) <= 300
    assert 240 < int(api["Retry-After"]) <= 300
