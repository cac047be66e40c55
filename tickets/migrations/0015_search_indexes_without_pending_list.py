"""The search indexes take each new row at once instead of through GIN's pending list.

With the default `fastupdate`, new entries wait in an unsorted list that every search
reads in full until a vacuum merges it, and autovacuum waits for a fifth of the table to
change. After 1,900 tickets were opened in a 100,000-ticket database, that list made a
one-word search run 11 ms in PostgreSQL instead of 0.5 ms. A helpdesk writes a ticket
far less often than it searches, so each insert now pays the small cost of updating the
index directly, and a search never pays for the inserts before it.
"""

from django.db import migrations

SEARCH_INDEXES = (
    "ticket_search_idx",
    "message_search_idx",
    "ticket_case_number_trgm_idx",
    "ticket_order_id_trgm_idx",
    "ticket_item_name_trgm_idx",
)


def set_fastupdate(enabled: bool):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        setting = "on" if enabled else "off"
        for index in SEARCH_INDEXES:
            schema_editor.execute(f"ALTER INDEX {index} SET (fastupdate = {setting})")
            if not enabled:
                # What is already pending moves into the index now, not at the next vacuum.
                schema_editor.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0014_merge_near_duplicate_categories"),
    ]

    operations = [
        migrations.RunPython(set_fastupdate(False), set_fastupdate(True)),
    ]
