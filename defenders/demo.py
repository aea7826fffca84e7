"""The demo's organizations and defenders, with their memberships.

Read from the case file of `records.demo`, whose sources are loaded first.
"""

from defenders.models import Defender, Organization
from records.demo import CaseFile, fuzzy, paragraphs, split_name, unique
from records.demo.publish import upsert

NOT_CURRENT = (
    "Statuses in the demo data are as of 2025 at the latest: no 2026 source "
    "was found, so this status may be outdated."
)


def other_names(english, name, *more):
    """The English name unless it is the name used, then the rest, once each."""
    first = [english] if english != name else []
    return "\n".join(unique(first + [n for names in more for n in names]))


# Organizations ---------------------------------------------------------------


def claim(fact):
    if "confidence" not in fact:
        return fact["claim"]
    return fact["claim"] + f" (Confidence: {fact['confidence']}.)"


def organization_fields(case, entry):
    reading = case.reading["organizations"][entry["slug"]]
    names = entry["names"]
    return {
        "slug": entry["slug"],
        "name": reading.get("name", names["en"]),
        "name_be": names["be"] or "",
        "name_ru": names["ru"] or "",
        "other_names": other_names(names["en"], reading.get("name"), names["variants"]),
        "kind": reading["kind"],
        "website": entry.get("website", ""),
        "status": reading["status"],
        **fuzzy("founded", reading.get("founded")),
        **fuzzy("registered_on", reading.get("registered_on")),
        **fuzzy("deregistered_on", reading.get("deregistered_on")),
        **fuzzy("closed_on", reading.get("closed_on")),
        "description": paragraphs(*(claim(fact) for fact in entry["facts"])),
    }


def load_organization(tally, case, entry):
    sources = case.cite(
        entry["names"].get("sources"), *(fact["sources"] for fact in entry["facts"])
    )
    existing = Organization.objects.filter(slug=entry["slug"]).first()
    fields = organization_fields(case, entry)
    return upsert(tally, Organization, existing, fields, {"sources": sources})


# Defenders -------------------------------------------------------------------


def status_note(status):
    value = status["value"]
    texts = [value[0].upper() + value[1:] + ".", status.get("note"), NOT_CURRENT]
    return " ".join(text for text in texts if text)


def defender_fields(case, person):
    reading = case.reading["people"][person["slug"]]
    names, status = person["names"], person["status"]
    name_be, be_others = split_name(names["be"])
    name_ru, ru_others = split_name(names["ru"])
    recognised = person.get("recognized_political_prisoner", {})
    born = person.get("born")
    return {
        "slug": person["slug"],
        "name": reading["name"],
        "name_be": name_be,
        "name_ru": name_ru,
        "other_names": other_names(
            names["en"], reading["name"], be_others, ru_others, names["variants"]
        ),
        # The year only: a full birth date is never recorded.
        "birth_year": int(str(born["date"])[:4]) if born else None,
        "role": person["role"]["value"],
        "status": reading["status"],
        **fuzzy("status_as_of", status["as_of"]),
        "status_note": status_note(status),
        "political_prisoner": recognised.get("value") is True,
        "biography": paragraphs(
            names.get("note"),
            recognised.get("note"),
            person.get("charges_note", {}).get("value"),
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
