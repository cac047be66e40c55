from django.urls import path

import inquiries.common  # noqa: F401  (registers the `dbid` path converter)

from . import views

ROOT = "api/support-requests"

# Paths exactly as `002`'s table, no trailing slash. The integer converter keeps the
# document's short example paths (`/{customerId}`, `/{customerId}/{requestId}`) apart
# from `/pending` and `/customers/...`.
urlpatterns = [
    path(ROOT, views.SupportRequestCreateView.as_view(), name="support-requests-create"),
    path(
        f"{ROOT}/pending",
        views.PendingSupportRequestListView.as_view(),
        name="support-requests-pending",
    ),
    path(
        f"{ROOT}/customers/<dbid:customerId>",
        views.CustomerSupportRequestListView.as_view(),
        name="support-requests-customer-list",
    ),
    path(
        f"{ROOT}/customers/<dbid:customerId>/<dbid:requestId>",
        views.CustomerSupportRequestDetailView.as_view(),
        name="support-requests-customer-detail",
    ),
    path(
        f"{ROOT}/<dbid:customerId>",
        views.CustomerSupportRequestListShortView.as_view(),
        name="support-requests-customer-list-short",
    ),
    path(
        f"{ROOT}/<dbid:customerId>/<dbid:requestId>",
        views.CustomerSupportRequestDetailShortView.as_view(),
        name="support-requests-customer-detail-short",
    ),
    path(
        f"{ROOT}/<dbid:requestId>/agents/<dbid:agentId>/respond",
        views.SupportRequestRespondView.as_view(),
        name="support-requests-respond",
    ),
    path(
        f"{ROOT}/<dbid:requestId>/agents/<dbid:agentId>/cancel",
        views.SupportRequestCancelView.as_view(),
        name="support-requests-cancel",
    ),
]
