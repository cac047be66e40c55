"""Filters, ordering and bodies accept only what they declare: anything else is a 400 (or
a 403 for a customer), never a query and never a silent write."""

import pytest

from tests.factories import TicketFactory
from tickets.models import Priority, Status, Ticket, TicketEvent


@pytest.mark.parametrize(
    "ordering",
    [
        "customer__password",
        "-customer__password",
        "customer__username",
        "assignee__password",
        "metadata__secret",
        "created_at,customer__password",
        "password",
        "?",
    ],
)
def test_ordering_outside_the_allow_list_is_400(ordering, customer, client_for):
    TicketFactory(customer=customer)

    response = client_for(customer).get("/api/v1/tickets/", {"ordering": ordering})

    assert response.status_code == 400
    assert "ordering" in response.json()["errors"]


@pytest.mark.parametrize(
    "param",
    [
        "customer__password",
        "customer__password__startswith",
        "customer__username",
        "assignee__is_superuser",
        "status__in",
        "subject__regex",
        "messages__body__icontains",
        "id__gt",
    ],
)
def test_filters_through_relations_or_lookups_are_400(param, customer, agent, client_for):
    TicketFactory(customer=customer)
    for user in (customer, agent):
        response = client_for(user).get("/api/v1/tickets/", {param: "p"})

        assert response.status_code == 400
        assert response.json()["errors"] == {param: ["Unknown query parameter."]}


def test_unknown_parameters_are_refused_on_every_list(agent, client_for):
    client = client_for(agent)
    for path in ("/api/v1/queue/", "/api/v1/categories/", "/api/v1/me", "/api/v1/categories/tree/"):
        response = client.get(path, {"customer__password": "x"})
        assert response.status_code == 400, path


def test_keyword_is_a_value_not_sql(customer, client_for):
    TicketFactory(customer=customer, subject="Broken lid")
    client = client_for(customer)

    for keyword in ("' OR 1=1 --", "%", "_", '") OR ("1"="1'):
        response = client.get("/api/v1/tickets/", {"q": keyword})
        assert response.status_code == 200
        assert response.json()["count"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"customer": "99999999999999999999999"}, "customer"),
        ({"assignee": "1.5"}, "assignee"),
        ({"status": "deleted"}, "status"),
        ({"priority": "critical"}, "priority"),
        ({"created_after": "yesterday"}, "created_after"),
        ({"created_after": "0001-01-01T00:00:00+05:00"}, "created_after"),
        ({"q": "bad\x00byte"}, "q"),
        ({"page_size": "10", "page": "999"}, None),
    ],
)
def test_bad_filter_values_are_4xx_naming_the_field(params, field, customer, client_for):
    TicketFactory(customer=customer)

    response = client_for(customer).get("/api/v1/tickets/", params)

    if field is None:
        assert response.status_code == 404
    else:
        assert response.status_code == 400
        assert field in response.json()["errors"]


@pytest.mark.parametrize(
    "extra",
    [
        {"status": Status.RESOLVED},
        {"assignee": 1},
        {"case_number": "HD-1999-000001"},
        {"current_rating": 5},
        {"is_internal": True},
    ],
)
def test_customer_create_with_unaccepted_fields_is_refused(extra, customer, client_for):
    response = client_for(customer).post(
        "/api/v1/tickets/",
        {"subject": "Hello", "description": "x", **extra},
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(extra)
    assert not Ticket.objects.exists()


def test_customer_cannot_file_for_someone_else_or_set_priority(
    customer, other_customer, client_for
):
    client = client_for(customer)
    for_other = client.post(
        "/api/v1/tickets/",
        {"subject": "Hi", "description": "x", "customer": other_customer.pk},
        format="json",
    )
    for_unknown = client.post(
        "/api/v1/tickets/",
        {"subject": "Hi", "description": "x", "customer": 987654},
        format="json",
    )
    urgent = client.post(
        "/api/v1/tickets/",
        {"subject": "Hi", "description": "x", "priority": Priority.URGENT},
        format="json",
    )

    # The same answer whether the other user exists or not: ids are not probed.
    assert for_other.status_code == for_unknown.status_code == 403
    assert urgent.status_code == 403
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"status": Status.RESOLVED},
        {"assignee": None},
        {"customer": 1},
        {"case_number": "HD-1999-000001"},
        {"priority": Priority.URGENT},
        {"subject": "Renamed"},
    ],
)
@pytest.mark.parametrize("who", ["customer", "seller_colleague", "vendor_user"])
def test_patch_by_non_agents_is_refused_and_changes_nothing(
    change, who, request, customer, seller_account, agent, vendor, client_for
):
    from tests.factories import transferred_ticket

    ticket = transferred_ticket(
        agent=agent, vendor=vendor, customer=customer, seller_account_id=seller_account.pk
    )
    before = Ticket.objects.filter(pk=ticket.pk).values().get()
    events = TicketEvent.objects.count()

    response = client_for(request.getfixturevalue(who)).patch(
        f"/api/v1/tickets/{ticket.pk}/", change, format="json"
    )

    assert response.status_code == 403
    assert next(iter(change)) in response.json()["message"]
    assert Ticket.objects.filter(pk=ticket.pk).values().get() == before
    assert TicketEvent.objects.count() == events


@pytest.mark.parametrize(
    "change",
    [{"customer": 1}, {"case_number": "HD-1999-000001"}, {"resolved_at": None}],
)
def test_patch_of_read_only_fields_by_an_agent_is_400(change, agent, ticket, client_for):
    before = Ticket.objects.filter(pk=ticket.pk).values().get()

    response = client_for(agent).patch(
        f"/api/v1/tickets/{ticket.pk}/", {"priority": Priority.HIGH, **change}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(change)
    assert Ticket.objects.filter(pk=ticket.pk).values().get() == before


def test_metadata_that_no_database_can_store_is_400(customer, client_for):
    client = client_for(customer)
    for metadata in ({"k": "nul\x00"}, {"big": 2**70}, {"x": "a" * 20000}):
        response = client.post(
            "/api/v1/tickets/",
            {"subject": "Meta", "description": "x", "metadata": metadata},
            format="json",
        )
        assert response.status_code == 400
        assert "metadata" in response.json()["errors"]
    assert not Ticket.objects.exists()


def test_json_nested_too_deeply_is_400_not_500(customer, client_for):
    depth = 100_000
    body = '{"subject": "x", "metadata": ' + "[" * depth + "]" * depth + "}"

    response = client_for(customer).post("/api/v1/tickets/", body, content_type="application/json")

    assert response.status_code == 400
    assert "nested too deeply" in response.json()["message"]
    assert not Ticket.objects.exists()


def test_malformed_json_is_400(customer, client_for):
    response = client_for(customer).post(
        "/api/v1/tickets/", '{"subject": ', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["message"].startswith("JSON parse error")
