"""The Viasna demo case file, and the loading of its sources and places.

The facts are `viasna-facts.yaml` (a verbatim copy of the shared fact sheet);
our reading of its free text (status and regime choices, place names, event
titles, the public wording of phrases that carry a working note) is
`viasna-reading.yaml`. Each app loads its own part of the demo, in the order
of the apps: `load_records` here, then `defenders.demo`, `events.demo` and
`petition.demo`. Each writes with `publish.upsert`, so a second load changes
nothing, and no public field it writes carries a working note (`wording`).
"""

from decimal import Decimal
from functools import cached_property
from html import escape
from pathlib import Path

import yaml

from records.demo.publish import upsert
from records.demo.wording import check_public, working_note
from records.fuzzydate import display, parse_edtf
from records.models import Place, Source

DATA = Path(__file__).parent
# The fact sheet's confidence marks (its header defines them).
CONFIDENCE = {"high", "medium", "low"}


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


def fuzzy_display(text):
    """'2025-12-15' -> '15 December 2025', as the site writes a fuzzy date."""
    return display(*parse_edtf(str(text)))


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


def private_notes(*notes):
    """Researchers' notes, each once, one paragraph each."""
    return "\n\n".join(unique(note for note in notes if note))


def sentence(text):
    """A phrase of the fact sheet as a sentence: capitalised, with a full stop."""
    text = (text or "").strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def split_publisher(line):
    """A source line of the fact sheet: (publisher, public title, notes).

    'Rustavi 2 (citing Radio Liberty; low)' -> ('Rustavi 2', 'Rustavi 2
    (citing Radio Liberty)', ['low']): the parts of the bracket that are
    working notes (confidence, what a stored copy lacks) are kept apart."""
    name, _, bracket = line.partition(" (")
    parts = [p.strip() for p in bracket.removesuffix(")").split(";") if p.strip()]
    notes = [p for p in parts if p.lower() in CONFIDENCE or working_note(p)]
    kept = [part for part in parts if part not in notes]
    title = f"{name} ({'; '.join(kept)})" if kept else name
    return name, title, notes


class CaseFile:
    """The fact sheet, our reading of it, and the sources and places loaded."""

    def __init__(self):
        self.facts = read("viasna-facts.yaml")
        self.reading = read("viasna-reading.yaml")
        self.people = [
            p for p in self.facts["people"] if p["slug"] in self.reading["people"]
        ]

    def say(self, text):
        """(public text, private note) of a free-text phrase of the fact sheet.

        A phrase the reading words anew (`wording:`) is published in those
        words, and the fact sheet's own goes to the private note; a phrase
        worded as null is not published at all. Any other phrase is public as
        it stands, unless it carries a working note: then loading stops and
        says which, so the next case file cannot publish one either."""
        if text is None or text == "":
            return "", ""
        text = str(text)
        wording = self.reading["wording"]
        if text in wording:
            public = wording[text] or ""
            return check_public(public, "A reading's wording"), f"Fact sheet: {text}"
        return check_public(text, "A phrase of the fact sheet"), ""

    def public(self, text):
        return self.say(text)[0]

    def source_entries(self):
        """{URL in the fact sheet: entry}, each URL once ('' is the petition's
        own text), with our reading's `sources:` wording applied."""
        by_url = {}
        for entry in [*self.facts["sources"], *self.reading["extra_sources"]]:
            url = entry["url"] or ""
            known = by_url.setdefault(url, dict(entry))
            if not known.get("date"):  # a duplicate entry may give the date
                known["date"] = entry.get("date")
        for url, wording in self.reading["sources"].items():
            by_url[url or ""].update(wording)
        return by_url

    @cached_property
    def sources(self):
        """{URL in the fact sheet: Source}, once `load_records` has published
        them."""
        return {
            url: find_source(url, entry) for url, entry in self.source_entries().items()
        }

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
    """A source's public fields, from its fact-sheet line and our wording.

    The line names the publisher and, in brackets, how it was published
    ('citing Viasna') and how far to trust it ('low'): the trust and what a
    stored copy lacked are working notes, kept in the private notes. Our
    wording may give the title, the publisher or the public URL (empty where
    the URL the fact sheet gives must not be published)."""
    publisher, title, notes = split_publisher(entry["publisher"])
    public_url = entry.get("public_url", url)
    return {
        "url": public_url,
        "title": entry.get("title") or title,
        "publisher": entry.get("publisher_name", publisher if url else ""),
        **fuzzy("published_on", entry.get("date")),
        "confidential": False,
        "private_notes": private_notes(
            *(f"Fact sheet: {note}." for note in notes),
            entry.get("private_notes"),
            f"URL in the fact sheet, not published: {url}" if public_url != url else "",
        ),
    }


def find_source(url, entry):
    """The Source loaded for a fact-sheet URL: by its public URL, or, when
    it has none, by its title (or a title it had before: `formerly`), or by
    the fact sheet's URL it was once published with."""
    fields = source_fields(url, entry)
    if fields["url"]:
        return Source.objects.filter(url=fields["url"]).first()
    titles = [fields["title"], *entry.get("formerly", [])]
    found = Source.objects.filter(url="", title__in=titles).order_by("pk").first()
    return found or (Source.objects.filter(url=url).first() if url else None)


def place_fields(entry):
    return {
        "slug": entry["slug"],
        "name": entry["name"],
        "name_be": entry.get("name_be", ""),
        "name_ru": entry.get("name_ru", ""),
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
        existing = find_source(url, entry)
        upsert(tally, Source, existing, source_fields(url, entry))
    for entry in case.reading["places"]:
        existing = Place.objects.filter(slug=entry["slug"]).first()
        upsert(tally, Place, existing, place_fields(entry))
