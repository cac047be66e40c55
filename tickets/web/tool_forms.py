"""Input forms of the agents' tools: tags, macros, merge, bulk actions, saved views."""

from django import forms
from django.core.exceptions import ValidationError

from tickets.agenttools.models import Macro
from tickets.agenttools.selectors import macros_usable_by
from tickets.models import Priority, Status, Ticket, User
from tickets.references import DB_ID_MAX, parse_id
from tickets.services.bulk import BulkAction

from .forms import AgentField, CategoryChoiceField


class IdListField(forms.Field):
    """Ids from a repeated parameter (ticked rows); each must be a positive 64-bit id."""

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value) -> list[int]:
        ids = [parse_id(item) for item in value or []]
        if None in ids:
            raise ValidationError("Ticket ids are positive numbers.")
        return ids


class TagsForm(forms.Form):
    add = forms.CharField(label="Add tags", required=False, max_length=500)
    remove = forms.CharField(label="Remove tags", required=False, max_length=500)

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("add") or "").strip() and not (cleaned.get("remove") or "").strip():
            raise ValidationError("Name a tag to add or remove.")
        return cleaned


class MacroChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, macro: Macro) -> str:
        return macro.name if macro.is_shared else f"{macro.name} (personal)"


class ApplyMacroForm(forms.Form):
    macro = forms.IntegerField(label="Macro", min_value=1, max_value=DB_ID_MAX)


class MergeForm(forms.Form):
    target = forms.CharField(
        label="Merge into (case number)",
        max_length=32,
        widget=forms.TextInput(attrs={"placeholder": "HD-2026-000042"}),
    )

    def clean_target(self) -> Ticket:
        text = self.cleaned_data["target"].strip()
        pk = parse_id(text)
        lookup = {"pk": pk} if pk is not None else {"case_number__iexact": text}
        ticket = Ticket.objects.filter(**lookup).first()
        if ticket is None:
            raise ValidationError(f"No ticket {text}.")
        return ticket


class MacroForm(forms.ModelForm):
    """Shape only; macro_save checks placeholders, tags and the rest."""

    set_category = CategoryChoiceField(label="Set category", blank="Leave as it is")
    add_tags = forms.CharField(label="Add tags", required=False, max_length=500)
    remove_tags = forms.CharField(label="Remove tags", required=False, max_length=500)

    class Meta:
        model = Macro
        fields = ["name", "body", "is_internal", "is_shared", "set_status", "set_priority"]
        labels = {
            "body": "Text",
            "is_internal": "Post as an internal note",
            "is_shared": "Shared with every agent",
            "set_status": "Set status",
            "set_priority": "Set priority",
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["add_tags"] = ", ".join(self.instance.add_tags)
            self.initial["remove_tags"] = ", ".join(self.instance.remove_tags)
            self.initial["set_category"] = self.instance.set_category_id
        self.fields["set_status"].choices = [("", "Leave as it is"), *Status.choices]
        self.fields["set_priority"].choices = [("", "Leave as it is"), *Priority.choices]


class BulkForm(forms.Form):
    """One action on the selected rows, or on every ticket matching the queue's filters."""

    action = forms.ChoiceField(
        label="Action",
        choices=[
            (BulkAction.ASSIGN, "Assign to"),
            (BulkAction.STATUS, "Set status"),
            (BulkAction.PRIORITY, "Set priority"),
            (BulkAction.CATEGORY, "Set category"),
            (BulkAction.ADD_TAGS, "Add tags"),
            (BulkAction.REMOVE_TAGS, "Remove tags"),
            (BulkAction.MACRO, "Apply macro"),
        ],
    )
    tickets = IdListField()
    all_matching = forms.BooleanField(required=False)
    query = forms.CharField(required=False, max_length=2000)
    assignee = AgentField(label="Agent")
    status = forms.ChoiceField(label="Status", choices=Status.choices, required=False)
    priority = forms.ChoiceField(label="Priority", choices=Priority.choices, required=False)
    category = CategoryChoiceField(label="Category", blank="No category")
    tags = forms.CharField(label="Tags", required=False, max_length=500)
    macro = MacroChoiceField(label="Macro", queryset=Macro.objects.none(), required=False)

    VALUE_FIELDS = {
        BulkAction.ASSIGN: "assignee",
        BulkAction.STATUS: "status",
        BulkAction.PRIORITY: "priority",
        BulkAction.CATEGORY: "category",
        BulkAction.ADD_TAGS: "tags",
        BulkAction.REMOVE_TAGS: "tags",
        BulkAction.MACRO: "macro",
    }
    # Assign and category may be blank: unassign, no category.
    REQUIRED_VALUES = frozenset(
        {
            BulkAction.STATUS,
            BulkAction.PRIORITY,
            BulkAction.ADD_TAGS,
            BulkAction.REMOVE_TAGS,
            BulkAction.MACRO,
        }
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["macro"].queryset = macros_usable_by(user)

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action is None:
            return cleaned
        name = self.VALUE_FIELDS[BulkAction(action)]
        if action in self.REQUIRED_VALUES and not cleaned.get(name) and name not in self.errors:
            self.add_error(name, "Choose what to set.")
        if not cleaned.get("tickets") and not cleaned.get("all_matching"):
            raise ValidationError("Select at least one ticket, or every ticket that matches.")
        cleaned["value"] = cleaned.get(name)
        return cleaned


class SavedViewForm(forms.Form):
    name = forms.CharField(label="Name", max_length=80)
    is_shared = forms.BooleanField(label="Shared with every agent", required=False)
    query = forms.CharField(required=False, max_length=1000)
