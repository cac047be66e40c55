from django.urls import path

import helpdesk.converters  # noqa: F401  (registers the `ref` path converter)

from . import views

# Paths exactly as the provider's: no trailing slash.
urlpatterns = [
    path("login", views.LoginView.as_view(), name="customer-inquiries-login"),
    path(
        "customerInquiries",
        views.CustomerInquiryListCreateView.as_view(),
        name="customer-inquiries-list",
    ),
    path(
        "customerInquiries/<ref:customerInquiryId>",
        views.CustomerInquiryDetailView.as_view(),
        name="customer-inquiries-detail",
    ),
    path(
        "customerInquiries/<ref:customerInquiryId>/messages",
        views.CustomerInquiryMessageCreateView.as_view(),
        name="customer-inquiries-messages",
    ),
    path(
        "customerInquiries/<ref:customerInquiryId>/ratings",
        views.CustomerInquiryRatingCreateView.as_view(),
        name="customer-inquiries-ratings",
    ),
]
