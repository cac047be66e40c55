"""The web's input serializers: shape and types only; the services decide the rest."""

import uuid
from collections.abc import Callable, Iterator
from functools import partial
from html import escape

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.db.models import F
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.choices import BaseChoiceIterator, CallableChoiceIterator
from django.utils.safestring import mark_safe

from tickets import selectors, workflow
from tickets.errors import InvalidInputError
from tickets.models import Priority, Status, Vendor, WaitingOn
from tickets.pickers import category_has_children, derived, pickers
from tickets.services.attachments import EXTENSIONS_BY_TYPE, megabytes
from tickets.services.tags import tag_normalize
from tickets.sla.clock import SlaState

from .category_picker import CategorySelect
from .category_picker import category_choices as picker_choices


class AttachmentsInput(forms.Widget):
    """A file input that carries the server's upload limits for the browser's check
    (static/web/uploads.js), and lists the files a form kept from an earlier attempt as
    ticked boxes, so they need not be chosen again. Not a FileInput, so crispy-forms
    renders it through this template."""

    template_name = "web/widgets/attachments.html"
    needs_multipart_form = True

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.kept: list = []

    def value_from_datadict(self, data, files, name):
        return files.getlist(name) if hasattr(files, "getlist") else files.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in files

    def format_value(self, value):
        return None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["kept"] = self.kept
        context["widget"]["attrs_html"] = flatatt(context["widget"]["attrs"])
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template engine: the default form renderer does not search
        # templates/ (no FORM_RENDERER is set).
        return render_to_string(self.template_name, self.get_context(name, value, attrs))


def upload_limit_attrs() -> dict[str, str]:
    """The limits the attachment service enforces, as data attributes for the browser."""
    extensions = sorted(
        {
            extension
            for content_type in settings.HELPDESK_ATTACHMENT_ALLOWED_TYPES
            for extension in EXTENSIONS_BY_TYPE.get(content_type, ())
        }
    )
    return {
        "multiple": True,
        "accept": ",".join(extensions),
        "data-upload-limits": "",
        "data-max-bytes": str(settings.HELPDESK_ATTACHMENT_MAX_BYTES),
        "data-max-size": megabytes(settings.HELPDESK_ATTACHMENT_MAX_BYTES),
        "data-max-files": str(settings.HELPDESK_ATTACHMENT_MAX_FILES),
        "data-extensions": ",".join(extensions),
    }


def upload_help_text() -> str:
    return (
        f"Up to {settings.HELPDESK_ATTACHMENT_MAX_FILES} files, at most "
        f"{megabytes(settings.HELPDESK_ATTACHMENT_MAX_BYTES)} each: "
        "images, PDF, text, CSV, ZIP, Word or Excel."
    )


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the attachment service later."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", AttachmentsInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def attachments_field() -> MultipleFileField:
    return MultipleFileField(label="Attachments")


def _upload_ids(values: list[str]) -> list[uuid.UUID]:
    try:
        return list(dict.fromkeys(uuid.UUID(value) for value in values))
    except ValueError:
        raise ValidationError("A file kept from before is not valid; choose it again.") from None


