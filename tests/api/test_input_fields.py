"""Input serializers bind shallow copies of their declared fields (DRF deep-copies them,
which cost two thirds of validating a new ticket): each instance still has fields of its
own, the declared ones are never bound, and validation answers exactly as DRF's copies
did."""

import uuid

import pytest
from rest_framework import serializers

from tickets.api import serializers as s

GOOD = {
    "subject": "Parcel",
    "description": "Where is it?",
    "metadata": {"order": "A-1"},
    "attachments": [str(uuid.uuid4())],
}
BAD = [
    {},
    {"subject": "", "description": "x" * 10},
    {"subject": "ok", "category": 0, "priority": "soon", "warehouse_id": -1},
    {"subject": "ok", "attachments": ["not-a-uuid", 3], "metadata": "text"},
    {"subject": "ok", "attachments": [str(uuid.uuid4())] * 51, "unknown": 1},
    {"subject": "\ud800", "order_id": "x" * 65, "parent": "abc"},
    [],
]


def deep_copying(serializer_class: type) -> type:
    """The same serializer with DRF's own deep copy of the declared fields."""
    return type(
        f"Deep{serializer_class.__name__}",
        (serializer_class,),
        {"get_fields": serializers.Serializer.get_fields},
    )


def test_each_instance_binds_fields_of_its_own():
    first, second = s.TicketCreateIn(data=GOOD), s.TicketCreateIn(data=GOOD)
    for name, field in first.fields.items():
        assert field is not second.fields[name]
        assert field.parent is first
        assert second.fields[name].parent is second
    for one in (first, second):
        attachments = one.fields["attachments"]
        assert attachments.child.parent is attachments
        assert attachments.child is not s.TicketCreateIn._declared_fields["attachments"].child


def test_declared_fields_stay_unbound_after_validation():
    for data in [GOOD, *BAD]:
        s.TicketCreateIn(data=data).is_valid()
    for field in s.TicketCreateIn._declared_fields.values():
        assert field.parent is None
        assert field.field_name is None


@pytest.mark.parametrize("serializer_class", [s.TicketCreateIn, s.MessageIn, s.TicketUpdateIn])
@pytest.mark.parametrize("data", [GOOD, *BAD])
def test_validation_answers_as_with_drfs_deep_copies(serializer_class, data):
    ours = serializer_class(data=data)
    drfs = deep_copying(serializer_class)(data=data)
    assert ours.is_valid() == drfs.is_valid()
    assert ours.errors == drfs.errors
    if not ours.errors:
        assert ours.validated_data == drfs.validated_data
