import json
import logging
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from helpdesk.client_address import client_address

request_log = logging.getLogger("helpdesk.requests")
logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = "5"


class RequestLogMiddleware:
    """One JSON line per request: what was asked, the answer, and how long it took."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        request_log.info(
            json.dumps(
                {
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                    "remote_addr": client_address(request),
                }
            )
        )
        return response


# Every API surface: the native API and the four dialects' roots.
API_PATH_PREFIXES = ("/api/", "/customerInquiries", "/login", "/backend/api/", "/v2/providers/")


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith(API_PATH_PREFIXES) or "json" in request.headers.get("Accept", "")


class DatabaseUnavailableMiddleware:
    """A lost database answers 503 with Retry-After instead of a 500.

    Every write is one transaction, so a request cut off here has written nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable: %s", exception)
        message = "The service is temporarily unavailable. Please try again shortly."
        if wants_json(request):
            response = JsonResponse({"message": message, "errors": {}}, status=503)
        else:
            response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response
