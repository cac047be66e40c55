from django.db import migrations

# Finding tickets by their customer starts from the user table: exact matches (iexact)
# and prefixes (istartswith, for suggestions) on username, email and names. Django
# compiles both to UPPER(col::text) = / LIKE UPPER(%s); text_pattern_ops serves the
# equality and the prefix LIKE whatever the database's collation.
LOOKUP_COLUMNS = ("username", "email", "first_name", "last_name")
POSTGRES_SETUP = [
    f"CREATE INDEX IF NOT EXISTS user_{column}_upper_idx ON tickets_user "
    f"(UPPER({column}::text) text_pattern_ops)"
    for column in LOOKUP_COLUMNS
]
POSTGRES_TEARDOWN = [f"DROP INDEX IF EXISTS user_{column}_upper_idx" for column in LOOKUP_COLUMNS]


def run_on_postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0010_waiting_on_and_unread"),
    ]

    operations = [
        migrations.RunPython(run_on_postgres(POSTGRES_SETUP), run_on_postgres(POSTGRES_TEARDOWN)),
    ]
