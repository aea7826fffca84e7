"""The demo's articles, detention places, charges, events, sentences and
national figures.

Read from the case file of `records.demo`; the sources, places, organizations
and defenders they refer to are loaded first (`records.demo`,
`defenders.demo`). The fact sheet's free text is published through
`CaseFile.say`: in the reading's public wording where it carries a working
note, which then goes to the record's private notes.
"""

import re
from functools import cached_property

from defenders.models import Defender, Organization
from events.models import Article, Charge, DetentionPlace, Event, Figure, Sentence
from records.demo import (
    CaseFile,
    fuzzy,
    fuzzy_display,
    private_notes,
    sentence,
    unique,
)
from records.demo.publish import upsert
from records.fuzzydate import parse_edtf


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
    spellings = ", ".join(case.public(name) for name in names["variants"])
    for event in group["events"]:
        spec["places"] = unique([*spec["places"], *case.places_named(event["place"])])
        spec["sources"] = unique(
            [*spec["sources"], *case.cite(event["sources"], role["sources"])]
        )
        said = [
            case.say(t) for t in (role["value"], event["place"], event["description"])
        ]
        who, where, what = (public for public, _ in said)
        spec["private"] += [note for _, note in said]
        named = case.public(names["en"])
        texts = [
            f"Also detained: {named} (other spellings: {spellings}).",
            sentence(who),
            f"Places: {where}." if where else "",
            sentence(what),
        ]
        spec["texts"].append(" ".join(text for text in texts if text))


