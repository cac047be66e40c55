from django.urls import path, re_path

import helpdesk.converters  # noqa: F401  (registers the `ref` path converter)

from .views import actions, agent_tools, attachments, base, me, notifications, queue, tickets

app_name = "api"

urlpatterns = [
    path("me", me.MeView.as_view(), name="me"),
    path("me/", me.MeSlashView.as_view(), name="me-slash"),
    path("categories/", me.CategoryListView.as_view(), name="category-list"),
    path("categories/tree/", me.CategoryTreeView.as_view(), name="category-tree"),
    path("tickets/", tickets.TicketListCreateView.as_view(), name="ticket-list"),
    path("tickets/bulk/", agent_tools.TicketBulkView.as_view(), name="ticket-bulk"),
    path("tickets/<ref:id>/tags/", agent_tools.TicketTagsView.as_view(), name="ticket-tags"),
    path(
        "tickets/<ref:id>/apply-macro/",
        agent_tools.TicketApplyMacroView.as_view(),
        name="ticket-apply-macro",
    ),
    path("tickets/<ref:id>/merge/", agent_tools.TicketMergeView.as_view(), name="ticket-merge"),
    path(
        "tickets/<ref:id>/unmerge/", agent_tools.TicketUnmergeView.as_view(), name="ticket-unmerge"
    ),
    path("macros/", agent_tools.MacroListView.as_view(), name="macro-list"),
    path("tags/", agent_tools.TagListView.as_view(), name="tag-list"),
    path("tickets/<ref:id>/", tickets.TicketDetailView.as_view(), name="ticket-detail"),
    path(
        "tickets/<ref:id>/messages/", tickets.TicketMessagesView.as_view(), name="ticket-messages"
    ),
    path("tickets/<ref:id>/ratings/", tickets.TicketRatingsView.as_view(), name="ticket-ratings"),
    path("tickets/<ref:id>/assign/", actions.TicketAssignView.as_view(), name="ticket-assign"),
    path(
        "tickets/<ref:id>/transfer/", actions.TicketTransferView.as_view(), name="ticket-transfer"
    ),
    path("tickets/<ref:id>/resolve/", actions.TicketResolveView.as_view(), name="ticket-resolve"),
    path("tickets/<ref:id>/cancel/", actions.TicketCancelView.as_view(), name="ticket-cancel"),
    path("tickets/<ref:id>/reopen/", actions.TicketReopenView.as_view(), name="ticket-reopen"),
    path(
        "tickets/<ref:id>/answer/",
        actions.TicketVendorAnswerView.as_view(),
        name="ticket-vendor-answer",
    ),
    path(
        "tickets/<ref:id>/confirm/",
        actions.TicketVendorConfirmView.as_view(),
        name="ticket-vendor-confirm",
    ),
    path(
        "tickets/<ref:id>/notifications/",
        notifications.TicketNotificationsView.as_view(),
        name="ticket-notifications",
    ),
    path("queue/", queue.QueueView.as_view(), name="queue"),
    path("attachments/", attachments.AttachmentUploadView.as_view(), name="attachment-upload"),
    path(
        "attachments/<str:uuid>/",
        attachments.AttachmentDownloadView.as_view(),
        name="attachment-download",
    ),
    # Last: whatever else is asked under /api/v1/ gets the API's JSON 404.
    re_path(r"^.*$", base.NotFoundView.as_view(), name="not-found"),
]
