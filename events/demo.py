"""The demo's articles, detention places, events, charges and sentences.

Read from the case file of `records.demo`; the sources, places, organizations
and defenders they refer to are loaded first (`records.demo`,
`defenders.demo`).
"""

from functools import cached_property

from defenders.models import Defender, Organization
from events.models import Article, Charge, DetentionPlace, Event, Sentence
from records.demo import CaseFile, fuzzy, unique
from records.demo.publish import upsert


class Case(CaseFile):
    """The case file, with the organizations and defenders loaded."""

    @cached_property
    def organizations(self):
        slugs = [entry["slug"] for entry in self.facts["organizations"]]
        return {o.slug: o for o in Organization.objects.filter(slug__in=slugs)}

    @cached_property
    def defenders(self):
        slugs = [person["slug"] for person in self.people]
        return {d.slug: d for d in Defender.objects.filter(slug__in=slugs)}

    def person_events(self, person):
        extra = [
            {**event, "sources": [{"url": url} for url in event["source_urls"]]}
            for event in self.reading.get("extra_events", {}).get(person["slug"], [])
        ]
        return [*person.get("events", []), *extra]


def charge_key(charge):
    return f"{charge['article']} {charge['part'] or 'null'}"


def article_slug(number, part):
    return f"{number}-{part}" if part else number


def join_names(names):
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


# Articles --------------------------------------------------------------------


def charge_articles(case, charge):
    """[(number, part, note prefix)] for one charge of the fact sheet."""
    combined = case.reading["combined_articles"].get(charge_key(charge))
    if combined:
        number, part = combined["slug"].rsplit("-", 1)
        return [(number, part, combined["note"] + ": ")]
    if not charge["part"]:
        return [(charge["article"], "", "")]
    return [(charge["article"], part, "") for part in charge["part"].split(" and ")]


def cited_articles(case):
    """{(number, part): [the sources of each charge under it]}."""
    cited = {}
    for person in case.people:
        for charge in person.get("charges", []):
            for number, part, _ in charge_articles(case, charge):
                cited.setdefault((number, part), []).append(charge["sources"])
    return cited


def load_articles(tally, case):
    articles = {}
    for (number, part), sources in cited_articles(case).items():
        slug = article_slug(number, part)
        fields = {
            "number": number,
            "part": part,
            "slug": slug,
            "title": case.reading["articles"][slug],
        }
        existing = Article.objects.filter(slug=slug).first()
        articles[slug] = upsert(
            tally, Article, existing, fields, {"sources": case.cite(*sources)}
        )
    return articles


# Detention places ------------------------------------------------------------


def transfer_sources(case, texts):
    """The sources of every transfer to a place written as one of `texts`."""
    return [
        event["sources"]
        for person in case.people
        for event in case.person_events(person)
        if event["type"] == "transfer" and event["place"] in texts
    ]


def load_detention_places(tally, case):
    """{place text of the fact sheet: DetentionPlace}."""
    place_of_text = {}
    for entry in case.reading["detention_places"]:
        fields = {
            "slug": entry["slug"],
            "name": entry["name"],
            "kind": entry["kind"],
            "place": case.places[entry["place"]],
        }
        existing = DetentionPlace.objects.filter(slug=entry["slug"]).first()
        sources = case.cite(*transfer_sources(case, entry["texts"]))
        place = upsert(tally, DetentionPlace, existing, fields, {"sources": sources})
        for text in entry["texts"]:
            place_of_text[text] = place
    return place_of_text


# Event specs: what each event says, before it is written ---------------------


def add_group(case, spec, group):
    """People detained together without individual facts: named in text."""
    names, role = group["names"], group["role"]
    publishers = ", ".join(
        unique(
            ref["publisher"] for event in group["events"] for ref in event["sources"]
        )
    )
    for event in group["events"]:
        spec["places"] = unique([*spec["places"], *case.places_named(event["place"])])
        spec["sources"] = unique(
            [*spec["sources"], *case.cite(event["sources"], role["sources"])]
        )
        spec["texts"].append(
            f"Also detained: {names['en']} (other spellings: "
            f"{', '.join(names['variants'])}). {role['value']}. "
            f"Places: {event['place']}. {event['description']} "
            f"Sources: {publishers}."
        )


