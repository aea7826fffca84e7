"""Indexes for Wagtail's PostgreSQL search backend as it queries:

- `(title || body) @@ query`: Wagtail indexes the two vectors one by one,
  which that expression cannot use, so every search scanned every entry of
  a model (200 ms over 100,000 events; 0.2 ms with this index);
- `indexentry.object_id = record.id::varchar`: the join from an entry to its
  record, which the primary key cannot serve; without it every search scans
  the whole record table. Only the tables that grow large get one.

SQLite searches through FTS5 and needs neither."""

from django.db import migrations

INDEXES = {
    "records_search_title_body_gin": (
        "wagtailsearch_indexentry USING gin ((title || body))"
    ),
    **{
        f"{table}_search_key": f"{table} (((id)::varchar(50)))"
        for table in (
            "defenders_defender",
            "events_event",
            "events_charge",
            "events_sentence",
            "records_source",
        )
    },
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, target in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_roles_and_review_workflow"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
