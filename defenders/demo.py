"""The demo's organizations and defenders, with their memberships.

Read from the case file of `records.demo`, whose sources are loaded first.
"""

from defenders.models import Defender, Organization
from records.demo import (
    CaseFile,
    fuzzy,
    fuzzy_display,
    paragraphs,
    private_notes,
    sentence,
    split_name,
    unique,
)
from records.demo.publish import upsert
from records.demo.translations import translated


def other_names(case, english, name, *more):
    """The English name unless it is the name used, then the rest, once each,
    as the reading words them ('state media also: X' is the name X)."""
    first = [english] if english != name else []
    names = [case.public(n) for n in first + [n for names in more for n in names]]
    return "\n".join(unique(n for n in names if n))


# Organizations ---------------------------------------------------------------


def organization_fields(case, entry):
    """The public description is the fact sheet's claims; how far each is
    trusted (`confidence`) is a researcher's note."""
    reading = case.reading["organizations"][entry["slug"]]
    names = entry["names"]
    claims = [case.say(fact["claim"]) for fact in entry["facts"]]
    confidence = [
        f"Confidence in “{fact['claim']}”: {fact['confidence']}."
        for fact in entry["facts"]
        if fact.get("confidence")
    ]
    return {
        "slug": entry["slug"],
        "name": reading.get("name", names["en"]),
        "name_be": names["be"] or "",
        "name_ru": names["ru"] or "",
        "other_names": other_names(
            case, names["en"], reading.get("name"), names["variants"]
        ),
        "kind": reading["kind"],
        "website": entry.get("website", ""),
        "status": reading["status"],
        **fuzzy("founded", reading.get("founded")),
        **fuzzy("registered_on", reading.get("registered_on")),
        **fuzzy("deregistered_on", reading.get("deregistered_on")),
        **fuzzy("closed_on", reading.get("closed_on")),
        "description": paragraphs(*(public for public, _ in claims)),
        "private_notes": private_notes(*(note for _, note in claims), *confidence),
    }


def load_organization(tally, case, entry):
    sources = case.cite(
        entry["names"].get("sources"), *(fact["sources"] for fact in entry["facts"])
    )
    existing = Organization.objects.filter(slug=entry["slug"]).first()
    fields = organization_fields(case, entry)
    return upsert(tally, Organization, existing, fields, {"sources": sources})


# Defenders -------------------------------------------------------------------


def newest_source(case):
    """The month of the case file's newest source: no status can be newer."""
    return fuzzy_display(str(case.facts["meta"]["latest_source_date_found"])[:7])


def status_note(case, status):
    """(public note, private note) of a status: what it is, in public words,
    and that it may have changed since the case file's newest source."""
    value, value_note = case.say(status["value"])
    note, note_note = case.say(status.get("note"))
    checked = (
        f"The newest source in this case file is from {newest_source(case)}; "
        "the status may have changed since."
    )
    public = " ".join(t for t in (sentence(value), sentence(note), checked) if t)
    return public, private_notes(value_note, note_note)


def defender_fields(case, person):
    """The public fields, and the private notes: the fact sheet's notes on
    spellings and on what it did not find, and its wording where ours
    differs."""
    reading = case.reading["people"][person["slug"]]
    names, status = person["names"], person["status"]
    name_be, be_others = split_name(names["be"])
    name_ru, ru_others = split_name(names["ru"])
    recognised = person.get("recognized_political_prisoner", {})
    born = person.get("born")
    role, role_note = case.say(person["role"]["value"])
    note, status_private = status_note(case, status)
    biography = [
        case.say(recognised.get("note")),
        case.say(person.get("charges_note", {}).get("value")),
    ]
    spellings = names.get("note") and f"On spellings: {names['note']}"
    return {
        "slug": person["slug"],
        "name": reading["name"],
        "name_be": name_be,
        "name_ru": name_ru,
        "other_names": other_names(
            case, names["en"], reading["name"], be_others, ru_others, names["variants"]
        ),
        # The year only: a full birth date is never recorded.
        "birth_year": int(str(born["date"])[:4]) if born else None,
        "role": role,
        "status": reading["status"],
        **fuzzy("status_as_of", status["as_of"]),
        "status_note": note,
        "political_prisoner": recognised.get("value") is True,
        "biography": paragraphs(*(public for public, _ in biography)),
        "private_notes": private_notes(
            spellings,
            role_note,
            status_private,
            *(private for _, private in biography),
        ),
    }


def defender_sources(case, person):
    born = person.get("born")
    return {
        "sources": case.cite(
            person["names"].get("sources"),
            born and born["sources"],
            person["role"]["sources"],
            person.get("recognized_political_prisoner", {}).get("sources"),
            person.get("charges_note", {}).get("sources"),
        ),
        "status_sources": case.cite(person["status"]["sources"]),
    }


def memberships(case, person, organizations):
    return [
        {
            "organization": organizations[m["organization"]],
            "role": m["role"],
            **translated(
                "membership",
                f"{person['slug']}/{organizations[m['organization']].slug}",
            ),
            **fuzzy("since", m.get("since")),
            **fuzzy("until", m.get("until")),
        }
        for m in case.reading["people"][person["slug"]]["memberships"]
    ]


def load_defender(tally, case, person, organizations):
    existing = Defender.objects.filter(slug=person["slug"]).first()
    return upsert(
        tally,
        Defender,
        existing,
        defender_fields(case, person),
        defender_sources(case, person),
        {"memberships": memberships(case, person, organizations)},
    )


def load_defenders(tally):
    """Publish the organizations, then the defenders and their memberships."""
    case = CaseFile()
    organizations = {
        entry["slug"]: load_organization(tally, case, entry)
        for entry in case.facts["organizations"]
    }
    for person in case.people:
        load_defender(tally, case, person, organizations)
