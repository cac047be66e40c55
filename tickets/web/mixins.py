"""What every web view shares: role gates and the one mapping of domain errors to pages."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.views import View

from tickets import permissions, selectors
from tickets.errors import (
    ActionNotAllowedError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
)
from tickets.models import Ticket
from tickets.permissions import UserRole


class DomainErrorsMixin:
    """Hidden or missing things answer 404, forbidden acts 403, as in the API."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except NotFoundError as error:
            raise Http404(error.message) from None
        except ActionNotAllowedError as error:
            raise PermissionDenied(error.message) from None


class RoleRequiredMixin(LoginRequiredMixin, DomainErrorsMixin):
    """Signed-in users of the listed roles only; anyone else signed in gets a 403 page."""

    allowed_roles: frozenset[UserRole] = frozenset()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and permissions.role_of(request.user) not in (
            self.allowed_roles
        ):
            raise PermissionDenied("This page is not part of your role's workspace.")
        return super().dispatch(request, *args, **kwargs)


class CustomerRequiredMixin(RoleRequiredMixin):
    allowed_roles = frozenset({UserRole.CUSTOMER})


class AgentRequiredMixin(RoleRequiredMixin):
    allowed_roles = frozenset({UserRole.AGENT, UserRole.ADMIN})


class VendorRequiredMixin(RoleRequiredMixin):
    allowed_roles = frozenset({UserRole.VENDOR})


def valid_filters(form) -> dict:
    """The filter values that are valid; a bad one (an unknown status, a malformed date) is
    reported on the form and ignored while the others still apply."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


def form_error_field(error: InvalidInputError, form) -> str | None:
    """The form field a service's error is about (None: a form-wide error)."""
    aliases = {"file": "attachments", "content": "body", "score": "score"}
    name = aliases.get(error.field, error.field)
    return name if name in form.fields else None


class TicketActionView(View):
    """A POST that runs one service on one visible ticket and goes back to its page.

    Subclasses set `form_class` (or None) and implement `act(ticket, data)` returning a
    success message. A state the ticket refuses (409 in the API) or invalid input becomes
    an error message on the ticket page; nothing is written then.
    """

    http_method_names = ["post"]
    form_class = None

    def ticket_url(self, ticket_id: int) -> str:
        raise NotImplementedError

    def get_ticket(self, ticket_id: int) -> Ticket:
        return selectors.ticket_get_for(
            user=self.request.user, ticket_id=ticket_id, with_thread=False
        )

    def act(self, ticket: Ticket, data: dict) -> str:
        raise NotImplementedError

    def post(self, request, pk: int):
        ticket = self.get_ticket(pk)
        data: dict = {}
        if self.form_class is not None:
            form = self.form_class(request.POST)
            if not form.is_valid():
                for field, errors in form.errors.items():
                    label = form.fields[field].label if field in form.fields else ""
                    messages.error(request, f"{label}: {errors[0]}" if label else errors[0])
                return HttpResponseRedirect(self.ticket_url(pk))
            data = form.cleaned_data
        try:
            success = self.act(ticket, data)
        except (ConflictError, InvalidInputError) as error:
            messages.error(request, error.message)
        else:
            messages.success(request, success)
        return HttpResponseRedirect(self.ticket_url(pk))
