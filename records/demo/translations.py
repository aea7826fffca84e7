"""The demo case file's texts in Belarusian and Russian
(`translations/<language>.yaml`: kind, then the record's slug, then field),
written into each record's language columns in the same revision as its
English text, so that a load publishes each record once."""

import functools
from pathlib import Path

import yaml

from records import languages

FOLDER = Path(__file__).resolve().parent / "translations"


@functools.cache
def by_language():
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for path in sorted(FOLDER.glob("*.yaml"))
    }


def translated(kind, key):
    """{"biography_be": …, "biography_ru": …} for one record: `kind` is the
    model's name (defender, event, page…), `key` its slug."""
    fields = {}
    for language, kinds in by_language().items():
        for field, text in (kinds.get(kind, {}).get(key) or {}).items():
            fields[f"{field}_{language}"] = text
    return fields


def translated_texts(model, values):
    """{"note_be": …} for the translated fields among `values`, found by
    their English text (`text:` in each file): the notes beside facts, on
    records and rows that have no slug of their own."""
    fields = {}
    for field in languages.translated_fields(model):
        english = values.get(field)
        if not isinstance(english, str):
            continue
        # Every language's column, empty when there is no translation: rows
        # compare alike on the next load.
        for language, kinds in by_language().items():
            fields[f"{field}_{language}"] = kinds.get("text", {}).get(english, "")
    return fields
