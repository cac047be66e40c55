"""Which channel each shipped top-level category heads: the storefront's six (`002`) and
the 3PL provider's topics (`000`), as migration 0002 created them."""

from django.db import migrations, models

STOREFRONT_CODES = ("ORDER", "PRODUCT", "ACCOUNT", "TECHNICAL", "PAYMENT", "GENERAL")
FULFILMENT_CODES = (
    "ONBOARDING",
    "FULFILMENT",
    "SERVICE",
    "ACCOUNTING",
    "TECH_IT",
    "MISCELLANEOUS_OTHER",
    "REPORTS",
)


def fill(apps, schema_editor):
    Category = apps.get_model("tickets", "Category")
    roots = Category.objects.filter(parent__isnull=True, channel="")
    roots.filter(code__in=STOREFRONT_CODES).update(channel="storefront")
    roots.filter(code__in=FULFILMENT_CODES).update(channel="fulfilment")


class Migration(migrations.Migration):
    dependencies = [("tickets", "0012_waiting_since_index")]

    operations = [
        migrations.AddField(
            model_name="category",
            name="channel",
            field=models.CharField(
                blank=True,
                choices=[("storefront", "Storefront"), ("fulfilment", "Fulfilment (3PL)")],
                help_text="Top-level categories: whose tickets they file. Pickers group by it.",
                max_length=16,
            ),
        ),
        # Going back drops the column, so nothing to undo.
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
