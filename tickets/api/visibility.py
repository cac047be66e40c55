"""Serializers take the fields they show from permissions' one rule (VISIBLE_FIELDS).

A serializer lists which of its fields show what (`role_fields`); for each caller the rule
decides whether the field is there. The native API leaves a hidden field out; a dialect
whose contract names the field keeps the key with an empty value (`hidden_value`).
"""

from collections.abc import Mapping
from typing import Any, ClassVar

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiSerializerExtension

from tickets import permissions
from tickets.models import User
from tickets.permissions import VisibleField

OMIT = object()


def viewer_of(context: Mapping[str, Any]) -> User | AnonymousUser:
    """Who the answer is for; without a request, nobody in particular, who sees least."""
    request = context.get("request")
    return getattr(request, "user", None) or AnonymousUser()


class RoleFieldsMixin:
    role_fields: ClassVar[Mapping[str, VisibleField]] = {}
    hidden_value: ClassVar[object] = OMIT

    def to_representation(self, instance: Any) -> dict:
        return self.visible_only(super().to_representation(instance))

    def visible_only(self, data: dict) -> dict:
        """`data` without (or with emptied) the fields the viewer may not see."""
        for name in self.hidden_fields():
            if name in data:
                if self.hidden_value is OMIT:
                    del data[name]
                else:
                    data[name] = self.hidden_value
        return data

    def hidden_fields(self) -> tuple[str, ...]:
        """The role fields the viewer may not see: asked of the rule once per viewer and
        serializer, not once per row of a list (a list's rows share one child)."""
        viewer = viewer_of(self.context)
        held = self.__dict__.get("_hidden_fields")
        if held is None or held[0] is not viewer:
            hidden = tuple(
                name
                for name, field in self.role_fields.items()
                if not permissions.can_see_field(viewer, field)
            )
            held = self.__dict__["_hidden_fields"] = (viewer, hidden)
        return held[1]


class RoleFieldsSchema(OpenApiSerializerExtension):
    """In the schema, a field some roles do not get is not required."""

    target_class = RoleFieldsMixin
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if self.target.hidden_value is OMIT and "required" in schema:
            hidden = set(self.target.role_fields)
            schema["required"] = [name for name in schema["required"] if name not in hidden]
        for name, field in self.target.role_fields.items():
            if name in schema.get("properties", {}):
                roles = [
                    role.value
                    for role, fields in permissions.VISIBLE_FIELDS.items()
                    if field in fields
                ]
                schema["properties"][name]["description"] = (
                    schema["properties"][name].get("description", "")
                    + f" Shown to: {', '.join(roles)}."
                ).strip()
        return schema
