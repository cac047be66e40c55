"""What every native view shares: its base class, input parsing and the ticket answer."""

from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from helpdesk.parsers import SafeJSONParser
from helpdesk.throttling import AnonThrottle, UserThrottle
from tickets import permissions, selectors
from tickets.agenttools.selectors import ticket_tags_prefetch
from tickets.errors import InvalidInputError
from tickets.models import Category, User

from .. import apidocs
from .. import serializers as s
from ..filters import PAGINATION_PARAMS, reject_unknown_params
from ..schema import NativeAutoSchema


def parse(serializer_class: type, data: object) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def ticket_response(request: Request, ticket_id: int, code: int = status.HTTP_200_OK) -> Response:
    """The ticket with its thread as the caller may see it; a merged duplicate answers as
    itself, its `merged_into` naming where its thread went."""
    ticket = selectors.ticket_get_for(
        user=request.user,
        ticket_id=ticket_id,
        follow_merge=False,
        columns=selectors.DETAIL_ROW_COLUMNS,
    )
    ticket.message_count = len(ticket.thread)
    return Response(s.TicketDetailOut(ticket, context={"request": request}).data, status=code)


def category_from_input(field: str, category_id: int | None, *, user: User) -> Category | None:
    """A category the user may see: to a customer an inactive one is as unknown as a
    missing one (the service refuses an inactive one to an agent, naming it)."""
    if category_id is None:
        return None
    category = selectors.category_list_for(user=user).filter(pk=category_id).first()
    if category is None:
        raise InvalidInputError(field, f"Unknown category {category_id}.")
    return category


def user_from_input(field: str, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise InvalidInputError(field, f"Unknown user {user_id}.")
    return user


def agent_prefetches(user: User) -> list:
    """What list rows show agents only (their tags), fetched for agents only."""
    if permissions.can_see_field(user, permissions.VisibleField.TAGS):
        return [ticket_tags_prefetch()]
    return []


class NativeView(GenericAPIView):
    """Base of every native view: its throttles, and no query parameter it does not list."""

    throttle_classes = [AnonThrottle, UserThrottle]
    parser_classes = [SafeJSONParser]
    schema = NativeAutoSchema()
    filter_backends: list = []
    pagination_class = None
    query_params: frozenset[str] = frozenset()

    def allowed_query_params(self) -> frozenset[str]:
        filterset_class = getattr(self, "filterset_class", None)
        names = set(self.query_params)
        if filterset_class is not None:
            names |= set(filterset_class.base_filters)
        if self.pagination_class is not None:
            names |= PAGINATION_PARAMS
        return frozenset(names)

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        reject_unknown_params(request.query_params, self.allowed_query_params())


@apidocs.undocumented
class NotFoundView(NativeView):
    """Any other path under /api/v1/: the API's JSON 404 rather than the site's HTML page."""

    permission_classes: list = []

    def initial(self, request: Request, *args, **kwargs) -> None:
        # No parameter check: every path here is unknown anyway.
        super(NativeView, self).initial(request, *args, **kwargs)

    def handle_unknown(self, request: Request, *args, **kwargs) -> Response:
        path = request.path
        hint = "" if path.endswith("/") else " API paths end with a slash."
        raise NotFound(f"No API endpoint at {path}.{hint}")

    get = post = put = patch = delete = handle_unknown
