from typing import TYPE_CHECKING

from rest_framework.metadata import BaseMetadata
from rest_framework.request import Request

if TYPE_CHECKING:  # rest_framework.views imports this module through its settings
    from rest_framework.views import APIView


class EndpointMetadata(BaseMetadata):
    """What `OPTIONS` answers on every API endpoint: its name, methods and media types.

    DRF's default also describes a POST body from the view's `serializer_class`, which
    crashes on views that have none (the native actions, the upload) and would describe an
    output serializer as input on others; the OpenAPI schema at /api/schema/ is where
    request bodies are described.
    """

    def determine_metadata(self, request: Request, view: "APIView") -> dict:
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "allowed_methods": view.allowed_methods,
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
        }
