"""Migration 0014 merges the near-duplicate categories: run from the state before it, with
tickets and a macro on a twin, through Django's migration executor."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("tickets", "0013_category_channel"),
    ("agenttools", "0001_initial"),
    ("sla", "0001_initial"),
]
MERGE = [("tickets", "0014_merge_near_duplicate_categories")]

# The database is migrated back and forth: it is rebuilt from its serialized start after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before():
    """The models as of migration 0010, with the twins as 0002 shipped them (active)."""
    apps = _migrate(BEFORE)
    apps.get_model("tickets", "Category").objects.filter(
        code__in=["ACCOUNT_DETAILS_CHANGE", "KEY_ACCOUNT", "MAPPING_BUNDLE_FULFILMENT_PLAN"]
    ).update(is_active=True, is_deleted=False)
    yield apps
    # Back to the newest state of every app, whatever later migrations exist.
    call_command("migrate", verbosity=0)


def _node(Category, code, parent):
    return Category.objects.get(code=code, parent__code=parent)


def test_tickets_and_macros_move_to_the_survivor_and_the_twin_is_deleted(before):
    Category = before.get_model("tickets", "Category")
    Ticket = before.get_model("tickets", "Ticket")
    User = before.get_model("tickets", "User")
    Macro = before.get_model("agenttools", "Macro")
    twin = _node(Category, "ACCOUNT_DETAILS_CHANGE", "MISCELLANEOUS_OTHER")
    survivor = _node(Category, "ACCOUNT_DETAILS_CHANGES", "SERVICE")
    customer = User.objects.create(username="nora")
    moved = [
        Ticket.objects.create(subject=f"Address {n}", customer=customer, category=twin).pk
        for n in range(2)
    ]
    stays = Ticket.objects.create(subject="Own", customer=customer, category=survivor).pk
    macro = Macro.objects.create(name="Address", owner=customer, set_category=twin)

    after = _migrate(MERGE)

    Category = after.get_model("tickets", "Category")
    Ticket = after.get_model("tickets", "Ticket")
    TicketEvent = after.get_model("tickets", "TicketEvent")
    survivor = _node(Category, "ACCOUNT_DETAILS_CHANGES", "SERVICE")
    twin = _node(Category, "ACCOUNT_DETAILS_CHANGE", "MISCELLANEOUS_OTHER")
    assert set(Ticket.objects.filter(category=survivor).values_list("pk", flat=True)) == {
        *moved,
        stays,
    }
    assert (twin.is_active, twin.is_deleted) == (False, True)
    assert (survivor.is_active, survivor.is_deleted) == (True, False)
    events = TicketEvent.objects.filter(kind="category_changed", actor=None)
    assert sorted(events.values_list("ticket_id", "from_value", "to_value")) == [
        (pk, "ACCOUNT_DETAILS_CHANGE", "ACCOUNT_DETAILS_CHANGES") for pk in sorted(moved)
    ]
    assert after.get_model("agenttools", "Macro").objects.get(pk=macro.pk).set_category_id == (
        survivor.pk
    )


def test_only_the_near_duplicates_merge_and_the_contract_codes_survive(before):
    Category = before.get_model("tickets", "Category")
    live_before = set(Category.objects.filter(is_deleted=False).values_list("pk", flat=True))

    after = _migrate(MERGE)

    Category = after.get_model("tickets", "Category")
    deleted = Category.objects.filter(pk__in=live_before, is_deleted=True)
    assert sorted(deleted.values_list("parent__code", "code")) == [
        ("MISCELLANEOUS_OTHER", "ACCOUNT_DETAILS_CHANGE"),
        ("MISCELLANEOUS_OTHER", "KEY_ACCOUNT"),
        ("MISCELLANEOUS_OTHER", "MAPPING_BUNDLE_FULFILMENT_PLAN"),
    ]
    live = set(Category.objects.filter(is_deleted=False).values_list("code", flat=True))
    assert {"ACCOUNT_DETAILS_CHANGES", "KEY_ACCOUNTS", "MAPPING_BUNDLES_FULFILMENT_PLANS"} <= live
    # The storefront's Account is no twin of anything in the 3PL tree.
    assert "ACCOUNT" in live


def test_an_admin_made_twin_merges_into_the_shipped_category(before):
    Category = before.get_model("tickets", "Category")
    inbound = _node(Category, "INBOUND", "FULFILMENT")
    twin = Category.objects.create(
        parent=inbound.parent, name="Inbounds", code="INBOUNDS", depth=2, sort_order=-1
    )

    after = _migrate(MERGE)

    Category = after.get_model("tickets", "Category")
    assert Category.objects.get(pk=twin.pk).is_deleted
    assert not Category.objects.get(pk=inbound.pk).is_deleted
