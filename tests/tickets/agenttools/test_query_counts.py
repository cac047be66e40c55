"""The queue filtered by tag, with tags on every row and saved views in the sidebar, and
the native list of tagged tickets issue the same number of queries whatever the rows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import TicketFactory
from tickets.services.saved_views import saved_view_save
from tickets.services.tags import ticket_tags_change

pytestmark = pytest.mark.django_db


def count_queries(client, path: str) -> int:
    cache.clear()  # the saved views' counts are cached: count them every time
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def add_tagged(agent, how_many: int) -> None:
    for _ in range(how_many):
        ticket_tags_change(ticket=TicketFactory(), actor=agent, add=["vip", "late"])


def test_queue_by_tag_query_count_is_constant(agent, web_for, client_for):
    saved_view_save(actor=agent, name="VIP", query="tag=vip")
    web, api = web_for(agent), client_for(agent)
    counts = []
    for added in (1, 23):
        add_tagged(agent, added)
        counts.append(
            (
                count_queries(web, "/agent/?tag=vip&per_page=100"),
                count_queries(api, "/api/v1/tickets/?tag=vip&page_size=100"),
                count_queries(api, "/api/v1/queue/?tag=vip&page_size=100"),
            )
        )
    assert counts[0] == counts[1], counts
