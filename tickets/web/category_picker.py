"""The category picker: one select of the cached tree, grouped so it reads in two steps.

Without JavaScript it is a plain select: each top level with sub-categories is an
<optgroup> holding only what a ticket may be filed under (its leaves), and the top levels
that are leaves themselves sit in one group per channel (the storefront's six). A filter
may also pick a heading (its whole subtree): then each group starts with "All of …".
static/web/category-picker.js reads the groups' data attributes and turns the select into
two (top level, then sub-category) that keep the hidden select's value.

Built from the picker lists (tickets/pickers.py) and kept with them: no query per option,
no query at all while the tree is unchanged.
"""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from tickets.models import CategoryChannel
from tickets.pickers import CategoryNode, derived, pickers

# Between a heading and its sub-category in an option's label.
PATH_SEPARATOR = " \u203a "


def _channel_label(channel: str) -> str:
    return CategoryChannel(channel).label if channel in CategoryChannel.values else ""


def _option(value: int | str, label: str, current: str, **data: str) -> str:
    value = str(value)
    selected = " selected" if value == current else ""
    extra = "".join(f' data-{name}="{escape(text)}"' for name, text in data.items())
    return f'<option value="{escape(value)}"{selected}{extra}>{escape(label)}</option>'


def _tree() -> tuple[list[CategoryNode], dict[int | None, list[CategoryNode]]]:
    children: dict[int | None, list[CategoryNode]] = {}
    for node in pickers().category_nodes:
        children.setdefault(node.parent_id, []).append(node)
    return children.get(None, []), children


def _subtree_options(
    node: CategoryNode,
    children: dict[int | None, list[CategoryNode]],
    *,
    leaf_only: bool,
    current: str,
    kept: str = "",
    prefix: str = "",
) -> list[tuple[str, str, dict]]:
    """(value, label, data attributes) of what may be picked under `node`, depth first."""
    rows: list[tuple[str, str, dict]] = []
    for child in children.get(node.id, []):
        label = prefix + child.name
        if child.is_leaf:
            rows.append((str(child.id), label, {}))
            continue
        rows += _heading_option(child.id, label, leaf_only=leaf_only, current=current, kept=kept)
        rows += _subtree_options(
            child,
            children,
            leaf_only=leaf_only,
            current=current,
            kept=kept,
            prefix=label + PATH_SEPARATOR,
        )
    return rows


def _heading_option(
    pk: int, label: str, *, leaf_only: bool, current: str, kept: str
) -> list[tuple[str, str, dict]]:
    """A heading's own option, if any: in a filter, its whole subtree; where tickets are
    filed, the heading a ticket already has (a contract may file there) so saving keeps
    it, or the heading just refused, shown so the page says what is still to choose."""
    if not leaf_only:
        return [(str(pk), f"All of {label}", {})]
    if str(pk) == kept:
        return [(str(pk), f"{label} (no sub-category)", {})]
    if str(pk) == current:
        return [(str(pk), f"{label}: choose a sub-category", {"category-pending": "1"})]
    return []


def _build_options(*, leaf_only: bool, blank: str, current: str, kept: str) -> str:
    roots, children = _tree()
    by_channel = len({root.channel for root in roots}) > 1
    parts = [_option("", blank, current)]
    open_group: str | None = None
    for root in roots:
        channel = _channel_label(root.channel)
        if root.is_leaf:
            # Top levels without sub-categories: one group per channel, in tree order.
            if channel != open_group:
                if open_group:
                    parts.append("</optgroup>")
                open_group = channel
                if channel:
                    parts.append(
                        f'<optgroup label="{escape(channel)}" '
                        f'data-category-channel="{escape(channel)}">'
                    )
            parts.append(_option(root.id, root.name, current))
            continue
        if open_group:
            parts.append("</optgroup>")
        open_group = None
        label = f"{channel}: {root.name}" if by_channel and channel else root.name
        parts.append(
            f'<optgroup label="{escape(label)}" data-category-top="{root.id}" '
            f'data-category-label="{escape(root.name)}" '
            f'data-category-channel="{escape(channel)}">'
        )
        rows = _heading_option(root.id, root.name, leaf_only=leaf_only, current=current, kept=kept)
        rows += _subtree_options(root, children, leaf_only=leaf_only, current=current, kept=kept)
        parts += [_option(value, text, current, **data) for value, text, data in rows]
        parts.append("</optgroup>")
    if open_group:
        parts.append("</optgroup>")
    return "".join(parts)


def _id_text(value: object) -> str:
    return "" if value in (None, "") else str(getattr(value, "pk", value))


def category_options_html(
    *, leaf_only: bool, blank: str, current: object, kept: object = None
) -> str:
    """The picker's options and groups with `current` (an id) selected; `kept` is the
    category the ticket has, offered even where it is a heading."""
    # Only ids of the tree are kept apart: any other value (a hand-typed filter) selects
    # nothing, and cannot grow the cache.
    ids = derived(
        ("category-ids",), lambda: frozenset(str(node.id) for node in pickers().category_nodes)
    )
    current, kept = (text if text in ids else "" for text in (_id_text(current), _id_text(kept)))
    return mark_safe(
        derived(
            ("category-options", leaf_only, blank, current, kept),
            lambda: _build_options(leaf_only=leaf_only, blank=blank, current=current, kept=kept),
        )
    )


def category_choices(*, leaf_only: bool, blank: str) -> list[tuple[str, str]]:
    """Every value the picker offers, as (value, label) with the label's full path."""

    def build() -> list[tuple[str, str]]:
        roots, children = _tree()
        rows = [("", blank)]
        for root in roots:
            if root.is_leaf or not leaf_only:
                rows.append((str(root.id), root.name))
            rows += [
                (value, text)
                for value, text, _ in _subtree_options(
                    root,
                    children,
                    leaf_only=leaf_only,
                    current="",
                    prefix=root.name + PATH_SEPARATOR,
                )
            ]
        return rows

    return list(derived(("category-choices", leaf_only, blank), build))


def category_select_html(
    *,
    name: str,
    current: object,
    leaf_only: bool,
    blank: str,
    kept: object = None,
    attrs: dict | None = None,
) -> str:
    """A whole <select> for the picker; `attrs` are the select's own (id, class, …)."""
    return format_html(
        "<select{}>{}</select>",
        flatatt({**(attrs or {}), "name": name}),
        category_options_html(leaf_only=leaf_only, blank=blank, current=current, kept=kept),
    )


class CategorySelect(forms.Select):
    """The picker as a form widget (see the module docstring). A form editing a ticket
    sets `kept` to the ticket's category, offered even where it is a heading."""

    def __init__(self, *, leaf_only: bool = True, blank: str = "Choose a category", **kwargs):
        super().__init__(**kwargs)
        self.leaf_only, self.blank = leaf_only, blank
        self.kept: object = None

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs or {})
        current = self.format_value(value)
        return category_select_html(
            name=name,
            current=current[0] if current else "",
            leaf_only=self.leaf_only,
            blank=self.blank,
            kept=self.kept,
            attrs=attrs,
        )
