"""A ticket's page takes its category (with the parents) from a copy held per version of
the picker lists (selectors.attach_held_relations): a change shows on the next page, and
what one page showed is never shown to a reader whose page leaves it out."""

from django.core.cache import cache

from tests.factories import CategoryFactory, TicketFactory, VendorFactory
from tickets import pickers, selectors
from tickets.services.tickets import ticket_transfer


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_a_renamed_category_or_parent_shows_at_once(agent, customer, web_for):
    parent = CategoryFactory(name="Deliveries")
    category = CategoryFactory(name="Late parcel", parent=parent)
    ticket = TicketFactory(customer=customer, category=category)
    client = web_for(agent)
    assert "Deliveries / Late parcel" in page(client, f"/agent/tickets/{ticket.pk}/")

    parent.name = "Shipping"
    parent.save()

    assert "Shipping / Late parcel" in page(client, f"/agent/tickets/{ticket.pk}/")


def test_a_renamed_vendor_shows_at_once(agent, customer, web_for):
    vendor = VendorFactory(code="A00077777", name="First Name Ltd")
    ticket = TicketFactory(customer=customer)
    ticket_transfer(ticket=ticket, actor=agent, vendor=vendor, note="check")
    client = web_for(agent)
    assert "A00077777 First Name Ltd" in page(client, f"/agent/tickets/{ticket.pk}/")

    vendor.name = "Second Name Ltd"
    vendor.save()

    assert "A00077777 Second Name Ltd" in page(client, f"/agent/tickets/{ticket.pk}/")


def test_a_vendor_held_for_the_agent_page_is_not_shown_to_the_customer(agent, customer, web_for):
    vendor = VendorFactory(code="A00066666", name="Hidden Supplier Ltd")
    ticket = TicketFactory(customer=customer)
    ticket_transfer(ticket=ticket, actor=agent, vendor=vendor, note="check")
    assert "Hidden Supplier Ltd" in page(web_for(agent), f"/agent/tickets/{ticket.pk}/")

    shown = page(web_for(customer), f"/tickets/{ticket.pk}/")

    assert "Hidden Supplier Ltd" not in shown
    assert "A00066666" not in shown


def test_a_category_missing_from_the_held_copies_loads_as_usual(agent, customer):
    category = CategoryFactory(name="Brand new")
    ticket = TicketFactory(customer=customer, category=category)
    pickers.pickers()
    # As if another process made it after these copies were built.
    pickers.categories_by_id().pop(category.pk)

    found = selectors.ticket_get_for(user=agent, ticket_id=ticket.pk)

    assert found.category.path == "Brand new"


def test_an_emptied_cache_rebuilds_the_copies(agent, customer, web_for):
    category = CategoryFactory(name="Before the restart")
    ticket = TicketFactory(customer=customer, category=category)
    client = web_for(agent)
    assert "Before the restart" in page(client, f"/agent/tickets/{ticket.pk}/")
    cache.clear()

    assert "Before the restart" in page(client, f"/agent/tickets/{ticket.pk}/")
