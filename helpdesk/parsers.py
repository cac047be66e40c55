import re

from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser

# Deeper than any document a client of these APIs sends; free-form metadata has its own,
# smaller cap in the core (tickets.metadata).
MAX_JSON_DEPTH = 32
# An error names the field down to this depth (`messages[0].metaInfo`), not the whole way.
NAMED_DEPTH = 3


def _path(parent: str, key: object, depth: int) -> str:
    if depth >= NAMED_DEPTH:
        return parent
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else str(key)


# json.loads pairs valid surrogate escapes into one character; what is left alone can be
# neither stored as UTF-8 nor echoed into an error answer.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def has_lone_surrogate(text: str) -> bool:
    return LONE_SURROGATE.search(text) is not None


def check_document(document: object) -> None:
    """Refuse, naming where, a document nested deeper than MAX_JSON_DEPTH or holding a lone
    UTF-16 surrogate. Iterative, so no depth can exhaust the interpreter's stack."""
    pending: list[tuple[object, str, int]] = [(document, "", 0)]
    while pending:
        value, path, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise ValidationError(
                {path or "non_field_errors": [f"Nested more than {MAX_JSON_DEPTH} levels deep."]}
            )
        if isinstance(value, str):
            if has_lone_surrogate(value):
                raise ValidationError(
                    {path or "non_field_errors": ["Contains an unpaired UTF-16 surrogate."]}
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                if has_lone_surrogate(key):
                    raise ValidationError(
                        {path or "non_field_errors": ["A key contains an unpaired surrogate."]}
                    )
                pending.append((item, _path(path, key, depth), depth + 1))
        elif isinstance(value, list):
            pending.extend((item, _path(path, i, depth), depth + 1) for i, item in enumerate(value))


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, made safe for every surface at once.

    Malformed JSON is already a 400; a body nested thousands of levels deep would make the
    decoder raise RecursionError (a 500), and a lone surrogate (`"\\ud800"`) would reach the
    serializers, be echoed into the error and fail to encode (another 500). Both answer 400
    naming the field instead.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            document = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the document is nested too deeply.") from None
        check_document(document)
        return document
