from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from helpdesk.health import healthz, livez
from helpdesk.views import RedocDocsView, SwaggerDocsView

handler500 = "helpdesk.views.server_error"

# The docs bundles need a little more than the site's policy, on their own pages only:
# Swagger UI shows data: images (already allowed) and sets styles from script; ReDoc
# injects its styles as <style> elements and runs its search in a blob: worker. Neither
# page runs inline script: Swagger's start-up code comes from the split view's `?script`.
swagger_ui = csp_update({"style-src": ["'unsafe-inline'"]})(
    SwaggerDocsView.as_view(url_name="schema")
)
redoc = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]})(
    RedocDocsView.as_view(url_name="schema")
)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("livez", livez, name="livez"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", swagger_ui, name="swagger-ui"),
    path("api/redoc/", redoc, name="redoc"),
    path("api/v1/", include("tickets.api.urls")),
    path("", include("inquiries.urls")),
    path("", include("tickets.web.urls")),
]
