"""Migration steps shared by the apps."""

from django.db import migrations
from django.db.models import F


def copy_to_english(model_fields):
    """A RunPython step: each translated field's existing text becomes its
    English version ({"Defender": ["biography", ...]}), so that nothing
    written before languages existed is lost."""

    def forward(apps, schema_editor):
        for model_name, fields in model_fields.items():
            app_label, name = model_name.split(".")
            model = apps.get_model(app_label, name)
            model.objects.update(**{f"{field}_en": F(field) for field in fields})

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=True)
