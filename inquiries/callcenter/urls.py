from django.urls import path, re_path

import helpdesk.converters  # noqa: F401  (registers the `ref` path converter)

from . import views

app_name = "callcenter"

# Mounted at /v2/providers/openapi/apis/api/v4/ (inquiries/urls.py); paths as in `004`.
urlpatterns = [
    path(
        "vendors/callCenterInquiries/<ref:inquiry_id>",
        views.InquiryDetailView.as_view(),
        name="inquiry",
    ),
    path(
        "vendors/<str:vendor_id>/callCenterInquiries",
        views.InquiryListView.as_view(),
        name="inquiries",
    ),
    path(
        "vendors/<str:vendor_id>/callCenterInquiries/<ref:inquiry_id>/replies",
        views.InquiryReplyView.as_view(),
        name="reply",
    ),
    path(
        "vendors/<str:vendor_id>/callCenterInquiries/<ref:inquiry_id>/confirms",
        views.InquiryConfirmView.as_view(),
        name="confirm",
    ),
    # Last: everything else under this root answers this dialect's 404.
    re_path(r"^.*$", views.CallCenterNotFoundView.as_view()),
]
