import binascii
from hmac import compare_digest

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import BooleanField, CharField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from knox.auth import TokenAuthentication
from knox.crypto import hash_token
from knox.settings import CONSTANTS, knox_settings
from rest_framework.authentication import get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from tickets.apitokens.models import ApiToken
from tickets.apitokens.services import password_fingerprints, token_touch
from tickets.compiledreads import CompiledRead
from tickets.models import User
from tickets.permissions import AGENTS_GROUP, hold_seller_account_ids


def _in_agents_group(user_id_column: str) -> RawSQL:
    """Whether the user whose id is in `user_id_column` is in the agents group, as plain
    SQL: building and compiling the same `Exists(...)` subquery with the ORM cost a third
    of every API request's authentication."""
    membership, group = User.groups.through._meta, Group._meta
    return RawSQL(
        f"EXISTS (SELECT 1 FROM {membership.db_table} m JOIN {group.db_table} g"
        f" ON g.{group.pk.column} = m.{membership.get_field('group').column}"
        f" WHERE m.{membership.get_field('user').column} = {user_id_column}"
        " AND g.name = %s)",
        (AGENTS_GROUP,),
        output_field=BooleanField(),
    )


def _seller_account_ids(user_id_column: str) -> RawSQL:
    """The ids of the seller accounts of the user whose id is in `user_id_column`,
    comma-separated ('' for none): what a customer sees is asked on nearly every request,
    and reading them was a query of its own."""
    membership = User.seller_accounts.through._meta
    account = membership.get_field("selleraccount").column
    joined = (
        f"string_agg(s.{account}::text, ',')"
        if connection.vendor == "postgresql"
        else f"group_concat(s.{account}, ',')"
    )
    return RawSQL(
        f"COALESCE((SELECT {joined} FROM {membership.db_table} s"
        f" WHERE s.{membership.get_field('user').column} = {user_id_column}), '')",
        (),
        output_field=CharField(),
    )


def _hold_seller_account_ids(user: User, joined: str) -> None:
    hold_seller_account_ids(user, [int(pk) for pk in joined.split(",") if pk])


class SessionUserBackend(ModelBackend):
    """Django's model backend, reading a signed-in user's membership of the agents group
    and their seller accounts with the user: the role and what a customer sees are asked
    on every page, and were queries of their own."""

    def get_user(self, user_id):
        try:
            user = SESSION_USER.one(user_id=int(user_id))
        except (TypeError, ValueError):
            return None
        if user is None:
            return None
        _hold_seller_account_ids(user, user.seller_account_ids)
        return user if self.user_can_authenticate(user) else None


def _session_user_read(*, user_id):
    user_id_column = f"{User._meta.db_table}.{User._meta.pk.column}"
    users = User._default_manager.annotate(
        in_agents_group=_in_agents_group(user_id_column),
        seller_account_ids=_seller_account_ids(user_id_column),
    )
    return users.filter(pk=user_id)


SESSION_USER = CompiledRead(_session_user_read)


class BearerOrTokenAuthentication(TokenAuthentication):
    """An API token (django-rest-knox) as `Authorization: Bearer <token>` or `Token <token>`.

    A token issued under an earlier password is refused and removed: changing or resetting
    the password revokes every token.
    """

    keywords = (b"bearer", b"token")

    def authenticate(self, request):
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() not in self.keywords:
            return None
        if len(auth) != 2:
            raise AuthenticationFailed("Invalid Authorization header: expected one token.")
        try:
            auth[1].decode("ascii")
        except UnicodeError:
            raise AuthenticationFailed("Invalid token.") from None
        return self.authenticate_credentials(auth[1])

    def authenticate_credentials(self, token: bytes):
        """knox's lookup, with the user's membership of the agents group and seller
        accounts read in the same query: the role and what a customer sees are asked on
        nearly every request, and were queries of their own."""
        token = token.decode("utf-8")
        for auth_token in TOKEN_WITH_USER.rows(token_key=token[: CONSTANTS.TOKEN_KEY_LENGTH]):
            if self._cleanup_token(auth_token):
                continue
            try:
                digest = hash_token(token)
            except (TypeError, binascii.Error):
                raise AuthenticationFailed("Invalid token.") from None
            if compare_digest(digest, auth_token.digest):
                if knox_settings.AUTO_REFRESH and auth_token.expiry:
                    self.renew_token(auth_token)
                auth_token.user.in_agents_group = auth_token.user_in_agents_group
                _hold_seller_account_ids(auth_token.user, auth_token.user_seller_account_ids)
                return self.validate_user(auth_token)
        raise AuthenticationFailed("Invalid token.")

    def _cleanup_token(self, auth_token) -> bool:
        # knox also sweeps all the user's other expired tokens here, a query on every
        # request; issuing a token sweeps them instead (tickets.apitokens.services).
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False

    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        fingerprints = password_fingerprints(user)
        if token.password_fingerprint not in fingerprints:
            token.delete()
            raise AuthenticationFailed("Invalid token.")
        if token.password_fingerprint != fingerprints[0]:
            # Issued under a fallback secret key: carry it over to the current one.
            ApiToken.objects.filter(pk=token.pk).update(password_fingerprint=fingerprints[0])
        token_touch(token)
        return user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


def _token_with_user_read(*, token_key):
    token_table, user_column = ApiToken._meta.db_table, ApiToken._meta.get_field("user").column
    user_id_column = f"{token_table}.{user_column}"
    return (
        ApiToken.objects.filter(token_key=token_key)
        .select_related("user")
        .annotate(
            user_in_agents_group=_in_agents_group(user_id_column),
            user_seller_account_ids=_seller_account_ids(user_id_column),
        )
    )


TOKEN_WITH_USER = CompiledRead(_token_with_user_read)
