"""The Viasna demo case file, and the loading of its sources and places.

The facts are `viasna-facts.yaml` (a verbatim copy of the shared fact sheet);
our reading of its free text (status and regime choices, place names, event
titles) is `viasna-reading.yaml`. Each app loads its own part of the demo, in
the order of the apps: `load_records` here, then `defenders.demo`,
`events.demo` and `petition.demo`. Each writes with `publish.upsert`, so a
second load changes nothing.
"""

from decimal import Decimal
from functools import cached_property
from html import escape
from pathlib import Path

import yaml

from records.demo.publish import upsert
from records.fuzzydate import parse_edtf
from records.models import Place, Source

DATA = Path(__file__).parent
PETITION_TITLE = (
    "Petition “Belarus: Release Imprisoned Human Rights Defenders” "
    "(text supplied by the requester)"
)


def read(name):
    with open(DATA / name, encoding="utf-8") as file:
        return yaml.safe_load(file)


def fuzzy(name, text):
    """{'date': day, 'date_precision': …, 'date_approximate': …}; None: blank."""
    if text is None:
        return {name: None, f"{name}_precision": "day", f"{name}_approximate": False}
    day, precision, approximate = parse_edtf(str(text))
    return {
        name: day,
        f"{name}_precision": precision,
        f"{name}_approximate": approximate,
    }


def unique(items):
    return list(dict.fromkeys(items))


def split_name(text):
    """'Алесь Бяляцкі (Алесь Віктаравіч Бяляцкі)' -> main name, other names."""
    if not text:
        return "", []
    main, *others = [part.strip() for part in text.split(" / ")]
    if " (" in main:
        main, bracket = main.split(" (", 1)
        others.insert(0, bracket.removesuffix(")"))
    return main.strip(), others


def paragraphs(*texts):
    return "".join(f"<p>{escape(text)}</p>" for text in texts if text)


def find_source(url):
    """The Source of a URL; the petition's text (no URL) by its title."""
    found = Source.objects.filter(url=url)
    if not url:
        found = found.filter(title=PETITION_TITLE)
    return found.first()


class CaseFile:
    """The fact sheet, our reading of it, and the sources and places loaded."""

    def __init__(self):
        self.facts = read("viasna-facts.yaml")
        self.reading = read("viasna-reading.yaml")
        self.people = [
            p for p in self.facts["people"] if p["slug"] in self.reading["people"]
        ]

    def source_entries(self):
        """{url: entry}, each URL once ('' is the petition's own text)."""
        by_url = {}
        for entry in [*self.facts["sources"], *self.reading["extra_sources"]]:
            url = entry["url"] or ""
            known = by_url.setdefault(url, dict(entry))
            if not known.get("date"):  # a duplicate entry may give the date
                known["date"] = entry.get("date")
        return by_url

    @cached_property
    def sources(self):
        """{url: Source}, once `load_records` has published them."""
        return {url: find_source(url) for url in self.source_entries()}

    @cached_property
    def places(self):
        """{slug: Place}, once `load_records` has published them."""
        slugs = [entry["slug"] for entry in self.reading["places"]]
        return {place.slug: place for place in Place.objects.filter(slug__in=slugs)}

    def cite(self, *lists):
        refs = [ref for refs in lists for ref in (refs or [])]
        return unique(self.sources[ref["url"] or ""] for ref in refs)

    def places_named(self, text):
        if text is None:
            return []
        return [self.places[slug] for slug in self.reading["place_text"][text]]


def source_fields(url, entry):
    line = entry["publisher"]
    return {
        "url": url,
        "title": entry.get("title") or (line if url else PETITION_TITLE),
        "publisher": line.split(" (")[0] if url else "",
        **fuzzy("published_on", entry.get("date")),
        "confidential": False,
        "private_notes": entry.get("private_notes", ""),
    }


def place_fields(entry):
    return {
        "slug": entry["slug"],
        "name": entry["name"],
        "other_names": "\n".join(entry["other_names"]),
        "kind": entry["kind"],
        "country": entry.get("country", "Belarus"),
        "latitude": Decimal(entry["lat"]) if entry["lat"] else None,
        "longitude": Decimal(entry["lon"]) if entry["lon"] else None,
    }


def load_records(tally):
    """Publish every source of the case file, then every place it names."""
    case = CaseFile()
    for url, entry in case.source_entries().items():
        upsert(tally, Source, find_source(url), source_fields(url, entry))
    for entry in case.reading["places"]:
        existing = Place.objects.filter(slug=entry["slug"]).first()
        upsert(tally, Place, existing, place_fields(entry))
