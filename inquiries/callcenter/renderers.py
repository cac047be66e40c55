from rest_framework.renderers import JSONRenderer

from .mapping import CONTENT_TYPE


class CharsetJSONRenderer(JSONRenderer):
    """JSON declared exactly as the platform does: the `coupang` client decodes a body with
    the charset of `Content-Type` and cannot read one without it."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = CONTENT_TYPE
        return super().render(data, accepted_media_type, renderer_context)
