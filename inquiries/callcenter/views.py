"""The marketplace's call-center inquiry API (`004`): inquiries transferred to a vendor.

Every answer, errors included, is JSON with `Content-Type: application/json;charset=UTF-8`
(the platform's client cannot decode a body without the charset).
"""

import math
from datetime import datetime, time, timedelta

from django.utils import timezone
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.authentication import BearerOrTokenAuthentication
from helpdesk.errors import ApiError
from inquiries.common import parse
from tickets.errors import ConflictError
from tickets.models import User, Vendor
from tickets.pagination import capped_count, offset_page
from tickets.selectors import vendor_get_for, vendor_ticket_get_for, vendor_ticket_list_for
from tickets.services.messages import vendor_answer, vendor_confirm

from . import apidocs
from . import serializers as io
from .authentication import CeaHmacAuthentication
from .mapping import (
    CONFIRM_REFUSED,
    INVALID_VENDOR,
    OK,
    REPLY_REFUSED,
    TRANSFER_STATUSES_BY_COUNSELING,
)
from .renderers import CharsetJSONRenderer


class CallCenterView(APIView):
    authentication_classes = [
        CeaHmacAuthentication,
        BearerOrTokenAuthentication,
        SessionAuthentication,
    ]
    renderer_classes = [CharsetJSONRenderer]

    def render_error(self, error: ApiError) -> Response:
        body: dict = {"code": error.status, "message": error.message}
        # The platform's messages stand alone; named fields are added when there are any.
        fields = {k: v for k, v in error.fields.items() if k != "non_field_errors"}
        if fields:
            body["errors"] = fields
        return Response(body, status=error.status)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 401:
            # The shared handler names the Bearer scheme; this API's clients sign with CEA.
            response["WWW-Authenticate"] = self.get_authenticate_header(request)
        return response

    @staticmethod
    def vendor_for(request: Request, code: str) -> Vendor:
        """The vendor of the path: 403 when it is not the caller's (known or not), 400 when
        an agent names an unknown one."""
        vendor = vendor_get_for(user=request.user, code=code)
        if vendor is None:
            raise ValidationError(INVALID_VENDOR)
        return vendor

    @staticmethod
    def acting_user(request: Request, login: str) -> User:
        """Who writes: a signed call speaks for the whole vendor, so the vendor's user named
        by `replyBy`/`confirmBy` acts when there is one; a token speaks for its own user."""
        if isinstance(request.auth, Vendor):
            named = request.auth.users.filter(is_active=True, username=login.strip()).first()
            if named is not None:
                return named
        return request.user

    @staticmethod
    def same_vendor(vendor: Vendor, sent: str | None) -> None:
        # Clients repeat the vendor id in the query or body; it must agree with the path.
        if sent is not None and sent.strip() != vendor.code:
            raise ValidationError(INVALID_VENDOR)


class InquiryListView(CallCenterView):
    @apidocs.inquiry_list
    def get(self, request: Request, vendor_id: str) -> Response:
        vendor = self.vendor_for(request, vendor_id)
        query = parse(io.CallCenterInquiryQuery, request.query_params)
        self.same_vendor(vendor, query.get("vendorId"))
        inquiries = vendor_ticket_list_for(user=request.user, vendor=vendor)
        statuses = TRANSFER_STATUSES_BY_COUNSELING[query["partnerCounselingStatus"]]
        if statuses is not None:
            inquiries = inquiries.filter(transfer_status__in=statuses)
        if query["vendorItemId"]:
            inquiries = inquiries.filter(item_id=query["vendorItemId"])
        if query.get("orderId") is not None:
            inquiries = inquiries.filter(order_id=str(query["orderId"]))
        if query["window"] is not None:
            start, end = query["window"]
            zone = timezone.get_current_timezone()
            inquiries = inquiries.filter(
                created_at__gte=datetime.combine(start, time.min, tzinfo=zone),
                created_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
            )
        total = capped_count(inquiries)
        size, number = query["pageSize"], query["pageNum"]
        page = offset_page(
            inquiries.order_by("-created_at", "-id"), offset=(number - 1) * size, limit=size
        )
        return Response(
            {
                "code": 200,
                "message": OK,
                "data": {
                    "content": io.CallCenterInquiryOut(page, many=True).data,
                    "pagination": {
                        "currentPage": number,
                        "totalPages": math.ceil(total / size),
                        "totalElements": total,
                        "countPerPage": size,
                    },
                },
            }
        )


class InquiryDetailView(CallCenterView):
    @apidocs.inquiry_retrieve
    def get(self, request: Request, inquiry_id: int) -> Response:
        ticket = vendor_ticket_get_for(user=request.user, ticket_id=inquiry_id)
        return Response({"code": 200, "message": OK, "data": io.CallCenterInquiryOut(ticket).data})


class InquiryReplyView(CallCenterView):
    @apidocs.inquiry_reply
    def post(self, request: Request, vendor_id: str, inquiry_id: int) -> Response:
        vendor = self.vendor_for(request, vendor_id)
        data = parse(io.CallCenterReplyIn, request.data)
        self.same_vendor(vendor, data.get("vendorId"))
        ticket = vendor_ticket_get_for(user=request.user, ticket_id=inquiry_id, vendor=vendor)
        if data.get("inquiryId") is not None and data["inquiryId"] != ticket.pk:
            raise ValidationError({"inquiryId": ["Does not match the inquiry in the path."]})
        try:
            vendor_answer(
                ticket=ticket,
                actor=self.acting_user(request, data["replyBy"]),
                body=data["content"],
            )
        except ConflictError:
            # The contract's one refusal, also what the client's automatic retry of a
            # successful reply gets.
            raise ValidationError(REPLY_REFUSED) from None
        return Response({"code": 200, "message": OK})


class InquiryConfirmView(CallCenterView):
    @apidocs.inquiry_confirm
    def post(self, request: Request, vendor_id: str, inquiry_id: int) -> Response:
        vendor = self.vendor_for(request, vendor_id)
        data = parse(io.CallCenterConfirmIn, request.data)
        ticket = vendor_ticket_get_for(user=request.user, ticket_id=inquiry_id, vendor=vendor)
        try:
            vendor_confirm(ticket=ticket, actor=self.acting_user(request, data["confirmBy"]))
        except ConflictError:
            raise ValidationError(CONFIRM_REFUSED) from None
        return Response({"code": 200, "message": OK})


class CallCenterNotFoundView(CallCenterView):
    """Any other path under the platform's root: its JSON error with the charset, too."""

    permission_classes = []

    @apidocs.undocumented
    def get(self, request: Request, *args, **kwargs) -> Response:
        raise NotFound("No such call-center API path.")

    post = put = patch = delete = get