def file_event_spec(case, event):
    """A top-level event of the fact sheet, as our reading configures it."""
    config = case.reading["events"][event["date"]]
    description, note = case.say(event["description"])
    spec = {
        **config,
        "date": event["date"],
        "places": case.places_named(event["place"]),
        "detention_place": None,
        "texts": [description] if description else [],
        "private": [note],
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
        "private": [],
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
    what, what_note = case.say(event["description"])
    where, where_note = case.say(event["place"])
    said = " ".join(t for t in (sentence(what), where and f"Place: {where}.") if t)
    spec["texts"].append(f"{name}: {said}" if said else name)
    spec["private"] += [what_note, where_note]
    spec["sources"] = unique([*spec["sources"], *case.cite(event["sources"])])
    spec["participants"].append(
        {
            "defender": case.defenders[person["slug"]],
            "role": kind["role"],
            "note": what,
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
    figure_notes = [figure.get("private") for figure in spec.get("figures", [])]
    return {
        "slug": slug,
        "type": spec["type"],
        "title": spec["title"],
        **fuzzy("date", spec["date"]),
        "detention_place": spec["detention_place"],
        "affected_count": spec.get("affected_count"),
        "authority": spec.get("authority", ""),
        "description": "\n\n".join(spec["texts"]),
        "private_notes": private_notes(*spec["private"], *figure_notes),
    }


def verdict_charges(spec, convicted):
    """The charges a verdict decided: those of its people convicted that day."""
    if spec["type"] != Event.Type.VERDICT:
        return []
    day = spec["date"]
    return [c for slug in spec.get("slugs", []) for c in convicted.get((slug, day), [])]


def event_links(case, spec, convicted):
    return {
        "places": spec["places"],
        "organizations": [case.organizations[o] for o in spec.get("organizations", [])],
        "charges": verdict_charges(spec, convicted),
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


def load_event(tally, case, slug, spec, convicted):
    """Publish one event; it cites the sources of its claimed figures too."""
    existing = Event.objects.filter(slug=slug).first()
    claimed = figures(case, spec)
    links = event_links(case, spec, convicted)
    links["sources"] = unique([*links["sources"], *(f["source"] for f in claimed)])
    children = {"participants": spec["participants"], "figures": claimed}
    upsert(tally, Event, existing, event_fields(slug, spec), links, children)


# Charges ---------------------------------------------------------------------

# What the fact sheet adds to a charge's wording about its fate, which the
# charge's outcome says: "- initial charge, dropped Sept 2022", "(convicted)".
FATE_REMARKS = re.compile(r"\s+-\s+.*$|\s*\((?:convicted|charged [^)]*)\)")
NOT_KNOWN = "The sources do not say what became of this charge."


def verdict_date(person):
    return str(person["sentence"]["verdict_date"]) if "sentence" in person else None


def in_absentia_on(case, person, day):
    """Whether the person's verdict of this day was given in absentia."""
    reading = case.reading["people"][person["slug"]]
    if day == verdict_date(person):
        return reading.get("in_absentia", False)
    return any(
        str(extra["verdict_date"]) == day and extra.get("in_absentia")
        for extra in reading.get("extra_sentences", [])
    )


def on_day(text):
    """'on 26 September 2022', 'in September 2022', 'in 2021'."""
    _day, precision, _approximate = parse_edtf(str(text))
    return f"{'on' if precision == 'day' else 'in'} {fuzzy_display(text)}"


def article_label(key):
    """'228 4' -> 'Art. 228 part 4'."""
    number, _, part = key.partition(" ")
    return f"Art. {number} part {part}" if part and part != "null" else f"Art. {number}"


def charge_outcome(case, person, charge):
    """(outcome, day, what the public reads, [source refs]) of one charge, as
    the fact sheet says it: replaced or dropped where it says so, convicted
    where a verdict covers it, and otherwise not known. Never "pending": no
    source of the fact sheet says a case of these people is still open."""
    reading = case.reading["people"][person["slug"]]
    key = charge_key(charge)
    replaced = reading.get("replaced", {}).get(key)
    if replaced:
        by = join_names([article_label(k) for k in replaced["by"]])
        text = f"Replaced {on_day(replaced['day'])} by the charges under {by}."
        refs = [{"url": url} for url in replaced["source_urls"]]
        return Charge.Outcome.REPLACED, replaced["day"], text, refs
    dropped_on = reading.get("dropped_on", {}).get(key)
    if dropped_on:
        return Charge.Outcome.DROPPED, dropped_on, f"Dropped {on_day(dropped_on)}.", []
    convicted_on = reading.get("convicted", {}).get(key)
    if "(convicted)" in charge["title"]:
        convicted_on = verdict_date(person)
    if convicted_on:
        how = " in absentia" if in_absentia_on(case, person, convicted_on) else ""
        text = f"Convicted{how} by the verdict of {fuzzy_display(convicted_on)}."
        return (
            Charge.Outcome.CONVICTED,
            convicted_on,
            text,
            verdict_refs(case, person, convicted_on),
        )
    return Charge.Outcome.UNKNOWN, None, reading.get("outcome_not_known", NOT_KNOWN), []


def verdict_refs(case, person, day):
    """The sources of the person's verdict of this day."""
    return [
        ref
        for event in case.person_events(person)
        if event["type"] in ("verdict", "verdict_in_absentia")
        and str(event["date"]) == day
        for ref in event["sources"]
    ]


def change_source(sources, day):
    """The source of a change of outcome: the first that was published on
    or after the day (a report from before a verdict cannot tell of it)."""
    earliest = parse_edtf(str(day))[0]
    dated = [s for s in sources if s.published_on and s.published_on >= earliest]
    return (dated or sources)[0]


def plain(text):
    return re.sub(r"\W+", " ", text).strip().lower()


def charge_note(charge, article, prefix, outcome, outcome_text):
    """The charge in the fact sheet's words, unless they are the article's
    title; when its outcome is not known, why (a known outcome says itself,
    with its date, in the history)."""
    wording = sentence(FATE_REMARKS.sub("", charge["title"]))
    if plain(wording) == plain(article.title) and not prefix:
        wording = ""
    why = outcome_text if outcome == Charge.Outcome.UNKNOWN else ""
    return " ".join(t for t in (f"{prefix}{wording}", why) if t.strip())


def load_charges(tally, case, person, articles):
    """Publish one Charge per article part of each of the person's charges
    (a charge under two parts of an article is two Charges), each replaced
    one after the charge that replaced it. Charges are matched to the
    defender's existing ones under the same article in order.

    Returns {(person slug, verdict day): [the Charges that verdict convicted]}.
    """
    reading = case.reading["people"][person["slug"]]
    defender = case.defenders[person["slug"]]
    entries = {charge_key(charge): charge for charge in person.get("charges", [])}
    if len(entries) != len(person.get("charges", [])):
        raise ValueError(f"two charges of {person['slug']} share article and part")
    seen, loaded, convicted = {}, {}, {}

    def load(key):
        if key in loaded:
            return loaded[key]
        charge = entries[key]
        outcome, on, text, refs = charge_outcome(case, person, charge)
        replaced_by = None
        if outcome == Charge.Outcome.REPLACED:
            replaced_by = load(reading["replaced"][key]["by"][0])[0]
        brought_on = reading.get("brought_on", {}).get(key)
        own = case.cite(charge["sources"])
        source = on and change_source([*case.cite(refs), *own], on)
        sources = unique([*own, source] if source else own)
        changes = [
            {**fuzzy("on", on), "outcome": outcome, "note": text, "source": source}
        ]
        rows = []
        for number, part, prefix in charge_articles(case, charge):
            article = articles[article_slug(number, part)]
            fields = {
                "defender": defender,
                "article": article,
                **fuzzy("brought_on", brought_on),
                "outcome": outcome,
                "replaced_by": replaced_by,
                "note": charge_note(charge, article, prefix, outcome, text),
            }
            n = seen[article.slug] = seen.get(article.slug, -1) + 1
            same = Charge.objects.filter(defender=defender, article=article)
            existing = same.order_by("pk")[n : n + 1].first()
            rows.append(
                upsert(
                    tally,
                    Charge,
                    existing,
                    fields,
                    {"sources": sources},
                    {"changes": changes if on else []},
                )
            )
        loaded[key] = rows
        if outcome == Charge.Outcome.CONVICTED:
            convicted.setdefault((person["slug"], str(on)), []).extend(rows)
        return rows

    for key in entries:
        load(key)
    return convicted


# Sentences -------------------------------------------------------------------


def main_sentence(case, person):
    reading = case.reading["people"][person["slug"]]
    main = person["sentence"]
    court, court_note = case.say(main["court"])
    regime, regime_note = case.say(main["regime"])
    held, held_note = case.say(main["place_of_imprisonment"])
    return {
        "verdict_date": main["verdict_date"],
        "court": court,
        "in_absentia": reading.get("in_absentia", False),
        "term_months": round(main["term_years"] * 12),
        "regime": reading["regime"],
        "regime_note": regime,
        "fine": reading.get("fine", ""),
        "note": f"Place of imprisonment: {held}." if held else "",
        "private_notes": private_notes(court_note, regime_note, held_note),
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


def load_sentence(tally, case, defender, spec):
    fields = {
        **{k: v for k, v in spec.items() if k != "sources"},
        "defender": defender,
        **fuzzy("verdict_date", spec["verdict_date"]),
    }
    day = fields["verdict_date"]
    existing = Sentence.objects.filter(defender=defender, verdict_date=day).first()
    sources = case.cite(spec["sources"])
    upsert(tally, Sentence, existing, fields, {"sources": sources})


# National figures ------------------------------------------------------------


def figure_key(entry):
    return f"{entry['metric']} {entry['as_of']}"


def figure_entries(case, entry):
    """The Figures one entry of the fact sheet's `figures:` gives.

    A count of one thing on a known date is one Figure as it stands. Any
    other entry (a value in words, two counts in one, a date with a remark)
    must be read in the reading's `figures:` (split into its counts, each
    with its metric, or left out with []): the loader never guesses a count
    or a date."""
    metric = case.reading["figure_metrics"].get(entry["metric"])
    read_as = case.reading["figures"].get(figure_key(entry))
    if read_as is not None:
        return [
            {"metric": metric, "qualifier": "exactly", "read": True, **figure}
            for figure in read_as
        ]
    if not isinstance(entry["value"], int) or metric is None:
        raise ValueError(f"read the figure {figure_key(entry)!r} in the reading")
    fuzzy("as_of", entry["as_of"])  # a date the loader can read, or an error
    return [{"metric": metric, "qualifier": "exactly", "value": entry["value"]}]


def figure_fields(case, entry, figure):
    """A Figure's fields; where the reading read the entry, the fact sheet's
    own wording of it is kept in the private notes."""
    note, note_private = case.say(figure.get("note", entry.get("note")))
    read = f"Fact sheet: {entry['metric']}: {entry['value']}, as of {entry['as_of']}."
    return {
        "metric": figure["metric"],
        "qualifier": figure["qualifier"],
        "value": figure["value"],
        **fuzzy("as_of", figure.get("as_of", entry["as_of"])),
        "note": note,
        "private_notes": private_notes(
            read if figure.get("read") else "",
            note_private,
            figure.get("private"),
        ),
    }


def load_figures(tally, case):
    """Publish the fact sheet's national figures (political prisoners in
    Belarus over time, organizations dissolved), each with its sources."""
    keys = set()
    for entry in case.facts.get("figures", []):
        for figure in figure_entries(case, entry):
            fields = figure_fields(case, entry, figure)
            key = (fields["metric"], fields["as_of"], fields["as_of_precision"])
            if key in keys:
                raise ValueError(f"two demo figures share {key}")
            keys.add(key)
            refs = [{"url": u} for u in figure.get("source_urls", [])] or entry[
                "sources"
            ]
            existing = Figure.objects.filter(
                metric=key[0], as_of=key[1], as_of_precision=key[2]
            ).first()
            upsert(tally, Figure, existing, fields, {"sources": case.cite(refs)})


# The events app's part of the demo -------------------------------------------


def load_events(tally):
    """Publish the articles, detention places, charges, events (with their
    participants, claimed figures and the charges a verdict decided),
    sentences and national figures."""
    case = Case()
    articles = load_articles(tally, case)
    place_of_text = load_detention_places(tally, case)
    convicted = {}
    for person in case.people:
        convicted.update(load_charges(tally, case, person, articles))
    for slug, spec in event_specs(case, place_of_text).items():
        load_event(tally, case, slug, spec, convicted)
    for person in case.people:
        defender = case.defenders[person["slug"]]
        for spec in [main_sentence(case, person), *extra_sentences(case, person)]:
            load_sentence(tally, case, defender, spec)
    load_figures(tally, case)
