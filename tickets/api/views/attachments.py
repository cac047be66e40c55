"""Files: upload one, download one the caller may see."""

from django.http import FileResponse
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from tickets import selectors
from tickets.downloads import attachment_file_response
from tickets.errors import InvalidInputError
from tickets.services.attachments import attachment_upload

from .. import apidocs
from .. import serializers as s
from .base import NativeView


class AttachmentUploadView(NativeView):
    parser_classes = [MultiPartParser, FormParser]

    @apidocs.attachment_upload
    def post(self, request: Request) -> Response:
        if set(request.data) - {"file"}:
            extra = sorted(set(request.data) - {"file"})
            raise InvalidInputError(extra[0], "Only the field `file` is accepted.")
        files = request.FILES.getlist("file")
        if len(files) > 1:
            raise InvalidInputError("file", "Send one file per request.")
        if not files:
            raise InvalidInputError("file", "No file was submitted.")
        attachment = attachment_upload(
            actor=request.user, uploaded=files[0], claimed_type=files[0].content_type or ""
        )
        return Response(
            s.AttachmentOut(attachment, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class AttachmentDownloadView(NativeView):
    @apidocs.attachment_download
    def get(self, request: Request, uuid: str) -> FileResponse:
        attachment = selectors.attachment_get_for(user=request.user, attachment_uuid=uuid)
        return attachment_file_response(attachment)
