"""The customer portal: my tickets, a new ticket, a ticket's page and its actions."""

from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View
from django.views.generic import FormView

from tickets import selectors, workflow
from tickets.models import Status
from tickets.pagination import CappedCountPaginator
from tickets.permissions import Action, author_role_of
from tickets.services.messages import message_post
from tickets.services.ratings import rating_add
from tickets.services.tickets import ticket_cancel, ticket_create, ticket_resolve

from .forms import MyTicketsFilterForm, RatingForm, ReplyForm, TicketCreateForm
from .mixins import CustomerRequiredMixin, TicketActionView, valid_filters
from .queries import portal_list_tickets
from .rows import portal_rows
from .uploads import submit_with_uploads

PORTAL_PAGE_SIZE = 20


class TicketListView(CustomerRequiredMixin, View):
    def get(self, request):
        form = MyTicketsFilterForm(request.GET or None)
        data = valid_filters(form)
        tickets = portal_list_tickets(user=request.user, data=data)
        page = CappedCountPaginator(tickets, PORTAL_PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "portal/ticket_list.html",
            {
                "form": form,
                "page": page,
                "rows": portal_rows(page.object_list),
                "is_filtered": any(data.values()),
            },
        )


class TicketCreateView(CustomerRequiredMixin, FormView):
    template_name = "portal/ticket_form.html"
    form_class = TicketCreateForm

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        ticket = submit_with_uploads(
            actor=request.user,
            form=form,
            action=lambda uuids: ticket_create(
                actor=request.user,
                subject=form.cleaned_data["subject"],
                description=form.cleaned_data["description"],
                category=form.cleaned_data["category"],
                order_id=form.cleaned_data["order_id"],
                item_id=form.cleaned_data["item_id"],
                item_name=form.cleaned_data["item_name"],
                attachment_uuids=uuids,
            ),
        )
        if ticket is None:
            return self.form_invalid(form)
        messages.success(request, f"Ticket {ticket.case_number} was opened.")
        return redirect("portal:detail", pk=ticket.pk)


def current_score(ticket) -> int | None:
    """The current rating as the star to preselect (API ratings may have halves)."""
    if ticket.current_rating is None:
        return None
    return int(Decimal(ticket.current_rating).to_integral_value(rounding=ROUND_HALF_UP))


def ticket_page_context(request, ticket, *, reply_form=None, rating_form=None) -> dict:
    user = request.user
    is_open_for_replies = workflow.allows(user, Action.REPLY, ticket)
    can_rate = workflow.allows(user, Action.RATE, ticket)
    if can_rate and rating_form is None:
        rating_form = RatingForm(initial={"score": current_score(ticket)})
    return {
        "ticket": ticket,
        "entries": selectors.thread_entries(ticket),
        "reply_form": (reply_form or ReplyForm()) if is_open_for_replies else None,
        # What the workflow does with this user's reply, said before they send it.
        "reply_reopens": ticket.status == Status.RESOLVED
        and workflow.status_after_public_reply(ticket.status, role=author_role_of(user))
        is not None,
        "rating_form": rating_form if can_rate else None,
        "ratings": sorted(ticket.ratings.all(), key=lambda rating: rating.created_at),
        "can_cancel": workflow.allows(user, Action.CANCEL, ticket),
        "can_resolve": workflow.allows(user, Action.RESOLVE, ticket),
    }


class TicketDetailView(CustomerRequiredMixin, View):
    """The ticket's page; POST adds a reply (with files) and re-renders on a mistake."""

    template_name = "portal/ticket_detail.html"

    def get(self, request, pk):
        ticket = selectors.ticket_get_for(user=request.user, ticket_id=pk, follow_merge=False)
        if ticket.merged_into_id is not None:
            messages.info(
                request,
                f"{ticket.case_number} was merged into {ticket.merged_into.case_number}: "
                "the whole conversation continues here.",
            )
            return redirect("portal:detail", ticket.merged_into_id)
        return render(request, self.template_name, ticket_page_context(request, ticket))

    def post(self, request, pk):
        ticket = selectors.ticket_get_for(user=request.user, ticket_id=pk)
        form = ReplyForm(request.POST, request.FILES)
        sent = submit_with_uploads(
            actor=request.user,
            form=form,
            action=lambda uuids: message_post(
                ticket=ticket,
                actor=request.user,
                body=form.cleaned_data["body"],
                attachment_uuids=uuids,
            ),
        )
        if sent is not None:
            messages.success(request, "Your reply was sent.")
            return redirect(reverse("portal:detail", args=[ticket.pk]) + "#reply")
        return render(
            request,
            self.template_name,
            ticket_page_context(request, ticket, reply_form=form),
            status=400,
        )


class PortalActionView(CustomerRequiredMixin, TicketActionView):
    def ticket_url(self, ticket_id: int) -> str:
        return reverse("portal:detail", args=[ticket_id])


class TicketCancelView(PortalActionView):
    def act(self, ticket, data):
        ticket_cancel(ticket=ticket, actor=self.request.user)
        return "The ticket was cancelled."


class TicketResolveView(PortalActionView):
    def act(self, ticket, data):
        ticket_resolve(ticket=ticket, actor=self.request.user)
        return "Marked as resolved. Glad it is sorted! You can rate our help below."


class TicketRateView(PortalActionView):
    form_class = RatingForm

    def act(self, ticket, data):
        rating_add(ticket=ticket, actor=self.request.user, **data)
        return "Thank you for your rating."
