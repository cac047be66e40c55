"""The agent dashboard: the queue, the overview, a ticket's page and every action on it."""

import functools

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from tickets import reports, selectors, workflow
from tickets.agenttools.selectors import tag_counts
from tickets.errors import ConflictError, InvalidInputError, TransitionNotAllowedError
from tickets.models import Status
from tickets.notifications.selectors import latest_notifications_for
from tickets.pagination import CappedCountPaginator
from tickets.permissions import Action
from tickets.services.messages import message_post
from tickets.services.tickets import (
    ticket_assign,
    ticket_cancel,
    ticket_change_category,
    ticket_change_priority,
    ticket_mark_read,
    ticket_resolve,
    ticket_set_status,
    ticket_transfer,
)
from tickets.services.updates import ticket_triage

from .forms import (
    QUEUE_PAGE_SIZES,
    AgentReplyForm,
    AssignForm,
    CategoryForm,
    PriorityForm,
    QueueFilterForm,
    StatusForm,
    TransferForm,
    TriageForm,
    agent_datalist_options,
    triage_field_rows,
)
from .mixins import AgentRequiredMixin, TicketActionView, form_error_field, valid_filters
from .queries import queue_page_tickets
from .rows import day_label, queue_rows, sla_row
from .tool_context import queue_tools_context, ticket_tools_context
from .uploads import submit_with_uploads


class QueueView(AgentRequiredMixin, View):
    """Every ticket, filtered and sorted by what is in the URL, so a view can be shared."""

    def get(self, request):
        form = QueueFilterForm(request.GET or None)
        data = valid_filters(form)
        per_page = int(data.get("per_page") or QUEUE_PAGE_SIZES[0])
        page = CappedCountPaginator(queue_page_tickets(user=request.user, data=data), per_page)
        active_filters = {
            key: value for key, value in data.items() if value and key not in ("sort", "per_page")
        }
        current = page.get_page(request.GET.get("page"))
        return render(
            request,
            "agent/queue.html",
            {
                "form": form,
                "page": current,
                "rows": queue_rows(current.object_list),
                "active_filter_count": len(active_filters),
                "current_sort": data.get("sort") or "-created",
                **queue_tools_context(request, form),
            },
        )


OVERVIEW_CACHE_KEY = "agent-overview:14d"
OVERVIEW_CACHE_SECONDS = 60
OVERVIEW_TAGS_CACHE_KEY = "agent-overview:tags"


class OverviewView(AgentRequiredMixin, View):
    def get(self, request):
        # Every agent sees the same numbers: compute them once a minute, not per request.
        overview = cache.get_or_set(
            OVERVIEW_CACHE_KEY, lambda: reports.ticket_overview(days=14), OVERVIEW_CACHE_SECONDS
        )
        chart = {
            "labels": [entry.day.strftime("%b %d") for entry in overview.daily],
            "created": [entry.created for entry in overview.daily],
            "resolved": [entry.resolved for entry in overview.daily],
        }
        daily_rows = [
            (day_label(entry.day), entry.created, entry.resolved) for entry in overview.daily
        ]
        status_rows = [
            (status, label, overview.by_status[status]) for status, label in Status.choices
        ]
        tags = cache.get_or_set(OVERVIEW_TAGS_CACHE_KEY, tag_counts, OVERVIEW_CACHE_SECONDS)
        return render(
            request,
            "agent/overview.html",
            {
                "overview": overview,
                "chart": chart,
                "daily_rows": daily_rows,
                "status_rows": status_rows,
                "tag_rows": tags,
                "sla_overall": sla_row(overview.sla.overall),
                "sla_groups": [
                    (title, [sla_row(row) for row in rows])
                    for title, rows in (
                        ("By priority", overview.sla.by_priority),
                        ("By category", overview.sla.by_category),
                        ("By vendor", overview.sla.by_vendor),
                    )
                ],
            },
        )


CUSTOMER_HISTORY_SIZE = 5
# The ticket's page and the acts it posts to.
TICKET_ACTIONS = (
    "ticket",
    "take",
    "resolve",
    "cancel",
    "triage",
    "transfer",
    "tags",
    "apply-macro",
    "merge",
    "unmerge",
    "presence",
)
URL_PLACEHOLDER = 987654321


@functools.cache
def _ticket_action_url_patterns() -> dict[str, str]:
    return {
        name.replace("-", "_"): reverse(f"agent:{name}", args=[URL_PLACEHOLDER])
        for name in TICKET_ACTIONS
    }


def ticket_action_urls(ticket_id: int) -> dict[str, str]:
    """The URLs of the acts on a ticket's page, reversed once per process and filled in
    with the ticket's id: ten reverse() calls per page cost more than the page's forms."""
    placeholder, pk = str(URL_PLACEHOLDER), str(ticket_id)
    return {
        name: url.replace(placeholder, pk) for name, url in _ticket_action_url_patterns().items()
    }


