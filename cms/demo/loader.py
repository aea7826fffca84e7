"""Load the Viasna case file into published records, every fact with its source.

The facts are `viasna-facts.yaml` (a verbatim copy of the shared fact sheet);
our reading of its free text (status and regime choices, place names, event
titles) is `viasna-reading.yaml`. This module only joins the two.
"""

from decimal import Decimal
from html import escape
from pathlib import Path

import yaml

from cms.demo.publish import upsert
from defenders.models import Defender, Organization
from events.models import Article, Charge, DetentionPlace, Event, Sentence
from records.fuzzydate import parse_edtf
from records.models import Place, Source

DEMO = Path(__file__).parent
PETITION_TITLE = (
    "Petition “Belarus: Release Imprisoned Human Rights Defenders” "
    "(text supplied by the requester)"
)
NOT_CURRENT = (
    "Statuses in the demo data are as of 2025 at the latest: no 2026 source "
    "was found, so this status may be outdated."
)


def read(name):
    with open(DEMO / name, encoding="utf-8") as file:
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


def charge_key(charge):
    return f"{charge['article']} {charge['part'] or 'null'}"


def join_names(names):
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


class ViasnaLoader:
    def __init__(self, tally):
        self.tally = tally
        self.facts = read("viasna-facts.yaml")
        self.reading = read("viasna-reading.yaml")
        self.people = [
            p for p in self.facts["people"] if p["slug"] in self.reading["people"]
        ]
        self.group = {p["slug"]: p for p in self.facts["people"]}

    def run(self):
        self.load_sources()
        self.load_places()
        self.load_organizations()
        self.load_articles()
        self.load_defenders()
        self.load_detention_places()
        self.load_events()
        self.load_charges()
        self.load_sentences()

    # Sources -----------------------------------------------------------------

    def load_sources(self):
        by_url = {}
        for entry in [*self.facts["sources"], *self.reading["extra_sources"]]:
            url = entry["url"] or ""
            known = by_url.setdefault(url, dict(entry))
            if not known.get("date"):  # a duplicate entry may give the date
                known["date"] = entry.get("date")
        self.sources = {}
        for url, entry in by_url.items():
            line = entry["publisher"]
            fields = {
                "url": url,
                "title": entry.get("title") or (line if url else PETITION_TITLE),
                "publisher": line.split(" (")[0] if url else "",
                **fuzzy("published_on", entry.get("date")),
                "confidential": False,
                "private_notes": entry.get("private_notes", ""),
            }
            found = Source.objects.filter(url=url)
            if not url:
                found = found.filter(title=PETITION_TITLE)
            self.sources[url] = upsert(self.tally, Source, found.first(), fields)

    def cite(self, *lists):
        refs = [ref for refs in lists for ref in (refs or [])]
        return unique(self.sources[ref["url"] or ""] for ref in refs)

    # Places and organizations ----------------------------------------------

    def load_places(self):
        self.places = {}
        for entry in self.reading["places"]:
            fields = {
                "slug": entry["slug"],
                "name": entry["name"],
                "other_names": "\n".join(entry["other_names"]),
                "kind": entry["kind"],
                "country": entry.get("country", "Belarus"),
                "latitude": Decimal(entry["lat"]) if entry["lat"] else None,
                "longitude": Decimal(entry["lon"]) if entry["lon"] else None,
            }
            existing = Place.objects.filter(slug=entry["slug"]).first()
            self.places[entry["slug"]] = upsert(self.tally, Place, existing, fields)

    def places_named(self, text):
        if text is None:
            return []
        return [self.places[slug] for slug in self.reading["place_text"][text]]

    def load_organizations(self):
        self.organizations = {}
        for entry in self.facts["organizations"]:
            reading = self.reading["organizations"][entry["slug"]]
            names = entry["names"]
            facts = entry["facts"]
            fields = {
                "slug": entry["slug"],
                "name": reading.get("name", names["en"]),
                "name_be": names["be"] or "",
                "name_ru": names["ru"] or "",
                "other_names": "\n".join(
                    unique(
                        [n for n in [names["en"]] if n != reading.get("name")]
                        + names["variants"]
                    )
                ),
                "kind": reading["kind"],
                "website": entry.get("website", ""),
                "status": reading["status"],
                **fuzzy("founded", reading.get("founded")),
                **fuzzy("registered_on", reading.get("registered_on")),
                **fuzzy("deregistered_on", reading.get("deregistered_on")),
                **fuzzy("closed_on", reading.get("closed_on")),
                "description": paragraphs(
                    *(
                        fact["claim"]
                        + (
                            f" (Confidence: {fact['confidence']}.)"
                            if "confidence" in fact
                            else ""
                        )
                        for fact in facts
                    )
                ),
            }
            sources = self.cite(names.get("sources"), *(f["sources"] for f in facts))
            existing = Organization.objects.filter(slug=entry["slug"]).first()
            self.organizations[entry["slug"]] = upsert(
                self.tally, Organization, existing, fields, {"sources": sources}
            )

    # Articles ----------------------------------------------------------------

    def charge_articles(self, charge):
        """[(number, part, note prefix)] for one charge of the fact sheet."""
        combined = self.reading["combined_articles"].get(charge_key(charge))
        if combined:
            number, part = combined["slug"].rsplit("-", 1)
            return [(number, part, combined["note"] + ": ")]
        if not charge["part"]:
            return [(charge["article"], "", "")]
        return [(charge["article"], part, "") for part in charge["part"].split(" and ")]

    def load_articles(self):
        cited = {}
        for person in self.people:
            for charge in person.get("charges", []):
                for number, part, _ in self.charge_articles(charge):
                    cited.setdefault((number, part), []).append(charge["sources"])
        self.articles = {}
        for (number, part), sources in cited.items():
            slug = f"{number}-{part}" if part else number
            fields = {
                "number": number,
                "part": part,
                "slug": slug,
                "title": self.reading["articles"][slug],
            }
            existing = Article.objects.filter(slug=slug).first()
            self.articles[slug] = upsert(
                self.tally, Article, existing, fields, {"sources": self.cite(*sources)}
            )

    # Defenders ---------------------------------------------------------------

    def load_defenders(self):
        self.defenders = {}
        for person in self.people:
            reading = self.reading["people"][person["slug"]]
            names, status = person["names"], person["status"]
            name_be, be_others = split_name(names["be"])
            name_ru, ru_others = split_name(names["ru"])
            recognised = person.get("recognized_political_prisoner", {})
            born = person.get("born")
            status_note = " ".join(
                text
                for text in [
                    status["value"][0].upper() + status["value"][1:] + ".",
                    status.get("note"),
                    NOT_CURRENT,
                ]
                if text
            )
            fields = {
                "slug": person["slug"],
                "name": reading["name"],
                "name_be": name_be,
                "name_ru": name_ru,
                "other_names": "\n".join(
                    unique(
                        [n for n in [names["en"]] if n != reading["name"]]
                        + be_others
                        + ru_others
                        + names["variants"]
                    )
                ),
                # The year only: a full birth date is never recorded.
                "birth_year": int(str(born["date"])[:4]) if born else None,
                "role": person["role"]["value"],
                "status": reading["status"],
                **fuzzy("status_as_of", status["as_of"]),
                "status_note": status_note,
                "political_prisoner": recognised.get("value") is True,
                "biography": paragraphs(
                    names.get("note"),
                    recognised.get("note"),
                    person.get("charges_note", {}).get("value"),
                ),
            }
            m2m = {
                "sources": self.cite(
                    names.get("sources"),
                    born and born["sources"],
                    person["role"]["sources"],
                    recognised.get("sources"),
                    person.get("charges_note", {}).get("sources"),
                ),
                "status_sources": self.cite(status["sources"]),
            }
            memberships = [
                {
                    "organization": self.organizations[m["organization"]],
                    "role": m["role"],
                    **fuzzy("since", m.get("since")),
                    **fuzzy("until", m.get("until")),
                }
                for m in reading["memberships"]
            ]
            existing = Defender.objects.filter(slug=person["slug"]).first()
            self.defenders[person["slug"]] = upsert(
                self.tally,
                Defender,
                existing,
                fields,
                m2m,
                {"memberships": memberships},
            )

    # Detention places and events --------------------------------------------

    def person_events(self, person):
        extra = [
            {**event, "sources": [{"url": url} for url in event["source_urls"]]}
            for event in self.reading.get("extra_events", {}).get(person["slug"], [])
        ]
        return [*person.get("events", []), *extra]

    def load_detention_places(self):
        self.detention_places, self.place_of_text = {}, {}
        for entry in self.reading["detention_places"]:
            sources = [
                event["sources"]
                for person in self.people
                for event in self.person_events(person)
                if event["type"] == "transfer" and event["place"] in entry["texts"]
            ]
            fields = {
                "slug": entry["slug"],
                "name": entry["name"],
                "kind": entry["kind"],
                "place": self.places[entry["place"]],
            }
            existing = DetentionPlace.objects.filter(slug=entry["slug"]).first()
            place = upsert(
                self.tally,
                DetentionPlace,
                existing,
                fields,
                {"sources": self.cite(*sources)},
            )
            self.detention_places[entry["slug"]] = place
            for text in entry["texts"]:
                self.place_of_text[text] = place

    def event_specs(self):
        """{slug: spec}: the top-level events, then each person's events,
        merged when they share a date and type (one verdict, many people)."""
        specs, by_key = {}, {}
        for event in self.facts["events"]:
            config = self.reading["events"][event["date"]]
            spec = {
                **config,
                "date": event["date"],
                "places": self.places_named(event["place"]),
                "detention_place": None,
                "texts": [event["description"]],
                "sources": self.cite(event["sources"]),
                "participants": [
                    {**p, "defender": self.defenders[p["defender"]]}
                    for p in config.get("participants", [])
                ],
                "names": [],
            }
            if config.get("group"):
                self.add_group(spec, self.group[config["group"]])
            specs[config["slug"]] = spec
            by_key[(event["date"], config["type"], None)] = spec

        for person in self.people:
            name = self.reading["people"][person["slug"]]["name"]
            for event in self.person_events(person):
                kind = self.reading["event_types"][event["type"]]
                date = str(event["date"])
                held_at = self.place_of_text.get(event["place"])
                if event["type"] == "transfer":
                    places = (
                        [held_at.place]
                        if held_at
                        else self.places_named(event["place"])
                    )
                else:
                    held_at, places = None, self.places_named(event["place"])
                key = (date, kind["type"], held_at and held_at.slug)
                spec = by_key.get(key)
                if spec is None:
                    spec = by_key[key] = {
                        "type": kind["type"],
                        "date": date,
                        "file_type": event["type"],
                        "places": [],
                        "detention_place": held_at,
                        "texts": [],
                        "sources": [],
                        "participants": [],
                        "names": [],
                        "slugs": [],
                    }
                spec["places"] = unique([*spec["places"], *places])
                where = f" Place: {event['place']}." if event["place"] else ""
                spec["texts"].append(
                    f"{name}: {event['description'] or ''}{where}".strip()
                )
                spec["sources"] = unique(
                    [*spec["sources"], *self.cite(event["sources"])]
                )
                spec["participants"].append(
                    {
                        "defender": self.defenders[person["slug"]],
                        "role": kind["role"],
                        "note": event["description"] or "",
                    }
                )
                spec["names"].append(name)
                spec.setdefault("slugs", []).append(person["slug"])

        for key, spec in by_key.items():
            if "slug" in spec:
                continue
            date = key[0].removesuffix("~")
            file_type = spec["file_type"]
            if len(spec["slugs"]) == 1:
                slug = f"{date}-{spec['slugs'][0]}-{file_type}"
            else:
                slug = f"{date}-{file_type}".replace("_", "-")
            slug = slug.replace("_", "-")
            override = self.reading["titles"].get(
                f"{spec['slugs'][0]} {date} {file_type}"
            )
            where = spec["detention_place"].name if spec["detention_place"] else None
            spec["slug"] = slug
            spec["title"] = override or self.reading["event_types"][file_type][
                "title"
            ].format(names=join_names(spec["names"]), where=where)
            if slug in specs:
                raise ValueError(f"two demo events would share the slug {slug}")
            specs[slug] = spec
        return specs

    def add_group(self, spec, group):
        """People detained together without individual facts: named in text."""
        names, role = group["names"], group["role"]
        publishers = ", ".join(
            unique(
                ref["publisher"]
                for event in group["events"]
                for ref in event["sources"]
            )
        )
        for event in group["events"]:
            spec["places"] = unique(
                [*spec["places"], *self.places_named(event["place"])]
            )
            spec["sources"] = unique(
                [*spec["sources"], *self.cite(event["sources"], role["sources"])]
            )
            spec["texts"].append(
                f"Also detained: {names['en']} (other spellings: "
                f"{', '.join(names['variants'])}). {role['value']}. "
                f"Places: {event['place']}. {event['description']} "
                f"Sources: {publishers}."
            )

    def load_events(self):
        for slug, spec in self.event_specs().items():
            fields = {
                "slug": slug,
                "type": spec["type"],
                "title": spec["title"],
                **fuzzy("date", spec["date"]),
                "detention_place": spec["detention_place"],
                "authority": spec.get("authority", ""),
                "description": "\n\n".join(spec["texts"]),
            }
            m2m = {
                "places": spec["places"],
                "organizations": [
                    self.organizations[o] for o in spec.get("organizations", [])
                ],
                "sources": spec["sources"],
            }
            figures = [
                {
                    "qualifier": figure["qualifier"],
                    "value": figure["value"],
                    "source": self.sources[figure["source"] or ""],
                    "note": figure["note"],
                }
                for figure in spec.get("figures", [])
            ]
            existing = Event.objects.filter(slug=slug).first()
            upsert(
                self.tally,
                Event,
                existing,
                fields,
                m2m,
                {"participants": spec["participants"], "figures": figures},
            )

    # Charges and sentences ---------------------------------------------------

    def verdict_date(self, person):
        return str(person["sentence"]["verdict_date"]) if "sentence" in person else None

    def load_charges(self):
        for person in self.people:
            reading = self.reading["people"][person["slug"]]
            defender = self.defenders[person["slug"]]
            seen = {}
            for charge in person.get("charges", []):
                key, title = charge_key(charge), charge["title"]
                convicted_on = reading.get("convicted", {}).get(key)
                if "(convicted)" in title:
                    convicted_on = self.verdict_date(person)
                dropped_on = reading.get("dropped_on", {}).get(key)
                sources = self.cite(charge["sources"])
                changes, outcome = [], "pending"
                if dropped_on:
                    outcome = "dropped"
                    changes.append(("dropped", dropped_on, "Dropped"))
                elif convicted_on:
                    outcome = "convicted"
                    changes.append(
                        ("convicted", convicted_on, "Convicted by the verdict")
                    )
                for number, part, prefix in self.charge_articles(charge):
                    article = self.articles[f"{number}-{part}" if part else number]
                    note = f"{prefix}{title}"
                    if outcome == "pending":
                        note += (
                            f". {person['charges_note']['value']}"
                            if "charges_note" in person
                            else ". Outcome not given in the fact sheet."
                        )
                    fields = {
                        "defender": defender,
                        "article": article,
                        **fuzzy("brought_on", reading.get("brought_on", {}).get(key)),
                        "outcome": outcome,
                        "note": note,
                    }
                    rows = [
                        {
                            **fuzzy("on", on),
                            "outcome": kind,
                            "note": f"{text} ({on}).",
                            "source": sources[0],
                        }
                        for kind, on, text in changes
                    ]
                    n = seen[article.slug] = seen.get(article.slug, -1) + 1
                    same = Charge.objects.filter(defender=defender, article=article)
                    existing = same.order_by("pk")[n : n + 1].first()
                    upsert(
                        self.tally,
                        Charge,
                        existing,
                        fields,
                        {"sources": sources},
                        {"changes": rows},
                    )

    def load_sentences(self):
        for person in self.people:
            reading = self.reading["people"][person["slug"]]
            defender = self.defenders[person["slug"]]
            main = person["sentence"]
            sentences = [
                {
                    "verdict_date": main["verdict_date"],
                    "court": main["court"],
                    "in_absentia": reading.get("in_absentia", False),
                    "term_months": round(main["term_years"] * 12),
                    "regime": reading["regime"],
                    "regime_note": f"Fact sheet: {main['regime']}",
                    "fine": reading.get("fine", ""),
                    "note": "Place of imprisonment (fact sheet): "
                    f"{main['place_of_imprisonment']}.",
                    "sources": main["sources"],
                }
            ]
            for extra in reading.get("extra_sentences", []):
                event = next(
                    e
                    for e in person["events"]
                    if e["type"] == extra["sources_from_event"]
                )
                sentences.append(
                    {
                        **{k: v for k, v in extra.items() if k != "sources_from_event"},
                        "sources": event["sources"],
                    }
                )
            for sentence in sentences:
                fields = {
                    **{k: v for k, v in sentence.items() if k != "sources"},
                    "defender": defender,
                    **fuzzy("verdict_date", sentence["verdict_date"]),
                }
                day = fields["verdict_date"]
                existing = Sentence.objects.filter(
                    defender=defender, verdict_date=day
                ).first()
                upsert(
                    self.tally,
                    Sentence,
                    existing,
                    fields,
                    {"sources": self.cite(sentence["sources"])},
                )


def load_viasna(tally):
    ViasnaLoader(tally).run()
