from django.utils import timezone
from knox.auth import TokenAuthentication
from rest_framework.authentication import get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from tickets.apitokens.models import ApiToken
from tickets.apitokens.services import password_fingerprints, token_touch


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
