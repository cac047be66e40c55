"""The agents' customer page and the customer suggestions of the queue's filter."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views import View

from tickets.customers.selectors import (
    customer_get_profile_for,
    customer_suggestions,
    customer_ticket_list_for,
)
from tickets.pagination import CappedCountPaginator

from .mixins import AgentRequiredMixin
from .queries import customer_page_row_columns
from .rows import customer_page_rows

CUSTOMER_TICKETS_PER_PAGE = 25


class CustomerView(AgentRequiredMixin, View):
    """Who the customer is, their seller accounts, every ticket, the orders they name and
    how they rated us: one page with a fixed number of queries."""

    def get(self, request, pk):
        profile = customer_get_profile_for(user=request.user, customer_id=pk)
        tickets = customer_page_row_columns(
            customer_ticket_list_for(user=request.user, customer=profile.customer)
        )
        page = CappedCountPaginator(tickets, CUSTOMER_TICKETS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        return render(
            request,
            "agent/customer.html",
            {
                "profile": profile,
                "person": profile.customer,
                "page": page,
                "rows": customer_page_rows(page.object_list),
            },
        )


class CustomerSuggestionsView(AgentRequiredMixin, View):
    def get(self, request):
        rows = customer_suggestions(user=request.user, prefix=request.GET.get("q", "")[:254])
        return JsonResponse(
            {
                "customers": [
                    {
                        "username": row.username,
                        "name": " · ".join(part for part in (row.name, row.email) if part),
                    }
                    for row in rows
                ]
            }
        )
