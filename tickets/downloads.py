from django.http import FileResponse

from .models import Attachment


def attachment_file_response(attachment: Attachment) -> FileResponse:
    """Serve a stored attachment as a download the browser will not render or sniff."""
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
