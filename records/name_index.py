"""Migrations' part of name search: fill `search_names` for the rows that
exist, and on PostgreSQL index it with pg_trgm, so that its LIKE and
word-similarity lookups (`RecordQuerySet.named_like`) read an index."""

from django.db import migrations

from records import names


def search_names(app_label, *model_names):
    """A migration operation: `search_names` of every existing row."""

    def fill(apps, schema_editor):
        for model_name in model_names:
            model = apps.get_model(app_label, model_name)
            fields = [f for f in ("name", "name_be", "name_ru", "other_names")
                      if hasattr(model, f)]  # fmt: skip
            rows = list(model._base_manager.only("pk", *fields))
            for row in rows:
                row.search_names = names.search_names(
                    *(getattr(row, field) for field in fields)
                )
            model._base_manager.bulk_update(rows, ["search_names"], batch_size=500)

    return migrations.RunPython(fill, migrations.RunPython.noop)


def trigram_index(table):
    """A migration operation: a GIN trigram index on `table.search_names`,
    on PostgreSQL (SQLite scans, which at tens of thousands of names is
    milliseconds)."""
    name = f"{table}_names_trgm"

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                "USING gin (search_names gin_trgm_ops)"
            )
            # No statistics: these strings are all unlike, and pg_trgm's
            # estimate of a `%>` runs word_similarity over every sampled
            # value, some 5 ms of planning for each typo condition.
            schema_editor.execute(
                f"ALTER TABLE {table} ALTER COLUMN search_names SET STATISTICS 0"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop)
