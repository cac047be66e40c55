"""The marketplace's call-center inquiry API (`004`): inquiries transferred to a vendor.

Every answer, errors included, is JSON with `Content-Type: application/json;charset=UTF-8`
(the platform's client cannot decode a body without the charset).
"""

import math
from datetime import datetime, time, timedelta

from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.authentication import BearerOrTokenAuthentication
from helpdesk.errors import ApiError
from inquiries.common import parse
from tickets import permissions
from tickets.errors import ActionNotAllowedError, TransferStateError
from tickets.models import User, Vendor
from tickets.permissions import Action
from tickets.selectors import vendor_ticket_get_for, vendor_ticket_list_for
from tickets.services.messages import vendor_answer, vendor_confirm

from . import serializers as io
from .authentication import CeaHmacAuthentication
from .mapping import (
    CONFIRM_REFUSED,
    INQUIRY_STATUS,
    INQUIRY_STATUS_OPEN,
    INVALID_VENDOR,
    OK,
    REPLY_REFUSED,
    TRANSFER_STATUSES_BY_COUNSELING,
)
from .renderers import CharsetJSONRenderer

TAG = "Call-center inquiries (004)"


ERROR_EXAMPLE = OpenApiExample(
    "Bad window",
    response_only=True,
    status_codes=["400"],
    value={"code": 400, "message": io.WINDOW_ERROR},
)
ERRORS = {
    400: OpenApiResponse(io.CallCenterResultOut, description="Check request parameter"),
    401: OpenApiResponse(
        io.CallCenterResultOut, description="Missing or bad CEA signature / token"
    ),
    403: OpenApiResponse(
        io.CallCenterResultOut, description="Another vendor's code, or not a vendor"
    ),
    404: OpenApiResponse(io.CallCenterResultOut, description="No such inquiry for this vendor"),
}


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
        """The vendor of the path: 400 when unknown, 403 when it is not the caller's."""
        vendor = Vendor.objects.filter(code=code).first()
        if vendor is None:
            raise ValidationError(INVALID_VENDOR)
        if not permissions.is_agent(request.user) and request.user.vendor_id != vendor.pk:
            raise ActionNotAllowedError("You may only use your own vendor code.")
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


LIST_EXAMPLE = {
    "code": 200,
    "message": "OK",
    "data": {
        "content": [
            {
                "inquiryId": 1015668177,
                "csPartnerCounselingStatus": "answered",
                "inquiryStatus": "progress",
                "vendorItemId": [3285906659],
                "itemName": "Skirt, Khaki, L",
                "content": "The buyer returned the item.",
                "answeredAt": "2018-01-08 16:56:16",
                "replies": [
                    {
                        "receptionistName": "Sam Support",
                        "receptionist": "sam",
                        "replyAt": "2018-01-08 16:44:27",
                        "content": "[Vendor transfer] Please confirm the return.",
                        "answerId": 1027082307,
                        "parentAnswerId": 0,
                        "partnerTransferStatus": "answered",
                        "partnerTransferCompleteReason": "NONE",
                        "answerType": "csAgent",
                        "needAnswer": False,
                    },
                    {
                        "receptionistName": "Seoul Apparel Co.",
                        "receptionist": "vera",
                        "replyAt": "2018-01-08 16:56:16",
                        "content": "Received on the 3rd; refund follows.",
                        "answerId": 1027083739,
                        "parentAnswerId": 1027082307,
                        "partnerTransferStatus": None,
                        "partnerTransferCompleteReason": "NONE",
                        "answerType": "vendor",
                        "needAnswer": False,
                    },
                ],
                "inquiryAt": "2018-01-08 16:43:42",
                "buyerEmail": "",
                "buyerPhone": "",
                "orderId": 1000000000006,
                "orderDate": None,
                "receiptCategory": "Order>Returns",
                "saleStartedAt": None,
                "saleEndedAt": None,
            }
        ],
        "pagination": {"currentPage": 1, "totalPages": 1, "totalElements": 1, "countPerPage": 10},
    },
}


class InquiryListView(CallCenterView):
    @extend_schema(
        tags=[TAG],
        operation_id="callcenter_inquiries_query",
        summary="Query call-center inquiries (GET_INQUIRY_BY_QUERY)",
        description="Without `vendorItemId` both dates are required; dates are yyyy-MM-dd "
        "and at most 7 days apart. `partnerCounselingStatus`: NONE (all), ANSWER (answered), "
        "NO_ANSWER (waiting for your answer), TRANSFER (waiting for your confirmation).",
        parameters=[
            io.CallCenterInquiryQuery,
            OpenApiParameter("vendor_id", str, OpenApiParameter.PATH, description="Vendor code"),
        ],
        responses={200: io.CallCenterInquiryListOut, **ERRORS},
        examples=[
            OpenApiExample("Inquiries", response_only=True, value=LIST_EXAMPLE),
            ERROR_EXAMPLE,
        ],
    )
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
        total = inquiries.count()
        size, number = query["pageSize"], query["pageNum"]
        offset = (number - 1) * size
        page = inquiries.order_by("-created_at", "-id")[offset : offset + size]
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


