"""Issuing, listing and revoking a user's API tokens."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from tickets.models import User

from .models import ApiToken

# A token's `last_used_at` is written at most this often, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def password_fingerprint(user: User) -> str:
    return user.get_session_auth_hash()


def password_fingerprints(user: User) -> list[str]:
    """The current password's fingerprint, then those under `SECRET_KEY_FALLBACKS`: as
    with sessions, rotating the secret key keeps tokens while the old key is a fallback."""
    return [password_fingerprint(user), *user.get_session_auth_fallback_hash()]


def live_tokens(user: User) -> QuerySet[ApiToken]:
    """The user's tokens that still work: unexpired, issued under the current password."""
    return ApiToken.objects.filter(
        user=user,
        expiry__gt=timezone.now(),
        password_fingerprint__in=password_fingerprints(user),
    )


@transaction.atomic(durable=True)
def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Issues a token named `name`; answers the row and the token itself, which is shown
    once and never stored. Past `HELPDESK_API_TOKENS_PER_USER` the oldest token is revoked,
    and tokens that no longer work are removed."""
    # The locked row, re-read: its password is the one the token is bound to.
    user = User.objects.select_for_update().get(pk=user.pk)
    ApiToken.objects.filter(user=user).exclude(pk__in=live_tokens(user).values("pk")).delete()
    keep = settings.HELPDESK_API_TOKENS_PER_USER - 1
    oldest = live_tokens(user).order_by("-created", "-pk").values_list("pk", flat=True)[keep:]
    ApiToken.objects.filter(pk__in=list(oldest)).delete()
    return ApiToken.objects.create(
        user=user, name=name[:64], password_fingerprint=password_fingerprint(user)
    )


def token_revoke(*, user: User, digest: str) -> bool:
    """Revokes one of the user's own tokens; False when there was no such token."""
    deleted, _ = ApiToken.objects.filter(user=user, digest=digest).delete()
    return deleted > 0


def token_list_for(*, user: User) -> QuerySet[ApiToken]:
    return live_tokens(user).order_by("-created", "-pk")


def token_touch(token: ApiToken) -> None:
    """Records that the token was just used, at most once a `LAST_USED_RESOLUTION`."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
