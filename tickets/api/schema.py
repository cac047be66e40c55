"""OpenAPI pieces shared by the native API: the token auth schemes and the error responses."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse

from .serializers import MAX_ID, ErrorOut


class BearerOrTokenScheme(OpenApiAuthenticationExtension):
    target_class = "helpdesk.authentication.BearerOrTokenAuthentication"
    name = ["bearerAuth", "tokenAuth"]
    priority = 1

    def get_security_requirement(self, auto_schema):
        # Either header form is enough on its own: two alternatives, not both at once.
        return [{name: []} for name in self.name]

    def get_security_definition(self, auto_schema):
        return [
            {
                "type": "http",
                "scheme": "bearer",
                "description": "The API token (`python manage.py token USERNAME`, or the "
                "portal's token page) as `Authorization: Bearer <token>`.",
            },
            {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "The same token as `Authorization: Token <token>`.",
            },
        ]


ERROR_DESCRIPTIONS = {
    400: ("Invalid input; `errors` names each field.", {"subject": ["This field is required."]}),
    401: ("Missing or invalid credentials.", {}),
    403: ("Not allowed for the caller's role.", {}),
    404: ("Missing, or not visible to the caller.", {}),
    409: ("The ticket's state refuses the change; nothing was written.", {}),
    413: ("The file is larger than the upload limit.", {"file": ["The file is too large."]}),
    429: ("Too many requests; see the Retry-After header.", {}),
}
ERROR_MESSAGES = {
    400: "Invalid input: subject: This field is required.",
    401: "Authentication credentials were not provided.",
    403: "You may not assign this ticket.",
    404: "Ticket 42 was not found.",
    409: "A ticket cannot move from 'cancelled' to 'open'.",
    413: "The file is too large: at most 10 MB per file.",
    429: "Request was throttled. Expected available in 12 seconds.",
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """The error responses of an endpoint: 401 and 429 always, plus the given ones."""
    wanted = sorted({401, 429, *codes})
    return {
        code: OpenApiResponse(
            response=ErrorOut,
            description=ERROR_DESCRIPTIONS[code][0],
            examples=[
                OpenApiExample(
                    f"error {code}",
                    value={"message": ERROR_MESSAGES[code], "errors": ERROR_DESCRIPTIONS[code][1]},
                    response_only=True,
                    status_codes=[str(code)],
                )
            ],
        )
        for code in wanted
    }


ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def id_path(name: str = "id", description: str = "The ticket's id.") -> OpenApiParameter:
    return OpenApiParameter(name, ID_SCHEMA, OpenApiParameter.PATH, description=description)


RESPONSE_HEADERS = [
    OpenApiParameter(
        "Retry-After",
        int,
        OpenApiParameter.HEADER,
        description="Seconds to wait before the next call.",
        response=[429],
    ),
    OpenApiParameter(
        "WWW-Authenticate",
        str,
        OpenApiParameter.HEADER,
        description='The scheme to authenticate with: `Bearer realm="api"`.',
        response=[401],
    ),
]


class NativeAutoSchema(AutoSchema):
    """Adds the headers every native error answer may carry to each operation."""

    def get_override_parameters(self):
        return [*super().get_override_parameters(), *RESPONSE_HEADERS]
