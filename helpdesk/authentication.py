from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed


class BearerOrTokenAuthentication(TokenAuthentication):
    """The user's API token as `Authorization: Bearer <token>` or `Token <token>`."""

    keywords = (b"bearer", b"token")

    def authenticate(self, request):
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() not in self.keywords:
            return None
        if len(auth) != 2:
            raise AuthenticationFailed("Invalid Authorization header: expected one token.")
        try:
            token = auth[1].decode()
        except UnicodeError:
            raise AuthenticationFailed("Invalid token.") from None
        return self.authenticate_credentials(token)

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'
