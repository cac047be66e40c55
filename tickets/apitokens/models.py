from django.db import models
from knox.models import AbstractAuthToken


class ApiToken(AbstractAuthToken):
    """A named API token: django-rest-knox keeps only its SHA-512 digest and its expiry.

    `password_fingerprint` binds the token to the password it was issued under, as Django
    binds sessions: changing or resetting the password, anywhere, revokes every token.
    """

    name = models.CharField(max_length=64)
    password_fingerprint = models.CharField(max_length=128)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-created"], name="apitoken_user_created_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"
