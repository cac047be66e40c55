"""Whose move it is (waiting_on, waiting_since) and the assignee's unread markers.

Existing tickets get their waiting-on from the status and the transfer, as
tickets.workflow.waiting_on decides, in one UPDATE before the indexes are built; the
waiting began at the transfer for a vendor, at the resolution for a resolved ticket,
else at the last activity. Unread markers start empty: nothing recorded what an
assignee had seen before.
"""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce

FINISHED = ("resolved", "cancelled")
VENDOR_PENDING = ("answer_requested", "confirm_requested")


def backfill_waiting(apps, schema_editor):
    Ticket = apps.get_model("tickets", "Ticket")
    Ticket.objects.update(
        waiting_on=Case(
            When(status__in=FINISHED, then=Value("nobody")),
            When(transfer_status__in=VENDOR_PENDING, then=Value("vendor")),
            When(status="waiting_on_customer", then=Value("customer")),
            default=Value("support"),
        ),
        waiting_since=Case(
            When(status="resolved", then=Coalesce("resolved_at", "last_activity_at")),
            When(status="cancelled", then=F("last_activity_at")),
            When(
                transfer_status__in=VENDOR_PENDING,
                then=Coalesce("transferred_at", "last_activity_at"),
            ),
            default=F("last_activity_at"),
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0001_initial"),
        ("tickets", "0009_merge_and_agent_tools"),
    ]

    operations = [
        migrations.AddField(
            model_name="ticket",
            name="has_unread_customer_reply",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="ticket",
            name="has_unread_vendor_answer",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="ticket",
            name="waiting_on",
            field=models.CharField(
                choices=[
                    ("support", "Support"),
                    ("customer", "Customer"),
                    ("vendor", "Vendor"),
                    ("nobody", "Nobody (finished)"),
                ],
                default="support",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="ticket",
            name="waiting_since",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RunPython(backfill_waiting, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                fields=["waiting_on", "waiting_since", "id"], name="ticket_waiting_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=models.Q(("status__in", ("open", "in_progress", "waiting_on_customer"))),
                fields=["-created_at", "-id"],
                name="ticket_unfinished_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=models.Q(("status__in", ("open", "in_progress", "waiting_on_customer"))),
                fields=["waiting_since", "id"],
                name="ticket_unfinished_wait_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=models.Q(
                    ("has_unread_customer_reply", True),
                    ("has_unread_vendor_answer", True),
                    _connector="OR",
                ),
                fields=["-last_activity_at", "-id"],
                name="ticket_unread_idx",
            ),
        ),
    ]