def file_event_spec(case, event):
    """A top-level event of the fact sheet, as our reading configures it."""
    config = case.reading["events"][event["date"]]
    spec = {
        **config,
        "date": event["date"],
        "places": case.places_named(event["place"]),
        "detention_place": None,
        "texts": [event["description"]],
        "sources": case.cite(event["sources"]),
        "participants": [
            {**p, "defender": case.defenders[p["defender"]]}
            for p in config.get("participants", [])
        ],
        "names": [],
    }
    if config.get("group"):
        group = {p["slug"]: p for p in case.facts["people"]}[config["group"]]
        add_group(case, spec, group)
    return spec


def where_held(case, place_of_text, event):
    """(detention place, places) of a person's event: only a transfer is to
    a detention place, whose town is the event's place."""
    if event["type"] != "transfer":
        return None, case.places_named(event["place"])
    held_at = place_of_text.get(event["place"])
    return held_at, [held_at.place] if held_at else case.places_named(event["place"])


def new_person_event_spec(kind, date, event, held_at):
    return {
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


def add_person_event(case, by_key, place_of_text, person, event):
    """Add a person's event to the spec of its date, type and detention place."""
    name = case.reading["people"][person["slug"]]["name"]
    kind = case.reading["event_types"][event["type"]]
    date = str(event["date"])
    held_at, places = where_held(case, place_of_text, event)
    key = (date, kind["type"], held_at and held_at.slug)
    spec = by_key.get(key)
    if spec is None:
        spec = by_key[key] = new_person_event_spec(kind, date, event, held_at)
    spec["places"] = unique([*spec["places"], *places])
    where = f" Place: {event['place']}." if event["place"] else ""
    spec["texts"].append(f"{name}: {event['description'] or ''}{where}".strip())
    spec["sources"] = unique([*spec["sources"], *case.cite(event["sources"])])
    spec["participants"].append(
        {
            "defender": case.defenders[person["slug"]],
            "role": kind["role"],
            "note": event["description"] or "",
        }
    )
    spec["names"].append(name)
    spec.setdefault("slugs", []).append(person["slug"])


def name_person_event(case, date, spec):
    """Give an event made of people's events its slug and title."""
    date = date.removesuffix("~")
    file_type = spec["file_type"]
    who = f"{spec['slugs'][0]}-" if len(spec["slugs"]) == 1 else ""
    spec["slug"] = f"{date}-{who}{file_type}".replace("_", "-")
    override = case.reading["titles"].get(f"{spec['slugs'][0]} {date} {file_type}")
    where = spec["detention_place"].name if spec["detention_place"] else None
    title = case.reading["event_types"][file_type]["title"]
    spec["title"] = override or title.format(
        names=join_names(spec["names"]), where=where
    )


def event_specs(case, place_of_text):
    """{slug: spec}: the top-level events, then each person's events,
    merged when they share a date and type (one verdict, many people)."""
    specs, by_key = {}, {}
    for event in case.facts["events"]:
        spec = file_event_spec(case, event)
        specs[spec["slug"]] = spec
        by_key[(event["date"], spec["type"], None)] = spec
    for person in case.people:
        for event in case.person_events(person):
            add_person_event(case, by_key, place_of_text, person, event)
    for key, spec in by_key.items():
        if "slug" in spec:
            continue
        name_person_event(case, key[0], spec)
        if spec["slug"] in specs:
            raise ValueError(f"two demo events would share the slug {spec['slug']}")
        specs[spec["slug"]] = spec
    return specs


# Events ----------------------------------------------------------------------


def event_fields(slug, spec):
    return {
        "slug": slug,
        "type": spec["type"],
        "title": spec["title"],
        **fuzzy("date", spec["date"]),
        "detention_place": spec["detention_place"],
        "authority": spec.get("authority", ""),
        "description": "\n\n".join(spec["texts"]),
    }


def event_links(case, spec):
    return {
        "places": spec["places"],
        "organizations": [case.organizations[o] for o in spec.get("organizations", [])],
        "sources": spec["sources"],
    }


def figures(case, spec):
    return [
        {
            "qualifier": figure["qualifier"],
            "value": figure["value"],
            "source": case.sources[figure["source"] or ""],
            "note": figure["note"],
        }
        for figure in spec.get("figures", [])
    ]


def load_event(tally, case, slug, spec):
    existing = Event.objects.filter(slug=slug).first()
    children = {"participants": spec["participants"], "figures": figures(case, spec)}
    upsert(
        tally,
        Event,
        existing,
        event_fields(slug, spec),
        event_links(case, spec),
        children,
    )


# Charges ---------------------------------------------------------------------


def verdict_date(person):
    return str(person["sentence"]["verdict_date"]) if "sentence" in person else None


def charge_outcome(case, person, charge):
    """(outcome, [(change outcome, day, text)]) of one charge."""
    reading = case.reading["people"][person["slug"]]
    key = charge_key(charge)
    convicted_on = reading.get("convicted", {}).get(key)
    if "(convicted)" in charge["title"]:
        convicted_on = verdict_date(person)
    dropped_on = reading.get("dropped_on", {}).get(key)
    if dropped_on:
        return "dropped", [("dropped", dropped_on, "Dropped")]
    if convicted_on:
        return "convicted", [("convicted", convicted_on, "Convicted by the verdict")]
    return "pending", []


def charge_note(person, charge, prefix, outcome):
    note = f"{prefix}{charge['title']}"
    if outcome != "pending":
        return note
    if "charges_note" in person:
        return f"{note}. {person['charges_note']['value']}"
    return f"{note}. Outcome not given in the fact sheet."


def charge_changes(changes, sources):
    return [
        {
            **fuzzy("on", on),
            "outcome": kind,
            "note": f"{text} ({on}).",
            "source": sources[0],
        }
        for kind, on, text in changes
    ]


def load_charges(tally, case, person, articles):
    """One Charge per article of each charge; a charge under two parts of an
    article is two Charges. Charges are matched to the defender's existing
    ones under the same article in order."""
    reading = case.reading["people"][person["slug"]]
    defender = case.defenders[person["slug"]]
    seen = {}
    for charge in person.get("charges", []):
        outcome, changes = charge_outcome(case, person, charge)
        brought_on = reading.get("brought_on", {}).get(charge_key(charge))
        sources = case.cite(charge["sources"])
        for number, part, prefix in charge_articles(case, charge):
            article = articles[article_slug(number, part)]
            fields = {
                "defender": defender,
                "article": article,
                **fuzzy("brought_on", brought_on),
                "outcome": outcome,
                "note": charge_note(person, charge, prefix, outcome),
            }
            n = seen[article.slug] = seen.get(article.slug, -1) + 1
            same = Charge.objects.filter(defender=defender, article=article)
            existing = same.order_by("pk")[n : n + 1].first()
            upsert(
                tally,
                Charge,
                existing,
                fields,
                {"sources": sources},
                {"changes": charge_changes(changes, sources)},
            )


# Sentences -------------------------------------------------------------------


def main_sentence(case, person):
    reading = case.reading["people"][person["slug"]]
    main = person["sentence"]
    return {
        "verdict_date": main["verdict_date"],
        "court": main["court"],
        "in_absentia": reading.get("in_absentia", False),
        "term_months": round(main["term_years"] * 12),
        "regime": reading["regime"],
        "regime_note": f"Fact sheet: {main['regime']}",
        "fine": reading.get("fine", ""),
        "note": f"Place of imprisonment (fact sheet): {main['place_of_imprisonment']}.",
        "sources": main["sources"],
    }


def extra_sentences(case, person):
    """Sentences our reading adds, citing the sources of one of the person's
    events."""
    sentences = []
    for extra in case.reading["people"][person["slug"]].get("extra_sentences", []):
        event = next(
            e for e in person["events"] if e["type"] == extra["sources_from_event"]
        )
        sentences.append(
            {
                **{k: v for k, v in extra.items() if k != "sources_from_event"},
                "sources": event["sources"],
            }
        )
    return sentences


def load_sentence(tally, case, defender, sentence):
    fields = {
        **{k: v for k, v in sentence.items() if k != "sources"},
        "defender": defender,
        **fuzzy("verdict_date", sentence["verdict_date"]),
    }
    day = fields["verdict_date"]
    existing = Sentence.objects.filter(defender=defender, verdict_date=day).first()
    sources = case.cite(sentence["sources"])
    upsert(tally, Sentence, existing, fields, {"sources": sources})


# The events app's part of the demo -------------------------------------------


def load_events(tally):
    """Publish the articles, detention places, events (with their
    participants and claimed figures), charges and sentences."""
    case = Case()
    articles = load_articles(tally, case)
    place_of_text = load_detention_places(tally, case)
    for slug, spec in event_specs(case, place_of_text).items():
        load_event(tally, case, slug, spec)
    for person in case.people:
        load_charges(tally, case, person, articles)
    for person in case.people:
        defender = case.defenders[person["slug"]]
        for sentence in [main_sentence(case, person), *extra_sentences(case, person)]:
            load_sentence(tally, case, defender, sentence)
