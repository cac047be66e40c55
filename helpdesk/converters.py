"""The one path converter for ids in URLs, on every surface.

Any segment matches, so a malformed or out-of-range id reaches the view and answers that
surface's own 404 (JSON in an API, the site's page on the web) instead of falling through.
"""

from django.urls import register_converter

from tickets.references import NO_SUCH_ID, parse_id


class IdConverter:
    regex = "[^/]+"

    def to_python(self, value: str) -> int:
        pk = parse_id(value)
        return NO_SUCH_ID if pk is None else pk

    def to_url(self, value: object) -> str:
        return str(value)


register_converter(IdConverter, "ref")
