from django.urls import path

import helpdesk.converters  # noqa: F401  (registers the `ref` path converter)

from . import views

ROOT = "api/support-requests"

# Paths exactly as `002`'s table, no trailing slash. The document's short example paths
# (`/{customerId}`, `/{customerId}/{requestId}`) come after `/pending` and `/customers/...`
# so those always win; a segment that is no id finds nothing (JSON 404).
urlpatterns = [
    path(ROOT, views.SupportRequestCreateView.as_view(), name="support-requests-create"),
    path(
        f"{ROOT}/pending",
        views.PendingSupportRequestListView.as_view(),
        name="support-requests-pending",
    ),
    path(
        f"{ROOT}/customers/<ref:customerId>",
        views.CustomerSupportRequestListView.as_view(),
        name="support-requests-customer-list",
    ),
    path(
        f"{ROOT}/customers/<ref:customerId>/<ref:requestId>",
        views.CustomerSupportRequestDetailView.as_view(),
        name="support-requests-customer-detail",
    ),
    path(
        f"{ROOT}/<ref:customerId>",
        views.CustomerSupportRequestListShortView.as_view(),
        name="support-requests-customer-list-short",
    ),
    path(
        f"{ROOT}/<ref:customerId>/<ref:requestId>",
        views.CustomerSupportRequestDetailShortView.as_view(),
        name="support-requests-customer-detail-short",
    ),
    path(
        f"{ROOT}/<ref:requestId>/agents/<ref:agentId>/respond",
        views.SupportRequestRespondView.as_view(),
        name="support-requests-respond",
    ),
    path(
        f"{ROOT}/<ref:requestId>/agents/<ref:agentId>/cancel",
        views.SupportRequestCancelView.as_view(),
        name="support-requests-cancel",
    ),
]
