from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import View
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

from helpdesk.middleware import wants_json


def server_error(request: HttpRequest) -> HttpResponse:
    """A bug answers 500 in the caller's language: JSON to API clients, a page to people."""
    if wants_json(request):
        return JsonResponse(
            {"message": "Something went wrong on our side.", "errors": {}}, status=500
        )
    return HttpResponse(render_to_string("500.html"), status=500)


class HtmlOptionsMixin:
    """OPTIONS on an API view that renders only HTML pages (the API docs): DRF would render
    its metadata through the page template, which has none for it (a 500)."""

    def options(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return View.options(self, request, *args, **kwargs)


class SwaggerDocsView(HtmlOptionsMixin, SpectacularSwaggerSplitView):
    pass


class RedocDocsView(HtmlOptionsMixin, SpectacularRedocView):
    pass
