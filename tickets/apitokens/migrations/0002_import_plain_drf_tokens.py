"""Keeps the API tokens issued before they were hashed working: each row of DRF's plain
`authtoken_token` table (where this database has one) becomes a digest with the default
lifetime, bound to its user's current password, and the plain row is deleted."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone
from django.utils.crypto import salted_hmac
from knox.crypto import hash_token
from knox.settings import CONSTANTS, knox_settings

PLAIN_TABLE = "authtoken_token"
# What AbstractBaseUser.get_session_auth_hash() computes; historical models lack methods.
SESSION_HASH_SALT = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"


def import_plain_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if PLAIN_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("apitokens", "ApiToken")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id FROM {PLAIN_TABLE}")
        rows = cursor.fetchall()
    passwords = dict(
        User.objects.filter(pk__in=[user_id for _, user_id in rows]).values_list("pk", "password")
    )
    expiry = timezone.now() + knox_settings.TOKEN_TTL
    ApiToken.objects.bulk_create(
        ApiToken(
            digest=hash_token(key),
            token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH],
            user_id=user_id,
            expiry=expiry,
            name="API token (from before named tokens)",
            password_fingerprint=salted_hmac(
                SESSION_HASH_SALT, passwords[user_id], algorithm="sha256"
            ).hexdigest(),
        )
        for key, user_id in rows
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {PLAIN_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("apitokens", "0001_initial")]

    operations = [migrations.RunPython(import_plain_tokens, migrations.RunPython.noop)]
