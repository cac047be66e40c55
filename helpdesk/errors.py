"""The one mapping from errors to HTTP answers for every API view."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from tickets.errors import (
    ActionNotAllowedError,
    AttachmentTooLargeError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
)
from tickets.services.attachments import megabytes


@dataclass(frozen=True)
class ApiError:
    status: int
    message: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


def _flatten(detail: object, prefix: str = "") -> dict[str, list[str]]:
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            flat.update(_flatten(value, name))
        return flat
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix or "non_field_errors": [str(item) for item in detail]}
        flat = {}
        for index, item in enumerate(detail):
            flat.update(_flatten(item, f"{prefix}[{index}]" if prefix else str(index)))
        return flat
    return {prefix or "non_field_errors": [str(detail)]}


def _validation_message(fields: dict[str, list[str]]) -> str:
    if not fields:
        return "Invalid input."
    name, problems = next(iter(fields.items()))
    if name == "non_field_errors":
        return problems[0]
    return f"Invalid input: {name}: {problems[0]}"


def to_api_error(exc: Exception) -> ApiError | None:
    """Translate a domain, Django or DRF error to (status, message, fields)."""
    if isinstance(exc, AttachmentTooLargeError):
        return ApiError(413, exc.message, {exc.field: [exc.message]})
    if isinstance(exc, InvalidInputError):
        return ApiError(400, exc.message, {exc.field: [exc.message]})
    if isinstance(exc, NotFoundError | Http404):
        return ApiError(404, getattr(exc, "message", None) or "Not found.")
    if isinstance(exc, ActionNotAllowedError):
        return ApiError(403, exc.message)
    if isinstance(exc, PermissionDenied):
        return ApiError(403, str(exc) or "You are not allowed to do this.")
    if isinstance(exc, ConflictError):
        return ApiError(409, exc.message)
    if isinstance(exc, DjangoValidationError):
        fields = _flatten(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
        return ApiError(400, _validation_message(fields), fields)
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        return ApiError(400, _validation_message(fields), fields)
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return ApiError(
            413,
            "The request body is larger than this server accepts"
            + (f" (at most {megabytes(limit)})." if limit else "."),
        )
    if isinstance(exc, TooManyFilesSent | TooManyFieldsSent):
        return ApiError(400, "The request sends more files or fields than this server accepts.")
    if isinstance(exc, exceptions.Throttled):
        headers = {"Retry-After": str(int(exc.wait))} if exc.wait is not None else {}
        return ApiError(429, str(exc.detail), headers=headers)
    if isinstance(exc, exceptions.APIException):
        headers = {}
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            headers["WWW-Authenticate"] = 'Bearer realm="api"'
        return ApiError(exc.status_code, str(exc.detail), headers=headers)
    return None


def native_error_body(error: ApiError) -> dict:
    return {"message": error.message, "errors": error.fields}


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    error = to_api_error(exc)
    if error is None:
        return None
    set_rollback()
    view = context.get("view")
    render = getattr(view, "render_error", None)
    if render is not None:
        response = render(error)
    else:
        response = Response(native_error_body(error), status=error.status)
    for name, value in error.headers.items():
        response[name] = value
    return response
