from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from helpdesk.middleware import wants_json


def server_error(request: HttpRequest) -> HttpResponse:
    """A bug answers 500 in the caller's language: JSON to API clients, a page to people."""
    if wants_json(request):
        return JsonResponse(
            {"message": "Something went wrong on our side.", "errors": {}}, status=500
        )
    return HttpResponse(render_to_string("500.html"), status=500)
