from django.urls import path

import inquiries.common  # noqa: F401  (registers the `pathid` path converter)

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
        "customerInquiries/<pathid:customerInquiryId>",
        views.CustomerInquiryDetailView.as_view(),
        name="customer-inquiries-detail",
    ),
    path(
        "customerInquiries/<pathid:customerInquiryId>/messages",
        views.CustomerInquiryMessageCreateView.as_view(),
        name="customer-inquiries-messages",
    ),
    path(
        "customerInquiries/<pathid:customerInquiryId>/ratings",
        views.CustomerInquiryRatingCreateView.as_view(),
        name="customer-inquiries-ratings",
    ),
]
