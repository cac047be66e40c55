from django.urls import path, re_path

import helpdesk.converters  # noqa: F401  (registers the `ref` path converter)

from . import views

app_name = "storefront"

# Mounted at /backend/api/api/ (inquiries/urls.py); no trailing slashes, as in `003`.
urlpatterns = [
    path(
        "customer-support-ticket/ticket-category",
        views.TicketCategoryListView.as_view(),
        name="categories",
    ),
    path("customer-support-ticket", views.TicketListCreateView.as_view(), name="tickets"),
    path(
        "customer-support-ticket/<ref:ticket_id>",
        views.TicketDetailView.as_view(),
        name="ticket",
    ),
    path("media/upload-file", views.MediaUploadView.as_view(), name="upload"),
    path("media/document", views.MediaDocumentView.as_view(), name="document"),
    # Last: everything else under this root answers this dialect's 404.
    re_path(r"^.*$", views.StorefrontNotFoundView.as_view()),
]
