from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from helpdesk.health import healthz, livez
from helpdesk.views import RedocDocsView, SwaggerDocsView

handler500 = "helpdesk.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("livez", livez, name="livez"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SwaggerDocsView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", RedocDocsView.as_view(url_name="schema"), name="redoc"),
    path("api/v1/", include("tickets.api.urls")),
    path("", include("inquiries.urls")),
    path("", include("tickets.web.urls")),
]
