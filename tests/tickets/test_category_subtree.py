"""One category-subtree filter: a category filter on any surface includes every level below."""

from django.db.models import Q

from tests.factories import CategoryFactory, TicketFactory
from tickets import selectors
from tickets.models import Ticket


def test_subtree_holds_the_root_and_every_level_below_it(db):
    root = CategoryFactory()
    child = CategoryFactory(parent=root)
    grandchild = CategoryFactory(parent=child)
    CategoryFactory()
    subtree = selectors.category_subtree(Q(pk=root.pk))
    assert set(subtree) == {root, child, grandchild}
    assert set(selectors.category_subtree(Q(pk=root.pk), max_depth=2)) == {root, child}


def test_native_and_portal_category_filters_include_grandchildren(client_for, customer):
    root = CategoryFactory()
    grandchild = CategoryFactory(parent=CategoryFactory(parent=root))
    inside = TicketFactory(customer=customer, category=grandchild)
    TicketFactory(customer=customer, category=CategoryFactory())
    response = client_for(customer).get("/api/v1/tickets/", {"category": root.pk})
    assert [row["id"] for row in response.json()["results"]] == [inside.pk]
    kept = selectors.tickets_in_categories(Ticket.objects.all(), Q(pk=root.pk))
    assert list(kept) == [inside]