class AttachmentsFormMixin:
    """A form with an `attachments` field whose files survive a form error.

    The browser sends `kept_uploads` (the ticked files stored by an earlier attempt) and
    `listed_uploads` (every file that attempt listed, so the unticked ones can go); both
    land in cleaned_data as uuids. The count limit covers kept and new files together.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["attachments"]
        # From the settings of the moment, not of import time (an install tunes them).
        field.widget.attrs.update(upload_limit_attrs())
        field.help_text = upload_help_text()

    def clean(self):
        cleaned = super().clean()
        try:
            kept = _upload_ids(self._values("kept_uploads"))
            listed = _upload_ids(self._values("listed_uploads"))
        except ValidationError as error:
            self.add_error("attachments", error)
            kept, listed = [], []
        cleaned["kept_uploads"] = kept
        cleaned["listed_uploads"] = listed
        chosen = cleaned.get("attachments") or []
        limit = settings.HELPDESK_ATTACHMENT_MAX_FILES
        if len(chosen) + len(kept) > limit:
            self.add_error("attachments", f"At most {limit} files per message.")
        return cleaned

    def _values(self, name: str) -> list[str]:
        if hasattr(self.data, "getlist"):
            return self.data.getlist(name)
        value = self.data.get(name, [])
        return list(value) if isinstance(value, list | tuple) else [value]

    def render_key(self) -> tuple:
        """What the unbound form's cached rendering depends on besides its fields."""
        return tuple(sorted(upload_limit_attrs().items()))

    def has_files(self) -> bool:
        cleaned = getattr(self, "cleaned_data", {})
        return bool(cleaned.get("attachments") or cleaned.get("kept_uploads"))

    def keep_files(self, attachments: list) -> None:
        """List these stored files on the re-rendered form, ticked."""
        self.fields["attachments"].widget.kept = attachments


def vendor_label(code: str, name: str) -> str:
    return f"{code} · {name}" if name else code


def options_html(choices, current, *, labels: bool = True) -> str:
    """A select's options with the current value marked, built in one pass: a per-option
    template (or format_html call) costs more than the rest of a page when a select lists
    hundreds of rows. Values and labels are escaped as Django's escape() does. Without
    `labels`, options carry only their value (a datalist's suggestions)."""
    current = "" if current is None else str(current)
    parts = []
    for value, label in choices:
        value = str(value)
        selected = " selected" if value == current else ""
        text = escape(str(label)) if labels else ""
        parts.append(f'<option value="{escape(value)}"{selected}>{text}</option>')
    return mark_safe("".join(parts))


def agent_datalist_options() -> str:
    """The assignee suggestions (every agent's username) as datalist options, built once
    per change of the agent list rather than once per page."""
    return derived(
        ("agent-datalist-options",),
        lambda: options_html(((name, "") for _, name in pickers().agents), None, labels=False),
    )


class OptionsSelect(forms.Select):
    """A select rendered in one pass instead of one template per option."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        current = self.format_value(value)
        options = options_html(self.choices, current[0] if current else "")
        return mark_safe(f"<select{attributes_html(attrs)}>{options}</select>")


def attributes_html(attrs: dict) -> str:
    """HTML attributes as Django's widget templates write them (True: the bare name,
    False and None: left out), escaped as Django's escape() does, in one pass."""
    return "".join(
        f" {key}" if value is True else f' {key}="{escape(str(value))}"'
        for key, value in attrs.items()
        if value is not None and value is not False
    )


class FastInputMixin:
    """An input rendered in one pass: Django renders each widget through its own
    templates, which on a hot page costs more than the rest of a small form. The markup
    is the same (`type`, `name`, `value` when there is one, then the attributes)."""

    def render(self, name, value, attrs=None, renderer=None):
        rendered = {"type": self.input_type, "name": name}
        value = self.format_value(value)
        if value is not None:
            rendered["value"] = value
        rendered.update(self.build_attrs(self.attrs, attrs))
        return mark_safe(f"<input{attributes_html(rendered)}>")


class FastTextInput(FastInputMixin, forms.TextInput):
    pass


class FastHiddenInput(FastInputMixin, forms.HiddenInput):
    pass


class ReadyChoices(BaseChoiceIterator):
    """Options that `load` gives as (value, label) strings, kept with the picker lists,
    iterated as they are: Django normalizes a list of choices option by option each time
    a form is built, copied or validated, a few hundred calls per queue page."""

    def __init__(self, load: Callable[[], list[tuple[str, str]]]):
        self.load = load

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.load())


