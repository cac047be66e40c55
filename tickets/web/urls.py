from django.contrib.auth import views as auth_views
from django.urls import include, path

import helpdesk.converters  # noqa: F401  (registers the `ref` path converter)

from . import (
    accounts,
    agent,
    agent_tools,
    customers,
    macros,
    mail_settings,
    portal,
    vendor,
    views,
)

account_patterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.SignUpView.as_view(), name="signup"),
    path("password/change/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("token/", accounts.ApiTokenView.as_view(), name="token"),
    path("token/<str:digest>/revoke/", accounts.ApiTokenRevokeView.as_view(), name="token-revoke"),
    path("mail/", mail_settings.MailSettingsView.as_view(), name="mail-settings"),
    path(
        "mail/confirm/<str:token>/",
        mail_settings.AddressConfirmView.as_view(),
        name="mail-address-confirm",
    ),
]

portal_patterns = [
    path("", portal.TicketListView.as_view(), name="list"),
    path("new/", portal.TicketCreateView.as_view(), name="create"),
    path("<ref:pk>/", portal.TicketDetailView.as_view(), name="detail"),
    path("<ref:pk>/cancel/", portal.TicketCancelView.as_view(), name="cancel"),
    path("<ref:pk>/resolve/", portal.TicketResolveView.as_view(), name="resolve"),
    path("<ref:pk>/rate/", portal.TicketRateView.as_view(), name="rate"),
]

agent_patterns = [
    path("", agent.QueueView.as_view(), name="queue"),
    path("overview/", agent.OverviewView.as_view(), name="overview"),
    path("tickets/<ref:pk>/", agent.AgentTicketView.as_view(), name="ticket"),
    path("tickets/<ref:pk>/assign/", agent.AssignView.as_view(), name="assign"),
    path("tickets/<ref:pk>/triage/", agent.TriageView.as_view(), name="triage"),
    path("tickets/<ref:pk>/take/", agent.AssignToMeView.as_view(), name="take"),
    path("tickets/<ref:pk>/status/", agent.StatusView.as_view(), name="status"),
    path("tickets/<ref:pk>/priority/", agent.PriorityView.as_view(), name="priority"),
    path("tickets/<ref:pk>/category/", agent.CategoryView.as_view(), name="category"),
    path("tickets/<ref:pk>/transfer/", agent.TransferView.as_view(), name="transfer"),
    path("tickets/<ref:pk>/resolve/", agent.ResolveView.as_view(), name="resolve"),
    path("tickets/<ref:pk>/cancel/", agent.CancelView.as_view(), name="cancel"),
    path("tickets/<ref:pk>/tags/", agent_tools.TagsView.as_view(), name="tags"),
    path("tickets/<ref:pk>/macro/", agent_tools.ApplyMacroView.as_view(), name="apply-macro"),
    path("tickets/<ref:pk>/merge/", agent_tools.MergeView.as_view(), name="merge"),
    path("tickets/<ref:pk>/unmerge/", agent_tools.UnmergeView.as_view(), name="unmerge"),
    path("tickets/<ref:pk>/presence/", agent_tools.PresenceView.as_view(), name="presence"),
    path("bulk/", agent_tools.BulkView.as_view(), name="bulk"),
    path("views/", agent_tools.SavedViewCreateView.as_view(), name="save-view"),
    path("views/<ref:pk>/delete/", agent_tools.SavedViewDeleteView.as_view(), name="delete-view"),
    path("suggest/tags/", agent_tools.TagSuggestionsView.as_view(), name="tag-suggestions"),
    path("suggest/agents/", agent_tools.AgentSuggestionsView.as_view(), name="agent-suggestions"),
    path("customers/<ref:pk>/", customers.CustomerView.as_view(), name="customer"),
    path(
        "suggest/customers/",
        customers.CustomerSuggestionsView.as_view(),
        name="customer-suggestions",
    ),
    path("macros/", macros.MacroListView.as_view(), name="macros"),
    path("macros/<ref:pk>/", macros.MacroEditView.as_view(), name="macro"),
    path("macros/<ref:pk>/delete/", macros.MacroDeleteView.as_view(), name="macro-delete"),
]

vendor_patterns = [
    path("", vendor.VendorListView.as_view(), name="list"),
    path("tickets/<ref:pk>/", vendor.VendorTicketView.as_view(), name="ticket"),
    path("tickets/<ref:pk>/confirm/", vendor.VendorConfirmView.as_view(), name="confirm"),
]

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("accounts/", include(account_patterns)),
    path("tickets/", include((portal_patterns, "portal"))),
    path("agent/", include((agent_patterns, "agent"))),
    path("vendor/", include((vendor_patterns, "vendor"))),
    path(
        "attachments/<uuid:uuid>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment-download",
    ),
]
