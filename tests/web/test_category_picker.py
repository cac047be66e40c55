"""The category picker on every page a person picks a category, without JavaScript: one
select grouped by top level and channel, leaves only where a ticket is filed, headings
too where it filters."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CategoryFactory, TicketFactory
from tests.web.test_triage import triage_post
from tickets.models import Category, Priority, Ticket
from tickets.web.category_picker import category_options_html


def _select(html: str, name: str, select_id: str) -> str:
    match = re.search(rf'<select[^>]*id="{select_id}"[^>]*>.*?</select>', html, re.S)
    assert match, f"no select #{select_id}"
    assert f'name="{name}"' in match.group(0)
    return match.group(0)


def _values(select: str) -> set[str]:
    return set(re.findall(r'<option value="(\d+)"', select))


def shipped(code: str, parent: str | None = None) -> Category:
    return Category.objects.get(code=code, parent__code=parent, is_deleted=False)


@pytest.fixture
def tree(db):
    fulfilment = shipped("FULFILMENT")
    return {
        "fulfilment": fulfilment,
        "inbound": shipped("INBOUND", "FULFILMENT"),
        "order": shipped("ORDER"),
    }


def test_new_ticket_picker_groups_by_channel_and_offers_only_leaves(customer, web_for, tree):
    html = web_for(customer).get("/tickets/new/").content.decode()
    select = _select(html, "category", "id_category")

    # The storefront's six are one group; each 3PL topic is a group of its categories.
    storefront = re.search(r'<optgroup label="Storefront"[^>]*>(.*?)</optgroup>', select, re.S)
    assert re.findall(r">([^<]+)</option>", storefront.group(1)) == [
        "Order",
        "Product",
        "Account",
        "Technical",
        "Payment",
        "General",
    ]
    group = f'label="Fulfilment (3PL): Fulfilment" data-category-top="{tree["fulfilment"].pk}"'
    assert f"<optgroup {group}" in select
    # Headings are no options; the leaves below them are.
    topics = Category.objects.filter(parent__isnull=True, children__isnull=False).distinct()
    assert not _values(select) & {str(topic.pk) for topic in topics}
    assert str(tree["inbound"].pk) in _values(select)
    assert str(tree["order"].pk) in _values(select)


def test_merged_near_duplicates_are_not_offered(customer, web_for):
    select = _select(
        web_for(customer).get("/tickets/new/").content.decode(), "category", "id_category"
    )

    assert ">Account details changes</option>" in select
    assert ">Account details change</option>" not in select
    assert ">Key account</option>" not in select


def test_opening_a_ticket_under_a_heading_is_a_form_error_on_category(customer, web_for, tree):
    response = web_for(customer).post(
        "/tickets/new/",
        {"subject": "Pallet", "category": tree["fulfilment"].pk, "description": "Not booked in."},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "&#x27;Fulfilment&#x27; has sub-categories: choose one of them." in html
    assert "is-invalid" in _select(html, "category", "id_category")
    assert not Ticket.objects.exists()


def test_opening_a_ticket_on_a_leaf_works(customer, web_for, tree):
    response = web_for(customer).post(
        "/tickets/new/",
        {"subject": "Pallet", "category": tree["inbound"].pk, "description": "Not booked in."},
    )

    assert response.status_code == 302
    assert Ticket.objects.get().category == tree["inbound"]


def test_my_tickets_filter_may_pick_a_heading_and_finds_its_subtree(customer, web_for, tree):
    TicketFactory(customer=customer, subject="Pallet", category=tree["inbound"])
    TicketFactory(customer=customer, subject="Parcel", category=tree["order"])
    client = web_for(customer)

    html = client.get("/tickets/", {"category": tree["fulfilment"].pk}).content.decode()

    select = _select(html, "category", "id_category")
    assert f'<option value="{tree["fulfilment"].pk}" selected>All of Fulfilment</option>' in select
    assert "Pallet" in html
    assert "Parcel" not in html


def test_queue_filter_offers_headings_and_the_bulk_bar_only_leaves(agent, web_for, tree):
    html = web_for(agent).get("/agent/").content.decode()

    queue_filter = _select(html, "category", "id_category")
    bulk = _select(html, "category", "bulk-category")
    fulfilment = str(tree["fulfilment"].pk)
    assert fulfilment in _values(queue_filter)
    assert fulfilment not in _values(bulk)
    assert str(tree["inbound"].pk) in _values(bulk)


def test_agent_triage_keeps_a_heading_a_contract_filed_under(agent, web_for, tree):
    ticket = TicketFactory(category=tree["fulfilment"])
    client = web_for(agent)

    html = client.get(f"/agent/tickets/{ticket.pk}/").content.decode()

    select = _select(html, "category", "triage-category")
    heading = tree["fulfilment"].pk
    assert f'<option value="{heading}" selected>Fulfilment (no sub-category)</option>' in select
    assert f'value="{tree["inbound"].pk}"' in select
    # Saving another field keeps the heading.
    response = client.post(
        f"/agent/tickets/{ticket.pk}/triage/", triage_post(ticket, priority=Priority.HIGH)
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.category, ticket.priority) == (tree["fulfilment"], Priority.HIGH)


def test_agent_cannot_move_a_ticket_to_a_heading(agent, web_for, tree):
    ticket = TicketFactory(category=tree["inbound"])

    response = web_for(agent).post(
        f"/agent/tickets/{ticket.pk}/triage/",
        triage_post(ticket, category=str(tree["fulfilment"].pk), priority=Priority.HIGH),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "has sub-categories: choose one of them." in html
    assert 'aria-invalid="true"' in _select(html, "category", "triage-category")
    ticket.refresh_from_db()
    assert (ticket.category, ticket.priority) == (tree["inbound"], Priority.NORMAL)


def test_the_picker_costs_no_query_per_category(customer, web_for):
    client = web_for(customer)
    client.get("/tickets/new/")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/tickets/new/").status_code == 200
        return len(captured)

    before = queries()
    heading = CategoryFactory(name="Returns desk")
    for index in range(20):
        CategoryFactory(name=f"Return reason {index}", parent=heading)
    client.get("/tickets/new/")  # the changed tree is read once

    assert queries() == before


def test_top_levels_without_a_channel_sit_outside_the_groups(db):
    loose = CategoryFactory(name="Loose ends", sort_order=-5)

    html = category_options_html(leaf_only=True, blank="Choose", current=loose.pk)

    assert html.count("<optgroup") == html.count("</optgroup>")
    assert html.index(f'<option value="{loose.pk}" selected>Loose ends</option>') < html.index(
        "<optgroup"
    )


def test_a_value_outside_the_tree_selects_nothing(db):
    html = category_options_html(leaf_only=False, blank="Any", current="999999")

    assert " selected" not in html.replace('<option value="" selected>', "")