INQUIRY_ID = OpenApiParameter("inquiry_id", int, OpenApiParameter.PATH, description="Inquiry id")
VENDOR_ID = OpenApiParameter("vendor_id", str, OpenApiParameter.PATH, description="Vendor code")


class InquiryDetailView(CallCenterView):
    @extend_schema(
        tags=[TAG],
        operation_id="callcenter_inquiry_get",
        summary="One call-center inquiry",
        parameters=[INQUIRY_ID],
        responses={200: io.CallCenterInquiryDetailOut, **{c: ERRORS[c] for c in (401, 403, 404)}},
    )
    def get(self, request: Request, inquiry_id: str) -> Response:
        if not (permissions.is_vendor(request.user) or permissions.is_agent(request.user)):
            raise ActionNotAllowedError("Only vendors and support agents read inquiries here.")
        ticket = vendor_ticket_get_for(user=request.user, ticket_id=inquiry_id)
        return Response({"code": 200, "message": OK, "data": io.CallCenterInquiryOut(ticket).data})


class InquiryReplyView(CallCenterView):
    @extend_schema(
        tags=[TAG],
        operation_id="callcenter_inquiry_reply",
        summary="Answer an inquiry transferred to you",
        description="Allowed only while the inquiry waits for your answer "
        "(inquiryStatus progress, partnerTransferStatus requestAnswer); a second answer is "
        "refused with 400.",
        parameters=[VENDOR_ID, INQUIRY_ID],
        request=io.CallCenterReplyIn,
        responses={200: io.CallCenterResultOut, **ERRORS},
        examples=[
            OpenApiExample(
                "Reply",
                request_only=True,
                value={
                    "vendorId": "A00012345",
                    "inquiryId": "1015668177",
                    "content": "The refund was approved today.",
                    "replyBy": "vera",
                    "parentAnswerId": "1027082307",
                },
            ),
            OpenApiExample(
                "Refused",
                response_only=True,
                status_codes=["400"],
                value={"code": 400, "message": REPLY_REFUSED},
            ),
        ],
    )
    def post(self, request: Request, vendor_id: str, inquiry_id: str) -> Response:
        vendor = self.vendor_for(request, vendor_id)
        data = parse(io.CallCenterReplyIn, request.data)
        self.same_vendor(vendor, data.get("vendorId"))
        ticket = vendor_ticket_get_for(user=request.user, ticket_id=inquiry_id, vendor=vendor)
        if data.get("inquiryId") is not None and data["inquiryId"] != ticket.pk:
            raise ValidationError({"inquiryId": ["Does not match the inquiry in the path."]})
        permissions.require(request.user, Action.VENDOR_ANSWER, ticket)
        if INQUIRY_STATUS[ticket.status] != INQUIRY_STATUS_OPEN:
            raise ValidationError(REPLY_REFUSED)
        try:
            vendor_answer(
                ticket=ticket,
                actor=self.acting_user(request, data["replyBy"]),
                body=data["content"],
            )
        except TransferStateError:
            # Also what the client's automatic retry of a successful reply gets.
            raise ValidationError(REPLY_REFUSED) from None
        return Response({"code": 200, "message": OK})


class InquiryConfirmView(CallCenterView):
    @extend_schema(
        tags=[TAG],
        operation_id="callcenter_inquiry_confirm",
        summary="Confirm an inquiry transferred to you for confirmation",
        parameters=[VENDOR_ID, INQUIRY_ID],
        request=io.CallCenterConfirmIn,
        responses={200: io.CallCenterResultOut, **ERRORS},
        examples=[OpenApiExample("Confirm", request_only=True, value={"confirmBy": "vera"})],
    )
    def post(self, request: Request, vendor_id: str, inquiry_id: str) -> Response:
        vendor = self.vendor_for(request, vendor_id)
        data = parse(io.CallCenterConfirmIn, request.data)
        ticket = vendor_ticket_get_for(user=request.user, ticket_id=inquiry_id, vendor=vendor)
        permissions.require(request.user, Action.VENDOR_CONFIRM, ticket)
        if INQUIRY_STATUS[ticket.status] != INQUIRY_STATUS_OPEN:
            raise ValidationError(CONFIRM_REFUSED)
        try:
            vendor_confirm(ticket=ticket, actor=self.acting_user(request, data["confirmBy"]))
        except TransferStateError:
            raise ValidationError(CONFIRM_REFUSED) from None
        return Response({"code": 200, "message": OK})


class CallCenterNotFoundView(CallCenterView):
    """Any other path under the platform's root: its JSON error with the charset, too."""

    permission_classes = []

    @extend_schema(exclude=True)
    def get(self, request: Request, *args, **kwargs) -> Response:
        raise NotFound("No such call-center API path.")

    post = put = patch = delete = get
