"""The one cap on free-form metadata (a ticket's or a message's JSON), for every surface.

Input fields of the native API and the dialects check what a client sent against it, so
the error names the client's field and every surface accepts the same documents. The
services check what is stored against it too, so no surface can bypass it; a dialect keeps
its client's document under its own key beside a few short fields of its own
(`{"3pl": {"topic": …, "metaInfo": …}}`), which the stored check allows for.
"""

import json
from typing import Any

from django.conf import settings

from .errors import InvalidInputError

# Levels of objects and arrays, the outermost object counting as one.
METADATA_MAX_DEPTH = 10
# What a dialect's own key and fields add around its client's document when stored.
NAMESPACE_DEPTH = 2
NAMESPACE_CHARS = 500
# PostgreSQL's jsonb and SQLite's JSON both refuse integers beyond 64 bits.
MAX_JSON_INTEGER = 2**63 - 1


def metadata_max_chars() -> int:
    return settings.HELPDESK_METADATA_MAX_CHARS


def _text_problem(text: str) -> str | None:
    if "\x00" in text:
        return "Text may not contain the NUL character."
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "Contains characters that cannot be stored."
    return None


def metadata_problem(value: Any, *, stored: bool = False) -> str | None:
    """What makes a client's `value` (or with `stored`, a value as a surface stores it)
    unfit to keep as metadata, or None. Iterative: any depth is measured without recursion."""
    max_depth = METADATA_MAX_DEPTH + (NAMESPACE_DEPTH if stored else 0)
    max_chars = metadata_max_chars() + (NAMESPACE_CHARS if stored else 0)
    if not isinstance(value, dict):
        return "Metadata must be a JSON object."
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list):
            if depth > max_depth:
                return f"Metadata may nest at most {METADATA_MAX_DEPTH} levels."
            children = item.items() if isinstance(item, dict) else enumerate(item)
            for key, child in children:
                if isinstance(key, str) and (problem := _text_problem(key)):
                    return problem
                pending.append((child, depth + 1))
        elif isinstance(item, str):
            if problem := _text_problem(item):
                return problem
        elif isinstance(item, int) and not isinstance(item, bool) and abs(item) > MAX_JSON_INTEGER:
            return "Numbers must fit in 64 bits."
    size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    if size > max_chars:
        return f"Metadata is limited to {metadata_max_chars()} characters of JSON."
    return None


def metadata_check(value: dict[str, Any] | None, *, field: str = "metadata") -> dict[str, Any]:
    """The metadata a service stores ({} for none). Raises InvalidInputError naming `field`."""
    if value is None:
        return {}
    if problem := metadata_problem(value, stored=True):
        raise InvalidInputError(field, problem)
    return value