class CategoryChoiceField(forms.ChoiceField):
    """The category picker (tickets/web/category_picker.py); cleans to a Category, or None
    when left blank. `leaf_only` offers only what tickets are filed under; a filter passes
    False to offer headings too (their whole subtree). Whether a heading may be filed under
    is the services' rule: a ticket already filed there keeps it, a new choice is refused
    with the reason, on the `category` field."""

    def __init__(self, *args, blank: str = "Choose a category", leaf_only: bool = True, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", CategorySelect(leaf_only=leaf_only, blank=blank))
        kwargs.setdefault(
            "error_messages", {"invalid_choice": "Choose one of the listed categories."}
        )
        super().__init__(
            *args,
            choices=ReadyChoices(partial(picker_choices, leaf_only=leaf_only, blank=blank)),
            **kwargs,
        )

    def valid_value(self, value) -> bool:
        # Any active category: a heading the picker does not offer gets the services'
        # explanation instead of "not one of the choices".
        text = str(value)
        return super().valid_value(text) or (text.isdigit() and category_has_children(int(text)))

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        category = selectors.category_list().filter(pk=value).first()
        if category is None:
            raise ValidationError("Choose one of the listed categories.")
        return category


class VendorChoiceField(forms.ModelChoiceField):
    """Vendors by code (the value in URLs and the API), labelled with their name too."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Vendor.objects.order_by("code"), to_field_name="code", **kwargs)

    def label_from_instance(self, vendor: Vendor) -> str:
        return vendor_label(vendor.code, vendor.name)


class VendorPickerField(VendorChoiceField):
    """A vendor select whose options come from the picker lists (a marketplace has
    hundreds of vendors); cleaning still looks the code up in the database."""

    widget = OptionsSelect

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.choices = CallableChoiceIterator(self._options)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.choices = CallableChoiceIterator(result._options)
        return result

    def _options(self) -> list[tuple[str, str]]:
        blank = [("", self.empty_label)] if self.empty_label is not None else []
        return blank + [(code, vendor_label(code, name)) for code, name in pickers().vendors]


class SignUpForm(UserCreationForm):
    email = forms.EmailField(required=True, help_text="Replies and password resets go here.")

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email", "first_name", "last_name")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise ValidationError("An account with this email already exists.")
        return email


class TicketCreateForm(AttachmentsFormMixin, forms.Form):
    subject = forms.CharField(max_length=255)
    category = CategoryChoiceField(required=True)
    order_id = forms.CharField(label="Order number", max_length=64, required=False)
    item_id = forms.CharField(label="Item / product id", max_length=64, required=False)
    item_name = forms.CharField(label="Item name", max_length=255, required=False)
    description = forms.CharField(
        label="What happened?", widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    attachments = attachments_field()

    def clean_subject(self):
        return self.cleaned_data["subject"].strip()


class ReplyForm(AttachmentsFormMixin, forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=20000,
    )
    attachments = attachments_field()

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("body") or "").strip() and not self.has_files():
            self.add_error("body", "Write a message or attach a file.")
        return cleaned


class AgentReplyForm(ReplyForm):
    is_internal = forms.BooleanField(label="Internal note (only agents see it)", required=False)

    field_order = ["body", "is_internal", "attachments"]


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label="How did we do?",
        choices=[(str(n), f"{n} star" if n == 1 else f"{n} stars") for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Comment (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )


class MyTicketsFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *Status.choices], required=False
    )
    category = CategoryChoiceField(label="Category", blank="Any category", leaf_only=False)


ASSIGNEE_MINE = "mine"
ASSIGNEE_NONE = "unassigned"
QUEUE_SORTS = {
    "-created": ("-created_at", "-id"),
    "created": ("created_at", "id"),
    "-updated": ("-updated_at", "-id"),
    "-activity": ("-last_activity_at", "-id"),
    "activity": ("last_activity_at", "id"),
    "waiting": ("waiting_since", "id"),
    "-waiting": ("-waiting_since", "-id"),
    "priority": ("priority_rank", "-created_at", "-id"),
    "case": ("case_number", "id"),
    # Tickets without a running deadline last on every database, matching the index order.
    "due": (F("sla_due_at").asc(nulls_last=True), "id"),
}
QUEUE_PAGE_SIZES = ("25", "50", "100")


STATUS_ALL = "all"
UNREAD_ANY = "any"
UNREAD_CUSTOMER = "customer"
UNREAD_VENDOR = "vendor"


class QueueStatusField(forms.ChoiceField):
    """Blank is the default view, what is not finished; "all" reaches every status. The
    former "active" (links and saved views from before) means the default view."""

    def to_python(self, value):
        value = super().to_python(value)
        return "" if value == "active" else value


def _assignee_filter_choices() -> list[tuple[str, str]]:
    return derived(
        ("assignee-filter-choices",),
        lambda: [
            ("", "Anyone"),
            (ASSIGNEE_MINE, "Assigned to me"),
            (ASSIGNEE_NONE, "Unassigned"),
            *((str(pk), username) for pk, username in pickers().agents),
        ],
    )


class QueueFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    status = QueueStatusField(
        label="Status",
        choices=[("", "Not finished"), (STATUS_ALL, "Any status"), *Status.choices],
        required=False,
    )
    waiting_on = forms.ChoiceField(
        label="Waiting on", choices=[("", "Anyone"), *WaitingOn.choices], required=False
    )
    unread = forms.ChoiceField(
        label="Unread",
        choices=[
            ("", "Read or not"),
            (UNREAD_ANY, "Anything unread"),
            (UNREAD_CUSTOMER, "Customer replied"),
            (UNREAD_VENDOR, "Vendor answered"),
        ],
        required=False,
    )
    priority = forms.ChoiceField(
        label="Priority", choices=[("", "Any priority"), *Priority.choices], required=False
    )
    category = CategoryChoiceField(label="Category", blank="Any category", leaf_only=False)
    assignee = forms.ChoiceField(label="Assignee", required=False)
    # A code to type, not a list: a marketplace has thousands of vendors.
    vendor = VendorChoiceField(
        label="Vendor code",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "A00012345"}),
        error_messages={"invalid_choice": "No vendor has this code."},
    )
    tag = forms.CharField(label="Tag", required=False, max_length=50)
    # A username or an email address (suggested as one types): never a list of customers.
    customer = forms.CharField(label="Customer", required=False, max_length=254)
    created_from = forms.DateField(
        label="Created from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    created_to = forms.DateField(
        label="Created to", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[
            ("-created", "Newest first"),
            ("created", "Oldest first"),
            ("-activity", "Latest activity"),
            ("activity", "Oldest activity"),
            ("waiting", "Waiting longest"),
            ("-waiting", "Waiting shortest"),
            ("-updated", "Recently updated"),
            ("priority", "Priority"),
            ("case", "Case number"),
            ("due", "Due soonest"),
        ],
    )
    sla = forms.ChoiceField(
        label="SLA",
        required=False,
        choices=[
            ("", "Any SLA"),
            (SlaState.BREACHED, "Breached"),
            (SlaState.AT_RISK, "At risk"),
            (SlaState.OK, "On track"),
        ],
    )
    per_page = forms.ChoiceField(
        label="Rows",
        required=False,
        choices=[(size, size) for size in QUEUE_PAGE_SIZES],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = ReadyChoices(_assignee_filter_choices)

    def clean_tag(self) -> str:
        tag = self.cleaned_data["tag"]
        try:
            return tag_normalize(tag, field="tag") if tag.strip() else ""
        except InvalidInputError as error:
            raise ValidationError(error.message) from None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("created_from"), cleaned.get("created_to")
        if start and end and start > end:
            self.add_error("created_to", "The end date is before the start date.")
        return cleaned


class AgentField(forms.CharField):
    """An agent typed by username (suggested as one types, never a list of every user);
    blank means nobody."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 150)
        super().__init__(**kwargs)

    def clean(self, value):
        name = super().clean(value).strip()
        if not name:
            return None
        agent = selectors.agents().filter(username=name).first()
        if agent is None:
            raise ValidationError(f"No support agent is called “{name}”.")
        return agent


class AssignForm(forms.Form):
    assignee = AgentField(label="Assign to")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=Status.choices)


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(label="Priority", choices=Priority.choices)


