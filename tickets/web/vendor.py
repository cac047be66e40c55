"""The vendor page: only the tickets transferred to the vendor's code, to answer or confirm."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from tickets import selectors, workflow
from tickets.models import TransferStatus
from tickets.pagination import CappedCountPaginator
from tickets.permissions import Action
from tickets.services.messages import vendor_answer, vendor_confirm

from .forms import VendorAnswerForm
from .mixins import TicketActionView, VendorRequiredMixin
from .uploads import submit_with_uploads

VENDOR_PAGE_SIZE = 25
WAITING = (TransferStatus.ANSWER_REQUESTED, TransferStatus.CONFIRM_REQUESTED)
VENDOR_FILTERS = {
    "waiting": ("Waiting for you", WAITING),
    "done": ("Answered or confirmed", (TransferStatus.ANSWERED, TransferStatus.CONFIRMED)),
    "all": ("All", None),
}


class VendorListView(VendorRequiredMixin, View):
    def get(self, request):
        show = request.GET.get("show")
        if show not in VENDOR_FILTERS:
            show = "waiting"
        tickets = (
            selectors.ticket_list_for(user=request.user)
            .select_related("category__parent__parent")
            .order_by("-transferred_at", "-id")
        )
        wanted = VENDOR_FILTERS[show][1]
        if wanted is not None:
            tickets = tickets.filter(transfer_status__in=wanted)
        page = CappedCountPaginator(tickets, VENDOR_PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "vendor/ticket_list.html",
            {"page": page, "show": show, "filters": VENDOR_FILTERS, "vendor": request.user.vendor},
        )


def vendor_ticket_context(user, ticket, *, answer_form=None) -> dict:
    waits_for_answer = workflow.allows(user, Action.VENDOR_ANSWER, ticket)
    return {
        "ticket": ticket,
        "entries": selectors.thread_entries(ticket),
        "answer_form": (answer_form or VendorAnswerForm()) if waits_for_answer else None,
        "waits_for_confirmation": workflow.allows(user, Action.VENDOR_CONFIRM, ticket),
    }


class VendorTicketView(VendorRequiredMixin, View):
    template_name = "vendor/ticket_detail.html"

    def get(self, request, pk):
        ticket = selectors.ticket_get_for(user=request.user, ticket_id=pk)
        return render(request, self.template_name, vendor_ticket_context(request.user, ticket))

    def post(self, request, pk):
        ticket = selectors.ticket_get_for(user=request.user, ticket_id=pk)
        form = VendorAnswerForm(request.POST, request.FILES)
        answer = submit_with_uploads(
            actor=request.user,
            form=form,
            action=lambda uuids: vendor_answer(
                ticket=ticket,
                actor=request.user,
                body=form.cleaned_data["body"],
                attachment_uuids=uuids,
            ),
        )
        if answer is not None:
            messages.success(request, "Your answer was sent to the support team.")
            return redirect("vendor:ticket", pk=ticket.pk)
        return render(
            request,
            self.template_name,
            vendor_ticket_context(request.user, ticket, answer_form=form) | {"answer_form": form},
            status=400,
        )


class VendorConfirmView(VendorRequiredMixin, TicketActionView):
    def ticket_url(self, ticket_id: int) -> str:
        return reverse("vendor:ticket", args=[ticket_id])

    def act(self, ticket, data):
        vendor_confirm(ticket=ticket, actor=self.request.user)
        return "Confirmed. Thank you."
