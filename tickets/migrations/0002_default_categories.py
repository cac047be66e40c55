"""The shipped category tree: the storefront's six categories (`002`) and the 3PL
provider's topics with their categories (`000`). Codes are stable: the APIs use them."""

from django.db import migrations

STOREFRONT = ["Order", "Product", "Account", "Technical", "Payment", "General"]

THREE_PL_TOPICS = {
    ("ONBOARDING", "Onboarding"): ["ONBOARDING_SELF_SIGNUP", "OTHER_ONBOARDING_ISSUES"],
    ("FULFILMENT", "Fulfilment"): [
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
    ],
    ("SERVICE", "Service"): [
        "ACCOUNT_DETAILS_CHANGES",
        "MAPPING_BUNDLES_FULFILMENT_PLANS",
        "MISCELLANEOUS_OTHER_SERVICE",
        "KEY_ACCOUNTS",
        "NEW_SHOP",
    ],
    ("ACCOUNTING", "Accounting"): [
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
    ],
    ("TECH_IT", "Tech & IT"): [
        "SYSTEM_ERRORS",
        "SHOP_INTEGRATION",
        "ADDING_USERS",
        "CHANGES_IN_CONNECTOR_ACCOUNT",
        "API_KEY_ROTATION",
        "MISCELLANEOUS_OTHER_TECH_IT",
    ],
    ("MISCELLANEOUS_OTHER", "Miscellaneous & other"): [
        "SALES_ENQUIRY",
        "TRANSPORT_ENQUIRY",
        "ACCOUNT_DETAILS_CHANGE",
        "MAPPING_BUNDLE_FULFILMENT_PLAN",
        "CONTACTED_SALES_INSTEAD_OF_SERVICE",
        "KEY_ACCOUNT",
        "MISCELLANEOUS_OTHER",
    ],
    ("REPORTS", "Reports"): [
        "ARTICLE_WEIGHT_REPORT",
        "CARTONAGE_REPORT",
        "RETURNS_REPORT",
        "BUNDLE_REPORT",
    ],
}


def humanize(code):
    return code.replace("_", " ").capitalize()


def load(apps, schema_editor):
    Category = apps.get_model("tickets", "Category")
    for order, name in enumerate(STOREFRONT):
        Category.objects.get_or_create(
            parent=None, code=name.upper(), defaults={"name": name, "sort_order": order, "depth": 1}
        )
    for order, ((code, name), children) in enumerate(
        THREE_PL_TOPICS.items(), start=len(STOREFRONT)
    ):
        topic, _ = Category.objects.get_or_create(
            parent=None, code=code, defaults={"name": name, "sort_order": order, "depth": 1}
        )
        for child_order, child in enumerate(children):
            Category.objects.get_or_create(
                parent=topic,
                code=child,
                defaults={"name": humanize(child), "sort_order": child_order, "depth": 2},
            )


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
