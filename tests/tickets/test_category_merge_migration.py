"""Migration 0014 merges the near-duplicate categories: run on the tree as migration 0002
shipped it, with tickets and a macro on a twin."""

import importlib

import pytest
from django.apps import apps

from tests.factories import CustomerFactory
from tickets.agenttools.models import Macro
from tickets.models import Category, Ticket, TicketEvent

# Data migrations are run as the browser tests' demo data runs them: the module's function
# with an app registry. The database is at the newest migration, so the twins the merge
# already deleted are first put back as migration 0002 shipped them.
MIGRATION = importlib.import_module("tickets.migrations.0014_merge_near_duplicate_categories")
TWINS = ("ACCOUNT_DETAILS_CHANGE", "KEY_ACCOUNT", "MAPPING_BUNDLE_FULFILMENT_PLAN")


@pytest.fixture
def before(db):
    Category.objects.filter(code__in=TWINS, parent__code="MISCELLANEOUS_OTHER").update(
        is_active=True, is_deleted=False
    )


def _merge():
    MIGRATION.merge(apps, None)


def _node(code, parent):
    return Category.objects.get(code=code, parent__code=parent)


def test_tickets_and_macros_move_to_the_survivor_and_the_twin_is_deleted(before, agent):
    twin = _node("ACCOUNT_DETAILS_CHANGE", "MISCELLANEOUS_OTHER")
    survivor = _node("ACCOUNT_DETAILS_CHANGES", "SERVICE")
    customer = CustomerFactory()
    # Rows as the twin's users left them (the services no longer file on a deleted node).
    moved = [
        Ticket.objects.create(subject=f"Address {n}", customer=customer, category=twin).pk
        for n in range(2)
    ]
    stays = Ticket.objects.create(subject="Own", customer=customer, category=survivor).pk
    macro = Macro.objects.create(name="Address", owner=agent, set_category=twin)

    _merge()

    twin.refresh_from_db()
    survivor.refresh_from_db()
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
    macro.refresh_from_db()
    assert macro.set_category == survivor


def test_only_the_near_duplicates_merge_and_the_contract_codes_survive(before):
    live_before = set(Category.objects.filter(is_deleted=False).values_list("pk", flat=True))

    _merge()

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
    inbound = _node("INBOUND", "FULFILMENT")
    twin = Category.objects.create(
        parent=inbound.parent, name="Inbounds", code="INBOUNDS", sort_order=-1
    )

    _merge()

    assert Category.objects.get(pk=twin.pk).is_deleted
    assert not Category.objects.get(pk=inbound.pk).is_deleted


def test_running_it_again_changes_nothing(before):
    _merge()
    live = list(Category.objects.filter(is_deleted=False).values_list("pk", flat=True))

    _merge()

    assert list(Category.objects.filter(is_deleted=False).values_list("pk", flat=True)) == live
