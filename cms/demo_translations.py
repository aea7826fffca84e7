"""The demo case file in Belarusian and Russian: each public text of the
records and pages the other loaders wrote, translated
(records/demo/translations/<language>.yaml, keyed like the English:
kind, then slug, then field). Only texts: every fact stays the record's one.
"""

from pathlib import Path

import yaml

from wagtail.models import Page

from defenders.models import Defender, Membership, Organization
from events.models import Article, CriminalCase, DetentionPlace, Event

FOLDER = Path(__file__).resolve().parent.parent / "records" / "demo" / "translations"
KINDS = {
    "defender": Defender,
    "organization": Organization,
    "event": Event,
    "article": Article,
    "detentionplace": DetentionPlace,
    "criminalcase": CriminalCase,
}


def translations():
    """{language: {kind: {slug: {field: text}}}} from the files there are."""
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(FOLDER.glob("*.yaml"))
    }


def load_translations(tally):
    by_language = translations()
    for kind, model in KINDS.items():
        for obj in model.objects.all():
            _apply(tally, obj, by_language, kind, obj.slug)
    for membership in Membership.objects.select_related("defender", "organization"):
        key = f"{membership.defender.slug}/{membership.organization.slug}"
        changed = _set(membership, by_language, "membership", key)
        if changed:
            membership.save()
            tally.add(Membership, "updated")
    for page in Page.objects.filter(depth__gt=1).specific():
        _apply(tally, page, by_language, "page", page.slug)


def _set(obj, by_language, kind, key):
    """Set each translated text of `obj` that differs; whether any did."""
    changed = False
    for language, kinds in by_language.items():
        for field, text in ((kinds or {}).get(kind, {}).get(key) or {}).items():
            # A page's title has its own columns (records.models.TranslatedTitle).
            name = f"{field}_{language}"
            if getattr(obj, name, None) != text:
                setattr(obj, name, text)
                changed = True
    return changed


def _apply(tally, obj, by_language, kind, key):
    if _set(obj, by_language, kind, key):
        obj.save_revision(log_action=True).publish()
        tally.add(type(obj), "updated")
