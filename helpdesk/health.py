from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_redis import get_redis_connection
from redis.exceptions import RedisError


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return f"unavailable: {error.__class__.__name__}"
    return "ok"


def check_cache() -> str:
    try:
        if caches["default"].__class__.__module__.startswith("django_redis"):
            get_redis_connection("default").ping()
        else:
            caches["default"].set("healthz", "ok", 5)
    except (RedisError, OSError) as error:
        return f"unavailable: {error.__class__.__name__}"
    return "ok"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """503 when the database is gone (nothing can be served); a cache outage is reported
    as degraded with 200, since requests keep being served without it."""
    checks = {"database": check_database(), "cache": check_cache()}
    if checks["database"] != "ok":
        state, status = "unavailable", 503
    elif checks["cache"] != "ok":
        state, status = "degraded", 200
    else:
        state, status = "ok", 200
    return JsonResponse({"status": state, "checks": checks}, status=status)


@never_cache
@require_GET
def livez(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Touches nothing, so it is also the benchmark's floor."""
    return JsonResponse({"status": "ok"})
