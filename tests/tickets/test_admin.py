import pytest

from tests.factories import CategoryFactory, TicketFactory, UserFactory
from tickets.models import Category


@pytest.fixture
def admin_client(client, db):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    return client


def test_category_tree_is_listed_with_paths(admin_client):
    response = admin_client.get("/admin/tickets/category/")
    assert response.status_code == 200
    assert "Fulfilment / Inbound" in response.content.decode()


def test_admin_creates_a_child_category_and_is_recorded(admin_client):
    parent = Category.objects.get(parent=None, code="FULFILMENT")
    response = admin_client.post(
        "/admin/tickets/category/add/",
        {
            "parent": parent.pk,
            "name": "Cold chain",
            "code": "COLD_CHAIN",
            "sort_order": 3,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    created = Category.objects.get(code="COLD_CHAIN")
    assert (created.depth, created.created_by.is_superuser) == (2, True)


def test_a_fourth_level_cannot_be_chosen_as_parent(admin_client):
    root = CategoryFactory()
    child = CategoryFactory(parent=root)
    grandchild = CategoryFactory(parent=child)
    response = admin_client.post(
        "/admin/tickets/category/add/",
        {"parent": grandchild.pk, "name": "Too deep", "code": "DEEP", "sort_order": 0},
    )
    assert response.status_code == 200
    assert not Category.objects.filter(code="DEEP").exists()


def test_soft_delete_action_and_no_hard_delete_of_used_category(admin_client):
    category = CategoryFactory()
    TicketFactory(category=category)
    response = admin_client.post(
        "/admin/tickets/category/",
        {"action": "soft_delete", "_selected_action": [category.pk]},
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.is_deleted, category.is_active) == (True, False)
    assert admin_client.get(f"/admin/tickets/category/{category.pk}/delete/").status_code == 403


def test_ticket_admin_is_read_only_with_thread(admin_client):
    ticket = TicketFactory()
    response = admin_client.get(f"/admin/tickets/ticket/{ticket.pk}/change/")
    assert response.status_code == 200
    assert ticket.description in response.content.decode()
    assert admin_client.post(f"/admin/tickets/ticket/{ticket.pk}/change/", {}).status_code == 403
