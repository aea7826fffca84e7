"""Write a record the way an editor would: cleaned, with a revision, published.

`upsert` is idempotent: a record whose fields, many-to-many links and inline
rows already hold the wanted values is left alone (no save, no revision), so
loading the demo twice changes nothing. It publishes no working note: every
text it writes but the private notes is checked (`wording.check_public`).
"""

import enum
from collections import Counter

from django.db import models

from records.demo.translations import translated, translated_texts
from records.demo.wording import check_public

PRIVATE = "private_notes"


class Tally:
    """What a load created, updated or left unchanged, per model."""

    def __init__(self):
        self.counts = Counter()

    def add(self, model, outcome):
        self.counts[(model.__name__, outcome)] += 1

    def total(self, outcome):
        return sum(n for (_, kind), n in self.counts.items() if kind == outcome)

    def summary(self):
        per_model = Counter()
        for (name, _), n in self.counts.items():
            per_model[name] += n
        models_ = ", ".join(f"{name} {n}" for name, n in sorted(per_model.items()))
        return (
            f"{self.total('created')} created, {self.total('updated')} updated, "
            f"{self.total('unchanged')} unchanged ({models_})"
        )


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    return value.value if isinstance(value, enum.Enum) else value


def _row(instance, keys):
    values = {}
    for key in keys:
        field = instance._meta.get_field(key)
        values[key] = getattr(instance, field.attname)
    return tuple(sorted(values.items(), key=lambda item: item[0]))


def _wanted_row(row):
    return tuple(sorted(((k, _plain(v)) for k, v in row.items()), key=lambda i: i[0]))


def _unchanged(obj, fields, m2m, children):
    for name, value in fields.items():
        field = obj._meta.get_field(name)
        if getattr(obj, field.attname) != _plain(value):
            return False
    for name, items in m2m.items():
        current = set(getattr(obj, name).values_list("pk", flat=True))
        if current != {item.pk for item in items}:
            return False
    for name, rows in children.items():
        keys = set().union(*(row.keys() for row in rows)) if rows else set()
        current = sorted(repr(_row(child, keys)) for child in getattr(obj, name).all())
        if current != sorted(repr(_wanted_row(row)) for row in rows):
            return False
    return True


def check_public_fields(model, fields, children):
    """Refuse a working note in any text but the private notes."""
    rows = [(model.__name__, fields)] + [
        (f"{model.__name__}.{name}", row)
        for name, items in children.items()
        for row in items
    ]
    for where, row in rows:
        for name, value in row.items():
            if name != PRIVATE and isinstance(value, str):
                check_public(value, f"{where}.{name}")


def upsert(tally, model, existing, fields, m2m=None, children=None):
    """Create or update one record, then save a revision and publish it.

    `existing` is the record found by its key (slug, URL…) or None; `fields`
    includes the key. `m2m` maps a ParentalManyToManyField to the wanted
    objects; `children` maps an inline relation to a list of field dicts.
    """
    m2m, children = m2m or {}, children or {}
    # The texts in Belarusian and Russian, in the same revision.
    fields = {**fields, **translated_texts(model, fields)}
    if "slug" in fields:
        fields = {**fields, **translated(model._meta.model_name, fields["slug"])}
    children = {
        name: [
            {**row, **translated_texts(model._meta.get_field(name).related_model, row)}
            for row in rows
        ]
        for name, rows in children.items()
    }
    check_public_fields(model, fields, children)
    if (
        existing is not None
        and existing.live
        and existing.live_revision_id
        and not existing.has_unpublished_changes
        and _unchanged(existing, fields, m2m, children)
    ):
        tally.add(model, "unchanged")
        return existing

    obj = existing or model()
    for name, value in fields.items():
        setattr(obj, name, value)
    for name, items in m2m.items():
        getattr(obj, name).set(items)
    for name, rows in children.items():
        relation = obj._meta.get_field(name)
        instances = [relation.related_model(**row) for row in rows]
        setattr(obj, name, instances)
        for child in instances:
            child.full_clean(exclude=[relation.field.name])
    obj.full_clean()
    obj.save()
    revision = obj.save_revision(log_action="wagtail.create" if not existing else True)
    revision.publish()
    tally.add(model, "updated" if existing else "created")
    return model.objects.get(pk=obj.pk)
