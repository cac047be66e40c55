"""What the native ticket endpoints do for callers allowed to use them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    AgentFactory,
    CategoryFactory,
    CustomerFactory,
    SellerAccountFactory,
    TicketFactory,
    VendorFactory,
    transferred_ticket,
    upload,
)
from tickets.models import EventKind, MessageKind, Priority, Status, Ticket, TicketEvent
from tickets.services.messages import message_post
from tickets.services.tickets import ticket_assign, ticket_change_priority, ticket_resolve


def ids(response):
    assert response.status_code == 200, response.content[:300]
    return [row["id"] for row in response.json()["results"]]


def test_me_tells_role_seller_accounts_and_vendor_code(
    customer, seller_account, agent, vendor_user, client_for
):
    me = client_for(customer).get("/api/v1/me").json()
    assert me == {
        "id": customer.pk,
        "username": customer.username,
        "role": "customer",
        "seller_accounts": [seller_account.pk],
        "vendor_code": None,
    }
    assert client_for(agent).get("/api/v1/me/").json()["role"] == "agent"
    vendor_me = client_for(vendor_user).get("/api/v1/me").json()
    assert (vendor_me["role"], vendor_me["vendor_code"]) == ("vendor", vendor_user.vendor.code)


def test_customer_creates_a_ticket_with_first_message_and_attachment(customer, client_for):
    category = CategoryFactory()
    photo = upload(customer, "dent.png")

    response = client_for(customer).post(
        "/api/v1/tickets/",
        {
            "subject": "Dented box",
            "description": "It arrived dented.",
            "body": "Photo attached.",
            "category": category.pk,
            "order_id": "19000001",
            "warehouse_id": 12,
            "metadata": {"channel": "app"},
            "attachments": [str(photo.uuid)],
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    ticket = Ticket.objects.get(pk=body["id"])
    assert body["case_number"] == ticket.case_number
    assert body["status"] == Status.OPEN
    assert body["customer"]["id"] == customer.pk
    assert body["category"]["code"] == category.code
    assert (ticket.order_id, ticket.warehouse_id, ticket.metadata) == (
        "19000001",
        12,
        {"channel": "app"},
    )
    [first] = body["messages"]
    assert first["body"] == "Photo attached."
    assert first["author_role"] == "customer"
    assert [a["uuid"] for a in first["attachments"]] == [str(photo.uuid)]
    assert body["message_count"] == 1
    assert body["events"] == []


def test_agent_files_for_a_customer_with_priority(agent, customer, client_for):
    response = client_for(agent).post(
        "/api/v1/tickets/",
        {
            "subject": "Called in",
            "description": "Phone call",
            "customer": customer.pk,
            "priority": Priority.HIGH,
        },
        format="json",
    )

    assert response.status_code == 201
    ticket = Ticket.objects.get(pk=response.json()["id"])
    assert (ticket.customer, ticket.priority) == (customer, Priority.HIGH)
    assert [e["kind"] for e in response.json()["events"]] == [EventKind.CREATED]


def test_create_with_an_unknown_or_inactive_category_names_the_field(customer, client_for):
    inactive = CategoryFactory(is_active=False)
    client = client_for(customer)
    for category in (inactive.pk, 987654):
        response = client.post(
            "/api/v1/tickets/",
            {"subject": "x", "description": "y", "category": category},
            format="json",
        )
        assert response.status_code == 400
        assert "category" in response.json()["errors"]
    assert not Ticket.objects.exists()


def test_follow_up_must_be_a_ticket_the_caller_sees(customer, other_customer, client_for):
    mine = TicketFactory(customer=customer)
    theirs = TicketFactory(customer=other_customer)
    client = client_for(customer)

    ok = client.post(
        "/api/v1/tickets/",
        {"subject": "Again", "description": "x", "parent": mine.pk},
        format="json",
    )
    refused = client.post(
        "/api/v1/tickets/",
        {"subject": "Again", "description": "x", "parent": theirs.pk},
        format="json",
    )

    assert ok.status_code == 201
    assert ok.json()["parent"] == mine.pk
    assert refused.status_code == 400
    assert "parent" in refused.json()["errors"]


def test_ticket_filters(agent, client_for):
    top = CategoryFactory()
    child = CategoryFactory(parent=top)
    account = SellerAccountFactory()
    alice = CustomerFactory()
    alice.seller_accounts.add(account)
    vendor = VendorFactory()
    a = TicketFactory(customer=alice, category=child, warehouse_id=7, order_id="O-1")
    b = TicketFactory(customer=alice, seller_account_id=account.pk)
    c = transferred_ticket(agent=agent, vendor=vendor)
    ticket_assign(ticket=b, actor=agent, assignee=agent)
    ticket_change_priority(ticket=c, actor=agent, priority=Priority.URGENT)
    ticket_resolve(ticket=a, actor=agent)
    client = client_for(agent)

    def get(**params):
        return sorted(ids(client.get("/api/v1/tickets/", params)))

    assert get(status=Status.RESOLVED) == [a.pk]
    assert get(status=[Status.OPEN, Status.IN_PROGRESS]) == sorted([b.pk, c.pk])
    assert get(category=top.pk) == [a.pk]
    assert get(category=child.pk) == [a.pk]
    assert get(priority=Priority.URGENT) == [c.pk]
    assert get(assignee=agent.pk) == [b.pk]
    assert get(unassigned="true") == sorted([a.pk, c.pk])
    assert get(customer=alice.pk) == sorted([a.pk, b.pk])
    assert get(seller_account=account.pk) == [b.pk]
    assert get(vendor_code=vendor.code.lower()) == [c.pk]
    assert get(order_id="O-1") == [a.pk]
    assert get(warehouse=7) == [a.pk]
    now = timezone.now()
    assert get(created_after=(now - timedelta(hours=1)).isoformat()) == sorted([a.pk, b.pk, c.pk])
    assert get(created_before=(now - timedelta(hours=1)).isoformat()) == []
    assert get(updated_after=(now + timedelta(hours=1)).isoformat()) == []
    assert get(updated_before=(now + timedelta(hours=1)).isoformat()) == sorted([a.pk, b.pk, c.pk])


def test_keyword_search_covers_subject_description_and_visible_messages(
    customer, agent, client_for
):
    by_subject = TicketFactory(customer=customer, subject="Blue kettle")
    by_description = TicketFactory(customer=customer, description="the kettle leaks")
    by_message = TicketFactory(customer=customer)
    message_post(ticket=by_message, actor=agent, body="Is it the kettle lid?")
    by_note = TicketFactory(customer=customer)
    message_post(ticket=by_note, actor=agent, body="kettle supplier issue", is_internal=True)
    TicketFactory(customer=customer, subject="Toaster")

    customer_hits = sorted(ids(client_for(customer).get("/api/v1/tickets/", {"q": "KETTLE"})))
    agent_hits = sorted(ids(client_for(agent).get("/api/v1/tickets/", {"q": "kettle"})))

    assert customer_hits == sorted([by_subject.pk, by_description.pk, by_message.pk])
    assert agent_hits == sorted([by_subject.pk, by_description.pk, by_message.pk, by_note.pk])


def test_ordering_and_pagination_cap(agent, client_for):
    tickets = [TicketFactory() for _ in range(5)]
    ticket_change_priority(ticket=tickets[2], actor=agent, priority=Priority.URGENT)
    ticket_change_priority(ticket=tickets[4], actor=agent, priority=Priority.LOW)
    client = client_for(agent)

    newest_first = ids(client.get("/api/v1/tickets/"))
    oldest_first = ids(client.get("/api/v1/tickets/", {"ordering": "created_at"}))
    by_priority = ids(client.get("/api/v1/tickets/", {"ordering": "-priority,created_at"}))
    page = client.get("/api/v1/tickets/", {"page_size": 2, "page": 2}).json()
    capped = client.get("/api/v1/tickets/", {"page_size": 100000})

    assert newest_first == [t.pk for t in reversed(tickets)]
    assert oldest_first == [t.pk for t in tickets]
    assert by_priority[0] == tickets[2].pk
    assert by_priority[-1] == tickets[4].pk
    assert page["count"] == 5
    assert [row["id"] for row in page["results"]] == newest_first[2:4]
    assert page["next"]
    assert page["previous"]
    assert capped.status_code == 200
    assert len(capped.json()["results"]) == 5


def test_page_size_is_capped_at_one_hundred(agent, client_for):
    for _ in range(101):
        TicketFactory(customer=agent)

    response = client_for(agent).get("/api/v1/tickets/", {"page_size": 500})

    assert len(response.json()["results"]) == 100
    assert response.json()["count"] == 101


def test_agent_patch_changes_fields_and_logs_each(agent, ticket, client_for):
    category = CategoryFactory()
    other_agent = AgentFactory()

    response = client_for(agent).patch(
        f"/api/v1/tickets/{ticket.pk}/",
        {
            "status": Status.IN_PROGRESS,
            "priority": Priority.HIGH,
            "category": category.pk,
            "assignee": other_agent.pk,
        },
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["priority"]) == (Status.IN_PROGRESS, Priority.HIGH)
    assert body["category"]["id"] == category.pk
    assert body["assignee"]["id"] == other_agent.pk
    kinds = set(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))
    assert {
        EventKind.STATUS_CHANGED,
        EventKind.PRIORITY_CHANGED,
        EventKind.CATEGORY_CHANGED,
        EventKind.ASSIGNED,
    } <= kinds


def test_patch_assigning_a_customer_is_400_and_writes_nothing(agent, customer, ticket, client_for):
    response = client_for(agent).patch(
        f"/api/v1/tickets/{ticket.pk}/",
        {"priority": Priority.URGENT, "assignee": customer.pk},
        format="json",
    )

    assert response.status_code == 400
    assert "assignee" in response.json()["errors"]
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.assignee) == (Priority.NORMAL, None)


def test_replies_move_the_status_and_notes_do_not(customer, agent, ticket, client_for):
    url = f"/api/v1/tickets/{ticket.pk}/messages/"

    note = client_for(agent).post(url, {"body": "check", "internal": True}, format="json")
    ticket.refresh_from_db()
    status_after_note = ticket.status
    reply = client_for(agent).post(url, {"body": "Could you send a photo?"}, format="json")
    ticket.refresh_from_db()
    status_after_agent = ticket.status
    answer = client_for(customer).post(url, {"body": "Here."}, format="json")
    ticket.refresh_from_db()

    assert (note.status_code, reply.status_code, answer.status_code) == (201, 201, 201)
    assert note.json()["is_internal"] is True
    assert note.json()["kind"] == MessageKind.NOTE
    assert status_after_note == Status.OPEN
    assert status_after_agent == Status.WAITING_ON_CUSTOMER
    assert ticket.status == Status.OPEN
    assert ticket.first_response_at is not None


def test_empty_reply_is_400(customer, ticket, client_for):
    response = client_for(customer).post(
        f"/api/v1/tickets/{ticket.pk}/messages/", {"body": "   "}, format="json"
    )

    assert response.status_code == 400
    assert "body" in response.json()["errors"]
    assert ticket.messages.count() == 1


def test_actions_resolve_reopen_cancel(customer, agent, ticket, client_for):
    client = client_for(customer)
    resolved = client.post(f"/api/v1/tickets/{ticket.pk}/resolve/")
    reopened = client.post(f"/api/v1/tickets/{ticket.pk}/reopen/")
    reopened_again = client.post(f"/api/v1/tickets/{ticket.pk}/reopen/")
    cancelled = client_for(agent).post(f"/api/v1/tickets/{ticket.pk}/cancel/")

    assert resolved.status_code == 200
    assert resolved.json()["status"] == Status.RESOLVED
    assert resolved.json()["resolved_by"]["id"] == customer.pk
    assert resolved.json()["resolved_by_role"] == "customer"
    assert reopened.json()["status"] == Status.OPEN
    assert reopened.json()["resolved_at"] is None
    assert reopened_again.status_code == 409
    assert cancelled.json()["status"] == Status.CANCELLED


def test_assign_and_transfer(agent, ticket, client_for):
    vendor = VendorFactory()
    client = client_for(agent)

    assigned = client.post(
        f"/api/v1/tickets/{ticket.pk}/assign/", {"assignee": agent.pk}, format="json"
    )
    unknown_vendor = client.post(
        f"/api/v1/tickets/{ticket.pk}/transfer/",
        {"vendor_code": "A99999999", "note": "x"},
        format="json",
    )
    transferred = client.post(
        f"/api/v1/tickets/{ticket.pk}/transfer/",
        {"vendor_code": vendor.code, "note": "Please check stock."},
        format="json",
    )
    unassigned = client.post(
        f"/api/v1/tickets/{ticket.pk}/assign/", {"assignee": None}, format="json"
    )

    assert assigned.json()["assignee"]["id"] == agent.pk
    assert unknown_vendor.status_code == 400
    assert "vendor_code" in unknown_vendor.json()["errors"]
    assert transferred.status_code == 200
    assert transferred.json()["vendor_code"] == vendor.code
    assert transferred.json()["transfer_status"] == "answer_requested"
    assert transferred.json()["status"] == Status.IN_PROGRESS
    assert unassigned.json()["assignee"] is None


def test_vendor_answers_once(agent, vendor, vendor_user, customer, client_for):
    ticket = transferred_ticket(agent=agent, vendor=vendor, customer=customer)
    client = client_for(vendor_user)

    first = client.post(f"/api/v1/tickets/{ticket.pk}/answer/", {"body": "Sent."}, format="json")
    second = client.post(f"/api/v1/tickets/{ticket.pk}/answer/", {"body": "Again"}, format="json")
    seen_by_customer = client_for(customer).get(f"/api/v1/tickets/{ticket.pk}/").json()

    assert first.status_code == 200
    assert first.json()["transfer_status"] == "answered"
    assert second.status_code == 409
    assert ticket.messages.filter(kind=MessageKind.VENDOR_ANSWER).count() == 1
    assert all(m["kind"] != MessageKind.VENDOR_ANSWER for m in seen_by_customer["messages"])


def test_ratings(customer, agent, ticket, client_for):
    ticket_resolve(ticket=ticket, actor=agent)
    client = client_for(customer)
    url = f"/api/v1/tickets/{ticket.pk}/ratings/"

    out_of_range = client.post(url, {"score": 6}, format="json")
    first = client.post(url, {"score": 3}, format="json")
    second = client.post(url, {"score": "4.5", "comment": "Better now"}, format="json")
    listed = client.get(url).json()
    detail = client.get(f"/api/v1/tickets/{ticket.pk}/").json()

    assert out_of_range.status_code == 400
    assert "score" in out_of_range.json()["errors"]
    assert (first.status_code, second.status_code) == (201, 201)
    assert [r["score"] for r in listed] == [3, 4.5]
    assert detail["current_rating"] == 4.5
    assert [r["score"] for r in detail["ratings"]] == [3, 4.5]
    assert any(m["kind"] == MessageKind.RATING_COMMENT for m in detail["messages"])


def test_queue_holds_waiting_tickets_most_urgent_first(agent, client_for):
    normal = TicketFactory()
    urgent = TicketFactory()
    done = TicketFactory()
    ticket_change_priority(ticket=urgent, actor=agent, priority=Priority.URGENT)
    ticket_resolve(ticket=done, actor=agent)
    ticket_assign(ticket=normal, actor=agent, assignee=agent)
    client = client_for(agent)

    assert ids(client.get("/api/v1/queue/")) == [urgent.pk, normal.pk]
    assert ids(client.get("/api/v1/queue/", {"mine": "true"})) == [normal.pk]
    assert ids(client.get("/api/v1/queue/", {"mine": "false"})) == [urgent.pk]
    assert client.get("/api/v1/queue/", {"status": Status.RESOLVED}).status_code == 400


def test_categories_list_filters_and_tree(customer, agent, client_for):
    top = CategoryFactory(name="Delivery", code="DELIVERY")
    child = CategoryFactory(parent=top, name="Late", code="LATE")
    grandchild = CategoryFactory(parent=child, name="Very late", code="VERY_LATE")
    hidden = CategoryFactory(parent=top, name="Retired", code="RETIRED", is_active=False)
    CategoryFactory(parent=top, name="Gone", code="GONE", is_deleted=True)
    customer_client, agent_client = client_for(customer), client_for(agent)

    def codes(client, **params):
        response = client.get("/api/v1/categories/", {"page_size": 100, **params})
        assert response.status_code == 200
        return [row["code"] for row in response.json()["results"]]

    assert codes(customer_client, parent=top.pk) == ["LATE"]
    assert sorted(codes(agent_client, parent=top.pk)) == ["LATE", "RETIRED"]
    assert codes(agent_client, active="false", parent=top.pk) == ["RETIRED"]
    assert codes(customer_client, keyword="very late") == ["VERY_LATE"]
    assert "GONE" not in codes(agent_client)
    assert "DELIVERY" in codes(customer_client, root="true")
    assert "LATE" not in codes(customer_client, root="true")

    tree = customer_client.get("/api/v1/categories/tree/").json()
    [delivery] = [node for node in tree if node["code"] == "DELIVERY"]
    assert [n["code"] for n in delivery["children"]] == ["LATE"]
    assert delivery["children"][0]["children"][0]["id"] == grandchild.pk
    assert delivery["children"][0]["children"][0]["path"] == "Delivery / Late / Very late"
    assert hidden.pk not in {n["id"] for n in delivery["children"]}


@pytest.mark.parametrize("who", ["customer", "vendor_user"])
def test_detail_hides_events_from_non_agents(who, agent, vendor, customer, client_for, request):
    ticket = transferred_ticket(agent=agent, vendor=vendor, customer=customer)

    body = client_for(request.getfixturevalue(who)).get(f"/api/v1/tickets/{ticket.pk}/").json()
    agent_body = client_for(agent).get(f"/api/v1/tickets/{ticket.pk}/").json()

    assert body["events"] == []
    assert {e["kind"] for e in agent_body["events"]} >= {EventKind.CREATED, EventKind.TRANSFERRED}