class CategoryForm(forms.Form):
    category = CategoryChoiceField(label="Category", blank="No category")


class TriageForm(forms.Form):
    """The agent's triage in one form: assignee, status, priority and category.

    Each field carries the value the page showed (a hidden "initial-" input), and only
    the fields the agent changed are saved: a colleague's change to another field made
    while this page was open stays. The status lists the moves the ticket can make."""

    assignee = AgentField(
        label="Assignee",
        show_hidden_initial=True,
        widget=FastTextInput(
            attrs={
                "class": "form-control form-control-sm",
                "list": "agent-options",
                "data-suggest-url": reverse_lazy("agent:agent-suggestions"),
                "data-suggest-key": "agents",
                "placeholder": "Agent's username (empty: nobody)",
                "autocomplete": "off",
            }
        ),
    )
    status = forms.ChoiceField(
        label="Status",
        show_hidden_initial=True,
        widget=OptionsSelect(attrs={"class": "form-select form-select-sm"}),
    )
    priority = forms.ChoiceField(
        label="Priority",
        choices=Priority.choices,
        show_hidden_initial=True,
        widget=OptionsSelect(attrs={"class": "form-select form-select-sm"}),
    )
    category = CategoryChoiceField(
        label="Category",
        blank="No category",
        show_hidden_initial=True,
        widget=CategorySelect(blank="No category", attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, ticket, **kwargs):
        kwargs.setdefault("auto_id", "triage-%s")
        kwargs["initial"] = {
            "assignee": ticket.assignee.username if ticket.assignee_id else "",
            "status": ticket.status,
            "priority": ticket.priority,
            "category": ticket.category_id or "",
        }
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.hidden_widget = FastHiddenInput
        # A heading a contract filed the ticket under stays on offer, so saving keeps it.
        self.fields["category"].widget.kept = ticket.category_id
        moves = workflow.ALLOWED[ticket.status]
        self.fields["status"].choices = [
            (value, label)
            for value, label in Status.choices
            if value == ticket.status or value in moves
        ]

    def changes(self) -> dict:
        """The cleaned values of the fields the agent changed on the page."""
        return {name: self.cleaned_data[name] for name in self.changed_data}


def triage_field_rows(form: TriageForm) -> list[tuple[forms.BoundField, str]]:
    """Each triage field with its rendered inputs (the field and its hidden "initial-"
    twin). An unbound form's inputs depend only on the field's value (the status select
    lists the moves from the status it shows, the category select keeps the ticket's
    heading) and the picker lists: rendered once per field and value while the lists
    stay the same, instead of on every page. A bound form (showing errors) renders
    afresh."""
    if form.is_bound:
        return [(field, str(field)) for field in form]
    return [
        (
            field,
            derived(
                ("triage-field", field.name, str(form.initial.get(field.name, ""))),
                lambda field=field: str(field),
            ),
        )
        for field in form
    ]


class TransferForm(forms.Form):
    vendor = VendorPickerField(label="Vendor", empty_label="Choose a vendor")
    needs_answer = forms.TypedChoiceField(
        label="The vendor should",
        choices=[("1", "Answer the question"), ("0", "Only confirm")],
        coerce=lambda value: value == "1",
        initial="1",
    )
    note = forms.CharField(
        label="Note for the vendor (the customer does not see it)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class VendorAnswerForm(AttachmentsFormMixin, forms.Form):
    body = forms.CharField(
        label="Your answer", widget=forms.Textarea(attrs={"rows": 5}), max_length=20000
    )
    attachments = attachments_field()


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=64,
        label="Token name",
        help_text="What uses it, e.g. “warehouse sync”, so you know which to revoke later.",
    )
