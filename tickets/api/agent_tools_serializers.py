"""Input and output shapes of the native API's agent tools: tags, macros, merge, bulk."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from tickets.agenttools.models import TAG_MAX_LENGTH, Macro
from tickets.models import Priority, Status
from tickets.services.bulk import BulkAction

from .serializers import MAX_ID, IdField, StrictInput, TextField


def tag_list_field() -> serializers.ListField:
    return serializers.ListField(
        child=TextField(max_length=TAG_MAX_LENGTH), required=False, default=list, max_length=20
    )


@extend_schema_serializer(component_name="NativeTagsChange")
class TagsIn(StrictInput):
    add = tag_list_field()
    remove = tag_list_field()


@extend_schema_serializer(component_name="NativeApplyMacro")
class ApplyMacroIn(StrictInput):
    macro = IdField(help_text="The id of a macro you may use (yours or a shared one).")


@extend_schema_serializer(component_name="NativeMerge")
class MergeIn(StrictInput):
    into = IdField(help_text="The ticket (of the same customer) to merge this duplicate into.")


@extend_schema_serializer(component_name="NativeBulk")
class BulkIn(StrictInput):
    tickets = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), min_length=1
    )
    action = serializers.ChoiceField(choices=[(a.value, a.value) for a in BulkAction])
    value = serializers.JSONField(
        allow_null=True,
        required=False,
        default=None,
        help_text="assign: an agent's user id or null; status, priority: a value; category: "
        "an id or null; add_tags, remove_tags: a list of names; macro: a macro id.",
    )


class BulkRowOut(serializers.Serializer):
    id = serializers.IntegerField(source="ticket_id")
    case_number = serializers.CharField()
    reason = serializers.CharField(help_text="Why the ticket was refused (empty if changed).")


class BulkOut(serializers.Serializer):
    action = serializers.CharField()
    changed = BulkRowOut(many=True)
    refused = BulkRowOut(many=True)


@extend_schema_serializer(component_name="NativeMacro")
class MacroOut(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username")
    set_status = serializers.CharField(
        help_text=f"One of {', '.join(Status.values)}, or empty: left as it is."
    )
    set_priority = serializers.CharField(
        help_text=f"One of {', '.join(Priority.values)}, or empty: left as it is."
    )
    set_category = serializers.IntegerField(source="set_category_id", allow_null=True)
    add_tags = serializers.ListField(child=serializers.CharField())
    remove_tags = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Macro
        fields = [
            "id",
            "name",
            "owner",
            "is_shared",
            "body",
            "is_internal",
            "set_status",
            "set_priority",
            "set_category",
            "add_tags",
            "remove_tags",
        ]
        read_only_fields = fields
