"""OpenAPI documentation of the call-center dialect (`004`): one decorator per operation,
used by the views."""

from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)

from . import serializers as io
from .mapping import REPLY_REFUSED

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


INQUIRY_ID = OpenApiParameter("inquiry_id", int, OpenApiParameter.PATH, description="Inquiry id")
VENDOR_ID = OpenApiParameter("vendor_id", str, OpenApiParameter.PATH, description="Vendor code")


inquiry_list = extend_schema(
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

inquiry_retrieve = extend_schema(
    tags=[TAG],
    operation_id="callcenter_inquiry_get",
    summary="One call-center inquiry",
    parameters=[INQUIRY_ID],
    responses={200: io.CallCenterInquiryDetailOut, **{c: ERRORS[c] for c in (401, 403, 404)}},
)

inquiry_reply = extend_schema(
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

inquiry_confirm = extend_schema(
    tags=[TAG],
    operation_id="callcenter_inquiry_confirm",
    summary="Confirm an inquiry transferred to you for confirmation",
    parameters=[VENDOR_ID, INQUIRY_ID],
    request=io.CallCenterConfirmIn,
    responses={200: io.CallCenterResultOut, **ERRORS},
    examples=[OpenApiExample("Confirm", request_only=True, value={"confirmBy": "vera"})],
)

undocumented = extend_schema(exclude=True)
