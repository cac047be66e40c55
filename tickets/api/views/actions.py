"""Acts on one ticket: POST without a body (or with the act's input), answers the ticket."""

from rest_framework.request import Request
from rest_framework.response import Response

from tickets import permissions, selectors
from tickets.errors import InvalidInputError
from tickets.models import Ticket, User, Vendor
from tickets.services.messages import vendor_answer, vendor_confirm
from tickets.services.tickets import (
    ticket_assign,
    ticket_cancel,
    ticket_reopen,
    ticket_resolve,
    ticket_transfer,
)

from .. import apidocs
from .. import serializers as s
from .base import NativeView, parse, ticket_response, user_from_input


class TicketActionView(NativeView):
    input_class: type | None = None

    def act(self, ticket: Ticket, user: User, data: dict) -> None:
        raise NotImplementedError

    def post(self, request: Request, id: int) -> Response:
        ticket = selectors.ticket_get_for(user=request.user, ticket_id=id, with_thread=False)
        data = parse(self.input_class, request.data) if self.input_class else {}
        if self.input_class is None and request.data:
            raise InvalidInputError("non_field_errors", "This action takes no body.")
        self.act(ticket, request.user, data)
        return ticket_response(request, ticket.pk)


class TicketAssignView(TicketActionView):
    input_class = s.AssignIn

    @apidocs.assign
    def post(self, request: Request, id: int) -> Response:
        return super().post(request, id)

    def act(self, ticket: Ticket, user: User, data: dict) -> None:
        permissions.require(user, permissions.Action.ASSIGN, ticket)
        ticket_assign(
            ticket=ticket, actor=user, assignee=user_from_input("assignee", data["assignee"])
        )


class TicketTransferView(TicketActionView):
    input_class = s.TransferIn

    @apidocs.transfer
    def post(self, request: Request, id: int) -> Response:
        return super().post(request, id)

    def act(self, ticket: Ticket, user: User, data: dict) -> None:
        permissions.require(user, permissions.Action.TRANSFER, ticket)
        vendor = Vendor.objects.filter(code__iexact=data["vendor_code"]).first()
        if vendor is None:
            raise InvalidInputError("vendor_code", f"Unknown vendor {data['vendor_code']}.")
        ticket_transfer(
            ticket=ticket,
            actor=user,
            vendor=vendor,
            note=data["note"],
            needs_answer=data["needs_answer"],
        )


class TicketResolveView(TicketActionView):
    @apidocs.resolve
    def post(self, request: Request, id: int) -> Response:
        return super().post(request, id)

    def act(self, ticket: Ticket, user: User, data: dict) -> None:
        ticket_resolve(ticket=ticket, actor=user)


class TicketCancelView(TicketActionView):
    @apidocs.cancel
    def post(self, request: Request, id: int) -> Response:
        return super().post(request, id)

    def act(self, ticket: Ticket, user: User, data: dict) -> None:
        ticket_cancel(ticket=ticket, actor=user)


class TicketReopenView(TicketActionView):
    @apidocs.reopen
    def post(self, request: Request, id: int) -> Response:
        return super().post(request, id)

    def act(self, ticket: Ticket, user: User, data: dict) -> None:
        ticket_reopen(ticket=ticket, actor=user)


class TicketVendorAnswerView(TicketActionView):
    input_class = s.VendorAnswerIn

    @apidocs.vendor_answer
    def post(self, request: Request, id: int) -> Response:
        return super().post(request, id)

    def act(self, ticket: Ticket, user: User, data: dict) -> None:
        vendor_answer(
            ticket=ticket, actor=user, body=data["body"], attachment_uuids=data["attachments"]
        )


class TicketVendorConfirmView(TicketActionView):
    @apidocs.vendor_confirm
    def post(self, request: Request, id: int) -> Response:
        return super().post(request, id)

    def act(self, ticket: Ticket, user: User, data: dict) -> None:
        vendor_confirm(ticket=ticket, actor=user)
