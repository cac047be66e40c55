from django.urls import path, re_path, register_converter

from . import agent_tools_views as tools
from . import views


class SignedIntConverter:
    """Digits with an optional sign: an out-of-range id reaches the view and answers the
    API's JSON 404 instead of the site's HTML one."""

    regex = "-?[0-9]+"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(SignedIntConverter, "signed_int")

app_name = "api"

urlpatterns = [
    path("me", views.MeView.as_view(), name="me"),
    path("me/", views.MeSlashView.as_view(), name="me-slash"),
    path("categories/", views.CategoryListView.as_view(), name="category-list"),
    path("categories/tree/", views.CategoryTreeView.as_view(), name="category-tree"),
    path("tickets/", views.TicketListCreateView.as_view(), name="ticket-list"),
    path("tickets/bulk/", tools.TicketBulkView.as_view(), name="ticket-bulk"),
    path("tickets/<signed_int:id>/tags/", tools.TicketTagsView.as_view(), name="ticket-tags"),
    path(
        "tickets/<signed_int:id>/apply-macro/",
        tools.TicketApplyMacroView.as_view(),
        name="ticket-apply-macro",
    ),
    path("tickets/<signed_int:id>/merge/", tools.TicketMergeView.as_view(), name="ticket-merge"),
    path(
        "tickets/<signed_int:id>/unmerge/", tools.TicketUnmergeView.as_view(), name="ticket-unmerge"
    ),
    path("macros/", tools.MacroListView.as_view(), name="macro-list"),
    path("tags/", tools.TagListView.as_view(), name="tag-list"),
    path("tickets/<signed_int:id>/", views.TicketDetailView.as_view(), name="ticket-detail"),
    path(
        "tickets/<signed_int:id>/messages/",
        views.TicketMessagesView.as_view(),
        name="ticket-messages",
    ),
    path(
        "tickets/<signed_int:id>/ratings/", views.TicketRatingsView.as_view(), name="ticket-ratings"
    ),
    path("tickets/<signed_int:id>/assign/", views.TicketAssignView.as_view(), name="ticket-assign"),
    path(
        "tickets/<signed_int:id>/transfer/",
        views.TicketTransferView.as_view(),
        name="ticket-transfer",
    ),
    path(
        "tickets/<signed_int:id>/resolve/", views.TicketResolveView.as_view(), name="ticket-resolve"
    ),
    path("tickets/<signed_int:id>/cancel/", views.TicketCancelView.as_view(), name="ticket-cancel"),
    path("tickets/<signed_int:id>/reopen/", views.TicketReopenView.as_view(), name="ticket-reopen"),
    path(
        "tickets/<signed_int:id>/answer/",
        views.TicketVendorAnswerView.as_view(),
        name="ticket-vendor-answer",
    ),
    path(
        "tickets/<signed_int:id>/confirm/",
        views.TicketVendorConfirmView.as_view(),
        name="ticket-vendor-confirm",
    ),
    path("queue/", views.QueueView.as_view(), name="queue"),
    path("attachments/", views.AttachmentUploadView.as_view(), name="attachment-upload"),
    path(
        "attachments/<str:uuid>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment-download",
    ),
    # Last: whatever else is asked under /api/v1/ gets the API's JSON 404.
    re_path(r"^.*$", views.NotFoundView.as_view(), name="not-found"),
]
