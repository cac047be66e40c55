import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from tickets.apitokens.models import ApiToken
from tickets.models import (
    Message,
    Rating,
    Status,
    Ticket,
    TicketEvent,
    TransferStatus,
    User,
    Vendor,
)
from tickets.permissions import UserRole, role_of


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (User, Ticket, Message, Rating, TicketEvent, Vendor)
    }


def test_demo_loads_every_role_and_state_and_running_twice_changes_nothing(db, capsys):
    call_command("demo")
    first = counts()
    passwords = dict(User.objects.values_list("username", "password"))

    call_command("demo")

    assert counts() == first
    assert dict(User.objects.values_list("username", "password")) == passwords
    roles = {user.username: role_of(user) for user in User.objects.all()}
    assert roles == {
        "alice": UserRole.CUSTOMER,
        "bob": UserRole.CUSTOMER,
        "sam": UserRole.AGENT,
        "vera": UserRole.VENDOR,
        "vic": UserRole.VENDOR,
        "admin": UserRole.ADMIN,
    }
    for username in roles:
        assert User.objects.get(username=username).check_password("demo12345")
    assert User.objects.get(username="alice").seller_accounts.filter(pk=1001).exists()
    assert User.objects.get(username="vera").vendor.code == "A00012345"
    assert User.objects.get(username="vic").vendor.code == "A00067890"
    assert set(Ticket.objects.values_list("status", flat=True)) == set(Status.values)
    assert Ticket.objects.count() >= 24
    assert Message.objects.filter(is_internal=True).exists()
    assert Rating.objects.exists()
    assert {
        TransferStatus.ANSWER_REQUESTED,
        TransferStatus.ANSWERED,
        TransferStatus.CONFIRM_REQUESTED,
    } <= set(Ticket.objects.values_list("transfer_status", flat=True))
    assert "already loaded" in capsys.readouterr().out


def test_token_prints_a_new_working_token_each_time(customer, capsys):
    call_command("token", customer.username)
    first = capsys.readouterr().out.strip()
    call_command("token", customer.username, "--name", "ci")
    second = capsys.readouterr().out.strip()

    assert first != second
    for token in (first, second):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        assert client.get("/api/v1/me").json()["username"] == customer.username
    assert sorted(ApiToken.objects.filter(user=customer).values_list("name", flat=True)) == [
        "ci",
        "manage.py token",
    ]
    # Only digests are stored.
    assert not ApiToken.objects.filter(digest__in=[first, second]).exists()


def test_token_for_unknown_user_fails(db):
    with pytest.raises(CommandError):
        call_command("token", "nobody")


def test_vendor_keys_issues_then_repeats_and_rotates(db, capsys):
    vendor = Vendor.objects.create(code="A00099999")
    call_command("vendor_keys", vendor.code)
    first = capsys.readouterr().out
    vendor.refresh_from_db()
    assert vendor.access_key in first
    assert vendor.secret_key in first
    call_command("vendor_keys", vendor.code)
    assert capsys.readouterr().out == first
    call_command("vendor_keys", vendor.code, "--rotate")
    assert capsys.readouterr().out != first
