"""A GIN index on the expression Wagtail's PostgreSQL search matches (`title || body` of the
index entries): without it every search scans all the entries (measured with bench/search.py).
Nothing to do on SQLite, whose full-text table has its own index.
"""

from django.db import migrations

NAME = "coop_indexentry_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON wagtailsearch_indexentry USING GIN ((title || body))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("coopsite", "0004_search_configurations"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
