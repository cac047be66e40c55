"""Merge the near-duplicate categories: "Account details changes" and "Account details
change", and the like.

Two leaves of one channel whose names differ only in case, punctuation, "&"/"and",
"fulfil"/"fulfill" or a plural "s" are one category. The shipped 3PL tree (migration
0002, from `000`'s enum) has three such pairs, each split across two topics: Service's
"Account details changes", "Mapping bundles fulfilment plans" and "Key accounts", and
Miscellaneous & other's singular twins. The pairs are found by that rule, so duplicates
an admin made are merged too; names within one channel only (the storefront's "Account"
is not the 3PL's).

The survivor is a shipped code if either is one, else the first in tree order (Service
comes before Miscellaneous & other). Tickets, macros and SLA policies move to it; each
moved ticket gets a category-changed event by no one (the system) from the merged code to
the survivor's; the merged node is deactivated and soft-deleted, so no list shows it and
nothing can be filed under it. `000` still lists both codes: the 3PL dialect reads the
merged code as the survivor's (inquiries/customer_inquiries/mapping.py).

Going back leaves the merge in place: moved tickets are told apart from the survivor's
own only by their events, and support may have worked them as one category since.
"""

import re

from django.db import migrations

# Every code migration 0002 ships (the storefront's six, the 3PL topics and categories).
SHIPPED_CODES = frozenset(
    {
        "ORDER",
        "PRODUCT",
        "ACCOUNT",
        "TECHNICAL",
        "PAYMENT",
        "GENERAL",
        "ONBOARDING",
        "ONBOARDING_SELF_SIGNUP",
        "OTHER_ONBOARDING_ISSUES",
        "FULFILMENT",
        "INBOUND",
        "PICKING_AND_PACKING",
        "SHIPMENT_AND_OUTBOUND",
        "ARTICLES_ITEMS_IN_ORDER",
        "DAMAGES",
        "RETURNS",
        "STOCK_DISCREPANCIES",
        "CARRIER_PICKUPS",
        "TRACKING_NUMBERS",
        "MISCELLANEOUS_OTHER_FULFILLMENT",
        "CARRIERS",
        "INVESTIGATIONS",
        "SERVICE",
        "ACCOUNT_DETAILS_CHANGES",
        "MAPPING_BUNDLES_FULFILMENT_PLANS",
        "MISCELLANEOUS_OTHER_SERVICE",
        "KEY_ACCOUNTS",
        "NEW_SHOP",
        "ACCOUNTING",
        "INVOICE_ENQUIRIES",
        "REFUNDS_CREDIT_NOTES",
        "SERVICE_REPORT_ENQUIRIES",
        "SURCHARGES",
        "INSURANCE_CUSTOMS",
        "DUNNING",
        "CARRIER_RELATED_CHARGES",
        "CUSTOMS",
        "ONBOARDING_FEE",
        "DOUBLE_CHARGES_TRANSFERS",
        "PAYMENT_METHODS",
        "SEPA",
        "PAYMENT_CONFIRMATIONS",
        "SPECIAL_REQUESTS",
        "MISCELLANEOUS_OTHER_ACCOUNTING",
        "TECH_IT",
        "SYSTEM_ERRORS",
        "SHOP_INTEGRATION",
        "ADDING_USERS",
        "CHANGES_IN_CONNECTOR_ACCOUNT",
        "API_KEY_ROTATION",
        "MISCELLANEOUS_OTHER_TECH_IT",
        "MISCELLANEOUS_OTHER",
        "SALES_ENQUIRY",
        "TRANSPORT_ENQUIRY",
        "ACCOUNT_DETAILS_CHANGE",
        "MAPPING_BUNDLE_FULFILMENT_PLAN",
        "CONTACTED_SALES_INSTEAD_OF_SERVICE",
        "KEY_ACCOUNT",
        "REPORTS",
        "ARTICLE_WEIGHT_REPORT",
        "CARTONAGE_REPORT",
        "RETURNS_REPORT",
        "BUNDLE_REPORT",
    }
)


def _word(word: str) -> str:
    word = word.replace("fulfill", "fulfil")
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def normalized(name: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).split()
    return " ".join(_word(word) for word in words)


def _root(node, by_id):
    while node.parent_id is not None:
        node = by_id[node.parent_id]
    return node


def _tree_key(node, by_id) -> tuple:
    """Sort key of a node in tree order: its ancestors' places, then its own."""
    path = []
    while node is not None:
        path.append((node.sort_order, node.name, node.pk))
        node = by_id.get(node.parent_id)
    return tuple(reversed(path))


def near_duplicates(Category) -> list[tuple[object, list[object]]]:
    """(survivor, [merged, …]) for each set of near-duplicate leaves of one channel."""
    nodes = list(Category.objects.filter(is_deleted=False))
    by_id = {node.pk: node for node in nodes}
    parents = {node.parent_id for node in nodes}
    groups: dict[tuple, list] = {}
    for node in nodes:
        if node.pk in parents:
            continue
        key = (_root(node, by_id).channel, node.depth, normalized(node.name))
        groups.setdefault(key, []).append(node)
    merges = []
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda node: (node.code not in SHIPPED_CODES, _tree_key(node, by_id)))
        merges.append((group[0], group[1:]))
    return merges


def merge(apps, schema_editor):
    Category = apps.get_model("tickets", "Category")
    Ticket = apps.get_model("tickets", "Ticket")
    TicketEvent = apps.get_model("tickets", "TicketEvent")
    Macro = apps.get_model("agenttools", "Macro")
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    for survivor, merged in near_duplicates(Category):
        for node in merged:
            moved = list(Ticket.objects.filter(category=node).values_list("pk", flat=True))
            TicketEvent.objects.bulk_create(
                TicketEvent(
                    ticket_id=ticket_id,
                    actor=None,
                    kind="category_changed",
                    from_value=node.code,
                    to_value=survivor.code,
                )
                for ticket_id in moved
            )
            # A queryset update: the tickets' own updated_at stays as their people left it.
            Ticket.objects.filter(pk__in=moved).update(category=survivor)
            Macro.objects.filter(set_category=node).update(set_category=survivor)
            SlaPolicy.objects.filter(category=node).update(category=survivor)
            Category.objects.filter(pk=node.pk).update(is_active=False, is_deleted=True)


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0013_category_channel"),
        ("agenttools", "0001_initial"),
        ("sla", "0001_initial"),
    ]

    operations = [migrations.RunPython(merge, migrations.RunPython.noop)]
