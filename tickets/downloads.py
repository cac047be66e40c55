from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

from .models import Attachment


def attachment_file_response(attachment: Attachment) -> HttpResponse:
    """Serve a stored attachment (already checked against who may see it) as a download
    the browser will not render or sniff: streamed, or as a redirect to a short-lived
    signed URL when the storage signs them and HELPDESK_ATTACHMENT_DELIVERY asks for it."""
    if settings.HELPDESK_ATTACHMENT_DELIVERY == "signed-url" and _signs_urls():
        return _signed_redirect(attachment)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _signs_urls() -> bool:
    return bool(getattr(default_storage, "querystring_auth", False))


def _signed_redirect(attachment: Attachment) -> HttpResponse:
    # The object store answers with the name and type we sign into the URL.
    url = default_storage.url(
        attachment.file.name,
        parameters={
            "ResponseContentDisposition": content_disposition_header(
                as_attachment=True, filename=attachment.original_name
            ),
            "ResponseContentType": attachment.content_type,
        },
    )
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"
    return response
