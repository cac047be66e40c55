from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from tickets.errors import InvalidInputError
from tickets.services.macros import macro_check_placeholders
from tickets.services.tags import tag_names_parse

from .models import Macro, SavedView, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "created_at", "created_by")
    search_fields = ("name",)
    readonly_fields = ("created_at", "created_by")


class MacroAdminForm(forms.ModelForm):
    """The same checks as the agents' macro page: known placeholders, tidy tag names."""

    class Meta:
        model = Macro
        fields = [
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

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        try:
            macro_check_placeholders(body)
        except InvalidInputError as error:
            raise ValidationError(error.message) from None
        return body

    def _clean_tags(self, name: str) -> list[str]:
        try:
            return tag_names_parse(self.cleaned_data[name] or [], field=name)
        except InvalidInputError as error:
            raise ValidationError(error.message) from None

    def clean_add_tags(self) -> list[str]:
        return self._clean_tags("add_tags")

    def clean_remove_tags(self) -> list[str]:
        return self._clean_tags("remove_tags")


@admin.register(Macro)
class MacroAdmin(admin.ModelAdmin):
    form = MacroAdminForm
    list_display = ("name", "owner", "is_shared", "set_status", "set_priority", "updated_at")
    list_filter = ("is_shared",)
    search_fields = ("name", "body")
    raw_id_fields = ("owner",)


@admin.register(SavedView)
class SavedViewAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "is_shared", "query")
    list_filter = ("is_shared",)
    search_fields = ("name",)
    raw_id_fields = ("owner",)
