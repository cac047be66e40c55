"""Small helpers every dialect package may use: parsing, dates, ids, field names.

Additive only: several dialects import from here.
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime

from django.urls import reverse
from rest_framework import serializers
from rest_framework.request import Request

from tickets.errors import InvalidInputError
from tickets.metadata import metadata_problem
from tickets.models import Attachment
from tickets.references import DB_ID_MAX


def db_id_field(**kwargs) -> serializers.IntegerField:
    """An integer id in a request body, bounded so it can be looked up safely."""
    return serializers.IntegerField(min_value=1, max_value=DB_ID_MAX, **kwargs)


class JsonObjectField(serializers.DictField):
    """A free JSON object kept in a ticket's or message's metadata, under the core's one
    size and depth cap (tickets.metadata), so every dialect refuses what the native API
    refuses."""

    def to_internal_value(self, data: object) -> dict:
        value = super().to_internal_value(data)
        if problem := metadata_problem(value):
            raise serializers.ValidationError(problem)
        return value


def parse(serializer_class: type[serializers.Serializer], data: object, **context) -> dict:
    """Validate a request body or query with an input serializer; 400 names the field."""
    serializer = serializer_class(data=data, context=context)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def utc_z(value: datetime | None) -> str | None:
    """`2023-11-07T05:31:56Z`: UTC, no fraction, as the 3PL and support-request docs show."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@contextmanager
def contract_field_names(names: Mapping[str, str]) -> Iterator[None]:
    """Re-raise the core's InvalidInputError under the contract's name for the field.

    The core names fields after its own parameters (`score`, `seller_account`); a client
    of a dialect must be told about the field it sent (`rating`, `sellerId`).
    """
    try:
        yield
    except InvalidInputError as error:
        if error.field in names:
            # Same class, so a too-large file still answers 413.
            raise type(error)(names[error.field], error.message) from error
        raise


def contract_error_fields(fields: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Per-field problems keyed by the names the client sent: a whole-list or whole-object
    problem (`messages.non_field_errors`) is about that field (`messages`)."""
    named: dict[str, list[str]] = {}
    for name, problems in fields.items():
        key = name.removesuffix(".non_field_errors")
        named.setdefault(key, []).extend(problems)
    return named


def attachment_download_url(request: Request, attachment: Attachment) -> str:
    """The absolute, permission-checked download address of an attachment."""
    return request.build_absolute_uri(
        reverse("api:attachment-download", kwargs={"uuid": attachment.uuid})
    )
