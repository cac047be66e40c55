import pytest
from django.test import Client


@pytest.fixture
def web_for():
    """A browser-like test client signed in as the user (anonymous for None)."""

    def make(user, *, enforce_csrf_checks: bool = False) -> Client:
        client = Client(enforce_csrf_checks=enforce_csrf_checks)
        if user is not None:
            client.force_login(user)
        return client

    return make