def agent_ticket_context(user, ticket, *, reply_form=None, triage_form=None) -> dict:
    triage_form = triage_form or TriageForm(ticket=ticket)
    # Only what the list shows: the full list rows join five tables the page never reads.
    history = selectors.customer_history_for(user=user, ticket=ticket, size=CUSTOMER_HISTORY_SIZE)
    for other in history:
        other["url"] = ticket_action_urls(other["pk"])["ticket"]
    return {
        "ticket": ticket,
        "ticket_urls": ticket_action_urls(ticket.pk),
        "customer_history": history,
        "entries": selectors.thread_entries(ticket),
        "reply_form": reply_form
        or (AgentReplyForm() if workflow.allows(user, Action.REPLY, ticket) else None),
        # The triage selects render their options in one pass from the picker lists.
        "triage_form": triage_form,
        "triage_fields": triage_field_rows(triage_form),
        "agent_options": agent_datalist_options(),
        "transfer_form": TransferForm(
            initial={"vendor": ticket.vendor.code if ticket.vendor else None}
        ),
        "ratings": sorted(ticket.ratings.all(), key=lambda rating: rating.created_at),
        "notifications": latest_notifications_for(user=user, ticket=ticket),
        "can_resolve": workflow.allows(user, Action.RESOLVE, ticket),
        "can_cancel": workflow.allows(user, Action.CANCEL, ticket),
        "can_transfer": workflow.allows(user, Action.TRANSFER, ticket),
        "is_final": workflow.is_closed_for_replies(ticket),
        **ticket_tools_context(user, ticket),
    }


class AgentTicketView(AgentRequiredMixin, View):
    """The full thread with notes and events; POST adds a reply or an internal note."""

    template_name = "agent/ticket_detail.html"

    def get(self, request, pk):
        ticket = selectors.ticket_get_for(user=request.user, ticket_id=pk, follow_merge=False)
        ticket_mark_read(ticket=ticket, actor=request.user)
        return render(request, self.template_name, agent_ticket_context(request.user, ticket))

    def post(self, request, pk):
        ticket = selectors.ticket_get_for(user=request.user, ticket_id=pk, follow_merge=False)
        form = AgentReplyForm(request.POST, request.FILES)
        sent = submit_with_uploads(
            actor=request.user,
            form=form,
            action=lambda uuids: message_post(
                ticket=ticket,
                actor=request.user,
                body=form.cleaned_data["body"],
                is_internal=form.cleaned_data["is_internal"],
                attachment_uuids=uuids,
            ),
        )
        if sent is not None:
            messages.success(request, "Internal note added." if sent.is_internal else "Reply sent.")
            return redirect(reverse("agent:ticket", args=[ticket.pk]) + "#thread-end")
        return render(
            request,
            self.template_name,
            agent_ticket_context(request.user, ticket, reply_form=form),
            status=400,
        )


class TriageView(AgentRequiredMixin, View):
    """Assignee, status, priority and category saved together (ticket_triage); invalid
    input shows the page again with the form's errors, and nothing is written."""

    http_method_names = ["post"]

    def post(self, request, pk):
        ticket = selectors.ticket_get_for(user=request.user, ticket_id=pk, follow_merge=False)
        form = TriageForm(request.POST, ticket=ticket)
        if form.is_valid():
            try:
                result = ticket_triage(ticket=ticket, actor=request.user, **form.changes())
            except TransitionNotAllowedError as error:
                form.add_error("status", error.message)
            except ConflictError as error:
                form.add_error(None, error.message)
            except InvalidInputError as error:
                form.add_error(form_error_field(error, form), error.message)
            else:
                messages.success(request, triage_message(result.changed))
                return redirect(reverse("agent:ticket", args=[ticket.pk]))
        return render(
            request,
            AgentTicketView.template_name,
            agent_ticket_context(request.user, ticket, triage_form=form),
            status=400,
        )


def triage_message(changed: tuple[str, ...]) -> str:
    if not changed:
        return "Nothing to save: the ticket already had these values."
    names = [field.capitalize() if n == 0 else field for n, field in enumerate(changed)]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{listed} saved."


class AgentActionView(AgentRequiredMixin, TicketActionView):
    def ticket_url(self, ticket_id: int) -> str:
        return reverse("agent:ticket", args=[ticket_id])

    def get_ticket(self, ticket_id: int):
        # Agents act on the ticket whose page they are on, a merged duplicate included.
        return selectors.ticket_get_for(
            user=self.request.user, ticket_id=ticket_id, with_thread=False, follow_merge=False
        )


class AssignView(AgentActionView):
    form_class = AssignForm

    def act(self, ticket, data):
        assignee = data["assignee"]
        ticket_assign(ticket=ticket, actor=self.request.user, assignee=assignee)
        return f"Assigned to {assignee.username}." if assignee else "The ticket is unassigned."


class AssignToMeView(AgentActionView):
    def act(self, ticket, data):
        ticket_assign(ticket=ticket, actor=self.request.user, assignee=self.request.user)
        return "The ticket is assigned to you."


class StatusView(AgentActionView):
    form_class = StatusForm

    def act(self, ticket, data):
        ticket = ticket_set_status(ticket=ticket, actor=self.request.user, to=data["status"])
        return f"Status is now {ticket.get_status_display()}."


class PriorityView(AgentActionView):
    form_class = PriorityForm

    def act(self, ticket, data):
        ticket = ticket_change_priority(
            ticket=ticket, actor=self.request.user, priority=data["priority"]
        )
        return f"Priority is now {ticket.get_priority_display()}."


class CategoryView(AgentActionView):
    form_class = CategoryForm

    def act(self, ticket, data):
        ticket_change_category(ticket=ticket, actor=self.request.user, category=data["category"])
        return "Category changed."


class TransferView(AgentActionView):
    form_class = TransferForm

    def act(self, ticket, data):
        ticket_transfer(
            ticket=ticket,
            actor=self.request.user,
            vendor=data["vendor"],
            note=data["note"],
            needs_answer=data["needs_answer"],
        )
        return f"Transferred to vendor {data['vendor'].code}."


class ResolveView(AgentActionView):
    def act(self, ticket, data):
        ticket_resolve(ticket=ticket, actor=self.request.user)
        return "The ticket is resolved."


class CancelView(AgentActionView):
    def act(self, ticket, data):
        ticket_cancel(ticket=ticket, actor=self.request.user)
        return "The ticket is cancelled."
