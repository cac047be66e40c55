"""Accounts by mail: a customer made from a mail's sender, and a user's address, which
changes only through a confirmation link sent to the new one."""

import re

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from ..errors import InvalidInputError
from ..models import User
from ..notifications import outbox
from . import use_case

CONFIRMATION_SALT = "tickets.accounts.address-confirmation"
CONFIRMATION_MAX_AGE_SECONDS = 3 * 24 * 3600


def address_confirmation_token(*, user: User, address: str) -> str:
    return signing.dumps({"user": user.pk, "address": address}, salt=CONFIRMATION_SALT)


def _clean_address(address: str) -> str:
    address = (address or "").strip()
    try:
        validate_email(address)
    except ValidationError:
        raise InvalidInputError("email", "Enter a valid mail address.") from None
    return address


@use_case
def address_confirmation_request(*, user: User, address: str) -> str:
    """Mail a confirmation link to `address` (the current one, or the one the user wants
    instead). Nothing changes until the link is followed. Raises InvalidInputError (field
    `email`) for a malformed address or one that belongs to someone else."""
    address = _clean_address(address)
    if User.objects.filter(email__iexact=address).exclude(pk=user.pk).exists():
        raise InvalidInputError("email", "Another account uses this address.")
    outbox.address_confirmation(user=user, address=address)
    return address


@use_case
def address_confirm(*, user: User, token: str) -> User:
    """Follow a confirmation link: the address in it becomes the user's, confirmed.

    Raises InvalidInputError (field `token`) for a link that is altered, expired, meant
    for another user, or for an address someone else has taken meanwhile.
    """
    try:
        data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE_SECONDS)
    except signing.BadSignature:
        raise InvalidInputError("token", "This confirmation link is invalid or expired.") from None
    if data.get("user") != user.pk:
        raise InvalidInputError("token", "This confirmation link is for another account.")
    address = _clean_address(data.get("address", ""))
    user = User.objects.select_for_update().get(pk=user.pk)
    if User.objects.filter(email__iexact=address).exclude(pk=user.pk).exists():
        raise InvalidInputError("token", "Another account uses this address now.")
    user.email = address
    user.email_confirmed_at = timezone.now()
    user.save(update_fields=["email", "email_confirmed_at"])
    return user


USERNAME_UNSAFE = re.compile(r"[^\w.@+-]+")


@use_case
def customer_register_by_mail(*, address: str, name: str = "") -> User:
    """A customer for someone who wrote to the support address without an account.

    They have no password: the portal's password reset, sent to this address, lets them
    in. Raises InvalidInputError (field `email`) for a malformed or taken address."""
    address = _clean_address(address)
    if User.objects.filter(email__iexact=address).exists():
        raise InvalidInputError("email", "An account with this address already exists.")
    base = USERNAME_UNSAFE.sub("", address.split("@")[0])[:120] or "customer"
    username, suffix = base, 1
    while User.objects.filter(username__iexact=username).exists():
        suffix += 1
        username = f"{base}{suffix}"
    first_name, _, last_name = (name or "").strip().partition(" ")
    user = User(
        username=username,
        email=address,
        first_name=first_name[:150],
        last_name=last_name.strip()[:150],
    )
    user.set_unusable_password()
    user.save()
    return user
