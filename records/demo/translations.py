"""The demo case file's texts in Belarusian and Russian
(`translations/<language>.yaml`: kind, then the record's slug, then field),
written into each record's language columns in the same revision as its
English text, so that a load publishes each record once."""

import functools
from pathlib import Path

import yaml

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
