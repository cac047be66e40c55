from django.urls import include, path

urlpatterns = [
    path("", include("inquiries.customer_inquiries.urls")),
    path("", include("inquiries.support_requests.urls")),
    path("backend/api/api/", include("inquiries.storefront.urls")),
    path("v2/providers/openapi/apis/api/v4/", include("inquiries.callcenter.urls")),
]
