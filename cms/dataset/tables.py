"""The tables of the open dataset: each column's Table Schema, and its rows
from published records only.

Rows are read the way the public pages read them: a draft is left out, a
link to a draft (a membership of a draft organization, a draft event's
places) is left out with it, a reference to a draft becomes empty, and a
confidential source is only "withheld". A table is read in a fixed number
of queries, whatever its size; tables are built in order, so that each
reference is checked against the rows of the table it names.
"""

import dataclasses

from django.conf import settings

from defenders.models import Defender, Membership, Organization
from events.models import (
    Charge,
    ClaimedFigure,
    DetentionPlace,
    Event,
    EventDefender,
    Figure,
    Sentence,
)
from events.timeline import Timeline, load_detention_places, load_timelines
from records.fuzzydate import Precision
from records.models import WITHHELD, Place, Source
from records.richtext import render as render_richtext

EDTF = r"^\d{4}(-\d{2}(-\d{2})?)?~?$"


@dataclasses.dataclass
class Table:
    name: str
    title: str
    description: str
    fields: list
    primary_key: list
    foreign_keys: list = dataclasses.field(default_factory=list)
    rows: list = dataclasses.field(default_factory=list)

    @property
    def columns(self):
        return [field["name"] for field in self.fields]

    def key(self, row):
        return tuple(row[name] for name in self.primary_key)

    def schema(self):
        schema = {"fields": self.fields, "primaryKey": self.primary_key}
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {
                    "fields": [column],
                    "reference": {"resource": resource, "fields": ["id"]},
                }
                for column, resource in self.foreign_keys
            ]
        return schema


# --- columns ------------------------------------------------------------------


def column(name, type_, description, required=False, **extra):
    field = {"name": name, "type": type_, "description": description, **extra}
    if required:
        field.setdefault("constraints", {})["required"] = True
    return field


def id_column(what):
    return column(
        "id",
        "integer",
        f"The {what}'s number in Docket; stable from one build to the next.",
        constraints={"required": True, "unique": True, "minimum": 1},
    )


def ref(name, table, what, required=False):
    return column(
        name,
        "integer",
        f"The {what}: its id in {table}.csv"
        + ("." if required else "; empty when not known or not published."),
        required=required,
    )


def text(name, description, required=False):
    return column(name, "string", description, required=required)


def choice(name, choices, description, required=False):
    values = [str(value) for value, _label in choices]
    field = column(name, "string", f"{description} One of: {', '.join(values)}.")
    field["constraints"] = {"enum": values, "required": required}
    return field


def slug(what):
    return column(
        "slug",
        "string",
        f"The {what}'s slug: the last part of its address on the site.",
        constraints={"required": True, "unique": True, "pattern": r"^[-a-z0-9_]+$"},
    )


def url(what):
    return column(
        "url", "string", f"The {what}'s page on the site.", format="uri", required=True
    )


def fuzzy(name, description, required=False):
    """A fuzzy date: EDTF text, and its precision beside it."""
    date = column(
        name,
        "string",
        f"{description} EDTF: YYYY-MM-DD, YYYY-MM or YYYY; ~ when approximate.",
        constraints={"pattern": EDTF, "required": required},
    )
    precision = choice(
        f"{name}_precision",
        Precision.choices,
        f"How precise {name} is; empty with no date.",
    )
    return [date, precision]


def updated_at(what):
    return column(
        "updated_at",
        "datetime",
        f"When the {what} was last changed (UTC).",
        required=True,
    )


def source_ids(name="source_ids", what="the record"):
    return column(
        name,
        "list",
        f"The published sources of {what}: ids in sources.csv, comma-separated.",
        itemType="integer",
        delimiter=",",
    )


def lines(name, description):
    return text(name, f"{description} One per line.")


# --- values -------------------------------------------------------------------


def page_url(record):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + record.get_absolute_url()


def date_values(record, name):
    day = getattr(record, name)
    return {
        name: getattr(record, f"{name}_edtf"),
        f"{name}_precision": getattr(record, f"{name}_precision") if day else None,
    }


def rich_text(value):
    return str(render_richtext(value)) if value else ""


def other_names(value):
    return "\n".join(line.strip() for line in value.splitlines() if line.strip())


def cited(model, field="sources"):
    """{record pk: [live source ids]} of one source field, in one query
    reading only the link table."""
    through = getattr(model, field).through
    own = getattr(model, field).field.m2m_field_name()
    other = getattr(model, field).field.m2m_reverse_field_name()
    links = through.objects.filter(**{f"{other}__live": True, f"{own}__live": True})
    found = {}
    for pk, source in links.order_by(own, other).values_list(own, other):
        found.setdefault(pk, []).append(source)
    return found


def known(value, ids):
    """A reference kept only when the row it names is in the dataset."""
    return value if value in ids else None


# --- tables -------------------------------------------------------------------


def sources_table():
    fields = [
        id_column("source"),
        column(
            "withheld",
            "boolean",
            "True for a confidential source: only that it exists is public, "
            f'its title is "{WITHHELD}" and every other column is empty.',
            required=True,
        ),
        text("title", "The title of the report, article or document.", True),
        column("url", "string", "Where it was published.", format="uri"),
        text("publisher", "Who published it."),
        *fuzzy("published_on", "When it was published."),
        column("archived_url", "string", "An archived copy.", format="uri"),
        column(
            "updated_at",
            "datetime",
            "When the source was last changed (UTC); empty when withheld.",
        ),
    ]
    rows = []
    for source in Source.objects.live().order_by("pk"):
        public = source.public_fields()
        if public["withheld"]:
            rows.append(
                {
                    "id": source.pk,
                    "withheld": True,
                    "title": str(WITHHELD),
                    **dict.fromkeys(
                        [
                            "url",
                            "publisher",
                            "published_on",
                            "published_on_precision",
                            "archived_url",
                            "updated_at",
                        ]
                    ),
                }
            )
            continue
        rows.append(
            {
                "id": source.pk,
                "withheld": False,
                "title": public["title"],
                "url": public["url"],
                "publisher": public["publisher"],
                "published_on": public["published_on"],
                "published_on_precision": public["published_on_precision"],
                "archived_url": public["archived_url"],
                "updated_at": source.updated_at,
            }
        )
    return Table(
        "sources",
        "Sources",
        "Where each fact comes from. A confidential source (a person at risk, "
        "a leaked document) is listed only as withheld.",
        fields,
        ["id"],
        rows=rows,
    )


def places_table():
    fields = [
        id_column("place"),
        slug("place"),
        text("name", "The name the site uses.", True),
        lines("other_names", "Other spellings."),
        choice("kind", Place.Kind.choices, "What kind of place.", True),
        text("country", "The country it is in."),
        column(
            "latitude",
            "number",
            "Latitude (WGS 84, decimal degrees).",
            constraints={"minimum": -90, "maximum": 90},
        ),
        column(
            "longitude",
            "number",
            "Longitude (WGS 84, decimal degrees).",
            constraints={"minimum": -180, "maximum": 180},
        ),
        updated_at("place"),
    ]
    rows = [
        {
            "id": place.pk,
            "slug": place.slug,
            "name": place.name,
            "other_names": other_names(place.other_names),
            "kind": place.kind,
            "country": place.country,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "updated_at": place.updated_at,
        }
        for place in Place.objects.live().order_by("pk")
    ]
    return Table(
        "places",
        "Places",
        "Cities, regions and countries, with coordinates for maps.",
        fields,
        ["id"],
        rows=rows,
    )


def detention_places_table(ids):
    fields = [
        id_column("detention place"),
        slug("detention place"),
        url("detention place"),
        text("name", "Its name, e.g. a penal colony.", True),
        choice("kind", DetentionPlace.Kind.choices, "What kind of place.", True),
        ref("place_id", "places", "city it is in"),
        text("postal_address", "The postal address for letters."),
        source_ids(what="the detention place"),
        updated_at("detention place"),
    ]
    sources = cited(DetentionPlace)
    rows = [
        {
            "id": place.pk,
            "slug": place.slug,
            "url": page_url(place),
            "name": place.name,
            "kind": place.kind,
            "place_id": known(place.place_id, ids["places"]),
            "postal_address": place.postal_address,
            "source_ids": sources.get(place.pk, []),
            "updated_at": place.updated_at,
        }
        for place in DetentionPlace.objects.live().order_by("pk")
    ]
    return Table(
        "detention_places",
        "Detention places",
        "Police stations, pre-trial detention centres, prisons and penal "
        "colonies, and where to write.",
        fields,
        ["id"],
        [("place_id", "places")],
        rows,
    )


def organizations_table():
    fields = [
        id_column("organization"),
        slug("organization"),
        url("organization"),
        text("name", "Its name in English.", True),
        text("name_be", "Its name in Belarusian."),
        text("name_ru", "Its name in Russian."),
        lines("other_names", "Other spellings."),
        choice("kind", Organization.Kind.choices, "What kind of organization.", True),
        text("website", "Its website."),
        *fuzzy("founded", "When it was founded."),
        choice(
            "status", Organization.Status.choices, "Its registration status, if known."
        ),
        *fuzzy("registered_on", "When it was registered."),
        *fuzzy("deregistered_on", "When its registration was withdrawn."),
        *fuzzy("closed_on", "When the state ordered it closed or liquidated."),
        text("closed_by", "Who ordered it closed."),
        text("description", "What it is and what happened to it, as HTML."),
        source_ids(what="the organization"),
        updated_at("organization"),
    ]
    sources = cited(Organization)
    rows = []
    for org in Organization.objects.live().order_by("pk"):
        rows.append(
            {
                "id": org.pk,
                "slug": org.slug,
                "url": page_url(org),
                "name": org.name,
                "name_be": org.name_be,
                "name_ru": org.name_ru,
                "other_names": other_names(org.other_names),
                "kind": org.kind,
                "website": org.website,
                **date_values(org, "founded"),
                "status": org.status or None,
                **date_values(org, "registered_on"),
                **date_values(org, "deregistered_on"),
                **date_values(org, "closed_on"),
                "closed_by": org.closed_by,
                "description": rich_text(org.description),
                "source_ids": sources.get(org.pk, []),
                "updated_at": org.updated_at,
            }
        )
    return Table(
        "organizations",
        "Organizations",
        "Human rights groups, NGOs and media outlets, and what the state did to them.",
        fields,
        ["id"],
        rows=rows,
    )


def defenders_table(ids):
    fields = [
        id_column("defender"),
        slug("defender"),
        url("defender"),
        text("name", "Name in English transliteration.", True),
        text("name_be", "Name in Belarusian."),
        text("name_ru", "Name in Russian."),
        lines("other_names", "Other spellings."),
        column(
            "birth_year",
            "integer",
            "Year of birth (a full birth date is never recorded).",
            constraints={"minimum": 1900, "maximum": 2030},
        ),
        text("role", "Who they are: their work, their role in an organization."),
        choice(
            "status",
            Defender.Status.choices,
            "Their status as of status_as_of.",
            True,
        ),
        *fuzzy("status_as_of", "The day the status is known as of.", True),
        text("status_note", "More about the status."),
        source_ids("status_source_ids", "the status"),
        column(
            "political_prisoner",
            "boolean",
            "Recognised as a political prisoner by Belarusian human rights "
            "organizations.",
            required=True,
        ),
        *fuzzy("political_prisoner_since", "When they were recognised."),
        ref(
            "detention_place_id",
            "detention_places",
            "place where they are held now (from the latest detention or "
            "transfer, while held)",
        ),
        text(
            "letter_address",
            "Where to write to them while held: their own address for letters, "
            "else the postal address of the detention place; empty otherwise.",
        ),
        text("biography", "Their biography, as HTML."),
        source_ids(what="the defender's record"),
        updated_at("defender"),
    ]
    defenders = list(Defender.objects.live().order_by("pk"))
    load_timelines(defenders)
    places = load_detention_places(defenders)
    sources = cited(Defender)
    status_sources = cited(Defender, "status_sources")
    rows = []
    for defender in defenders:
        place, address = Timeline.of(defender).where_held(places)
        rows.append(
            {
                "id": defender.pk,
                "slug": defender.slug,
                "url": page_url(defender),
                "name": defender.name,
                "name_be": defender.name_be,
                "name_ru": defender.name_ru,
                "other_names": other_names(defender.other_names),
                "birth_year": defender.birth_year,
                "role": defender.role,
                "status": defender.status,
                **date_values(defender, "status_as_of"),
                "status_note": defender.status_note,
                "status_source_ids": status_sources.get(defender.pk, []),
                "political_prisoner": defender.political_prisoner,
                **date_values(defender, "political_prisoner_since"),
                "detention_place_id": known(
                    place.pk if place else None, ids["detention_places"]
                ),
                "letter_address": address,
                "biography": rich_text(defender.biography),
                "source_ids": sources.get(defender.pk, []),
                "updated_at": defender.updated_at,
            }
        )
    table = Table(
        "defenders",
        "Defenders",
        "Human rights defenders: who they are, their status, where they are "
        "held and where to write.",
        fields,
        ["id"],
        [("detention_place_id", "detention_places")],
        rows,
    )
    # Their sentences' expected release reads the same timelines.
    table.timelines = {defender.pk: Timeline.of(defender) for defender in defenders}
    return table


def memberships_table(ids):
    fields = [
        id_column("membership"),
        ref("defender_id", "defenders", "defender", True),
        ref("organization_id", "organizations", "organization", True),
        text("role", "Their role in it."),
        *fuzzy("since", "From when."),
        *fuzzy("until", "Until when."),
    ]
    memberships = Membership.objects.filter(
        defender__live=True, organization__live=True
    ).order_by("pk")
    rows = [
        {
            "id": m.pk,
            "defender_id": m.defender_id,
            "organization_id": m.organization_id,
            "role": m.role,
            **date_values(m, "since"),
            **date_values(m, "until"),
        }
        for m in memberships
        if m.defender_id in ids["defenders"]
        and m.organization_id in ids["organizations"]
    ]
    return Table(
        "memberships",
        "Memberships",
        "Which organization each defender belongs or belonged to.",
        fields,
        ["id"],
        [("defender_id", "defenders"), ("organization_id", "organizations")],
        rows,
    )


def events_table(ids):
    fields = [
        id_column("event"),
        slug("event"),
        url("event"),
        choice("type", Event.Type.choices, "What happened.", True),
        text("title", "Its title.", True),
        *fuzzy("date", "When it happened (or began).", True),
        *fuzzy("end", "When it ended, for events over several days."),
        ref(
            "detention_place_id",
            "detention_places",
            "place someone was taken to (detentions and transfers)",
        ),
        column(
            "affected_count",
            "integer",
            "How many were affected when not every name is known (e.g. 53 "
            "organizations); event_figures.csv has each source's figure.",
            constraints={"minimum": 0},
        ),
        text("authority", "The authority responsible."),
        text("description", "What happened."),
        source_ids(what="the event"),
        updated_at("event"),
    ]
    sources = cited(Event)
    rows = []
    for event in Event.objects.live().order_by("pk"):
        rows.append(
            {
                "id": event.pk,
                "slug": event.slug,
                "url": page_url(event),
                "type": event.type,
                "title": event.title,
                **date_values(event, "date"),
                **date_values(event, "end"),
                "detention_place_id": known(
                    event.detention_place_id, ids["detention_places"]
                ),
                "affected_count": event.affected_count,
                "authority": event.authority,
                "description": event.description,
                "source_ids": sources.get(event.pk, []),
                "updated_at": event.updated_at,
            }
        )
    return Table(
        "events",
        "Events",
        "What happened: raids, searches, detentions, charges, trials, "
        "verdicts, transfers, releases, closures of organizations.",
        fields,
        ["id"],
        [("detention_place_id", "detention_places")],
        rows,
    )


def link_table(name, title, description, model, field, other, other_table, ids):
    """An event's many-to-many link to places or organizations."""
    through = getattr(model, field).through
    links = through.objects.filter(event__live=True, **{f"{other}__live": True})
    rows = [
        {"event_id": event_id, f"{other}_id": other_id}
        for event_id, other_id in links.order_by("event_id", f"{other}_id").values_list(
            "event_id", f"{other}_id"
        )
        if event_id in ids["events"] and other_id in ids[other_table]
    ]
    fields = [
        ref("event_id", "events", "event", True),
        ref(f"{other}_id", other_table, other, True),
    ]
    return Table(
        name,
        title,
        description,
        fields,
        ["event_id", f"{other}_id"],
        [("event_id", "events"), (f"{other}_id", other_table)],
        rows,
    )


def event_defenders_table(ids):
    fields = [
        id_column("event's defender"),
        ref("event_id", "events", "event", True),
        ref("defender_id", "defenders", "defender", True),
        choice("role", EventDefender.Role.choices, "What happened to them.", True),
        text("note", "More about it."),
    ]
    named = EventDefender.objects.filter(event__live=True, defender__live=True)
    rows = [
        {
            "id": pk,
            "event_id": event_id,
            "defender_id": defender_id,
            "role": role,
            "note": note,
        }
        for pk, event_id, defender_id, role, note in named.order_by("pk").values_list(
            "pk", "event_id", "defender_id", "role", "note"
        )
        if event_id in ids["events"] and defender_id in ids["defenders"]
    ]
    return Table(
        "event_defenders",
        "Defenders named in events",
        "Who each event names, and their role in it.",
        fields,
        ["id"],
        [("event_id", "events"), ("defender_id", "defenders")],
        rows,
    )


def event_figures_table(ids):
    fields = [
        id_column("figure"),
        ref("event_id", "events", "event", True),
        choice("qualifier", ClaimedFigure.Qualifier.choices, "How exact it is.", True),
        column(
            "value",
            "integer",
            "The count the source gives.",
            constraints={"required": True, "minimum": 0},
        ),
        text("note", "More about it."),
        ref("source_id", "sources", "source that gives it"),
    ]
    figures = ClaimedFigure.objects.filter(event__live=True).order_by("pk")
    rows = [
        {
            "id": f.pk,
            "event_id": f.event_id,
            "qualifier": f.qualifier,
            "value": f.value,
            "note": f.note,
            "source_id": known(f.source_id, ids["sources"]),
        }
        for f in figures
        if f.event_id in ids["events"]
    ]
    return Table(
        "event_figures",
        "Figures claimed for events",
        "Each source's figure for an event's count, kept side by side when "
        "sources disagree (53, more than 40, 43… organizations on 22 July 2021).",
        fields,
        ["id"],
        [("event_id", "events"), ("source_id", "sources")],
        rows,
    )


def charges_table(ids):
    fields = [
        id_column("charge"),
        ref("defender_id", "defenders", "defender charged", True),
        text("article", "The article's slug: number and part, e.g. 342-1.", True),
        text("article_code", "The code the article is in.", True),
        text("article_number", "The article's number, e.g. 342.", True),
        text("article_part", "Its part, e.g. 1; empty for a whole article."),
        text("article_title", "What the article is about.", True),
        text("case", "The criminal case's slug, when published."),
        text("case_title", "The criminal case's title."),
        *fuzzy("brought_on", "When the charge was brought."),
        choice(
            "outcome",
            Charge.Outcome.choices,
            "The outcome as the record has it: an unknown or pending charge a "
            "published verdict decided is convicted; unknown is never given "
            "as pending.",
            True,
        ),
        *fuzzy("outcome_on", "When the outcome came."),
        ref("replaced_by_id", "charges", "charge that replaced it"),
        ref("verdict_event_id", "events", "verdict event that decided it"),
        text("note", "More about the charge."),
        source_ids(what="the charge"),
        updated_at("charge"),
    ]
    charges = (
        Charge.objects.live()
        .filter(defender__live=True, article__live=True)
        .select_related("article", "case")
        .with_public_outcome()
        .order_by("pk")
    )
    sources = cited(Charge)
    charges = [c for c in charges if c.defender_id in ids["defenders"]]
    kept = {charge.pk for charge in charges}
    rows = []
    for charge in charges:
        outcome = charge.public_outcome
        article = charge.article
        case = charge.case if charge.case and charge.case.live else None
        replaced_by = outcome.replaced_by
        rows.append(
            {
                "id": charge.pk,
                "defender_id": charge.defender_id,
                "article": article.slug,
                "article_code": article.code,
                "article_number": article.number,
                "article_part": article.part,
                "article_title": article.title,
                "case": case.slug if case else None,
                "case_title": case.title if case else None,
                **date_values(charge, "brought_on"),
                "outcome": outcome.code,
                "outcome_on": outcome.on_edtf,
                "outcome_on_precision": outcome.on_precision if outcome.on else None,
                "replaced_by_id": known(replaced_by.pk if replaced_by else None, kept),
                "verdict_event_id": known(
                    outcome.verdict.pk if outcome.verdict else None, ids["events"]
                ),
                "note": charge.note,
                "source_ids": sources.get(charge.pk, []),
                "updated_at": charge.updated_at,
            }
        )
    return Table(
        "charges",
        "Charges",
        "Each charge brought against a defender, under which article, and its outcome.",
        fields,
        ["id"],
        [
            ("defender_id", "defenders"),
            ("replaced_by_id", ""),
            ("verdict_event_id", "events"),
        ],
        rows,
    )


def sentences_table(ids, timelines):
    fields = [
        id_column("sentence"),
        ref("defender_id", "defenders", "defender sentenced", True),
        text("case", "The criminal case's slug, when published."),
        *fuzzy("verdict_date", "The day of the verdict.", True),
        text("court", "The court."),
        column("in_absentia", "boolean", "Sentenced in their absence.", required=True),
        column(
            "term_months",
            "integer",
            "The term in force, after any appeal, in months.",
            constraints={"required": True, "minimum": 1, "maximum": 600},
        ),
        choice("regime", Sentence.Regime.choices, "The prison regime.", True),
        text("regime_note", "Where sources name the regime differently."),
        text("fine", "A fine, as the sources give it."),
        column(
            "expected_release",
            "date",
            "The start of the detention the term counts from plus the term, "
            "while the person is held; empty once released, in exile or "
            "deceased, or in absentia.",
        ),
        text("note", "More about the sentence."),
        source_ids(what="the sentence"),
        updated_at("sentence"),
    ]
    sentences = (
        Sentence.objects.live()
        .filter(defender__live=True)
        .select_related("case")
        .order_by("pk")
    )
    sources = cited(Sentence)
    rows = []
    for sentence in sentences:
        timeline = timelines.get(sentence.defender_id)
        if timeline is None:
            continue
        case = sentence.case if sentence.case and sentence.case.live else None
        rows.append(
            {
                "id": sentence.pk,
                "defender_id": sentence.defender_id,
                "case": case.slug if case else None,
                **date_values(sentence, "verdict_date"),
                "court": sentence.court,
                "in_absentia": sentence.in_absentia,
                "term_months": sentence.term_months,
                "regime": sentence.regime,
                "regime_note": sentence.regime_note,
                "fine": sentence.fine,
                "expected_release": timeline.expected_release(sentence),
                "note": sentence.note,
                "source_ids": sources.get(sentence.pk, []),
                "updated_at": sentence.updated_at,
            }
        )
    return Table(
        "sentences",
        "Sentences",
        "Every published sentence, one row each (a defender may have several).",
        fields,
        ["id"],
        [("defender_id", "defenders")],
        rows,
    )


def figures_table():
    fields = [
        id_column("figure"),
        url("figure"),
        choice("metric", Figure.Metric.choices, "What is counted.", True),
        choice("qualifier", ClaimedFigure.Qualifier.choices, "How exact it is.", True),
        column(
            "value",
            "integer",
            "The count.",
            constraints={"required": True, "minimum": 0},
        ),
        *fuzzy("as_of", "The day the count is as of.", True),
        text("note", "More about it."),
        source_ids(what="the figure"),
        updated_at("figure"),
    ]
    sources = cited(Figure)
    rows = [
        {
            "id": figure.pk,
            "url": page_url(figure),
            "metric": figure.metric,
            "qualifier": figure.qualifier,
            "value": figure.value,
            **date_values(figure, "as_of"),
            "note": figure.note,
            "source_ids": sources.get(figure.pk, []),
            "updated_at": figure.updated_at,
        }
        for figure in Figure.objects.live().order_by("pk")
    ]
    return Table(
        "figures",
        "National figures",
        "Sourced counts beyond the case file's own people (political "
        "prisoners in Belarus, organizations dissolved); figures that "
        "disagree are separate rows.",
        fields,
        ["id"],
        rows=rows,
    )


def collect():
    """Every table of the dataset, in the package's order, with its rows."""
    ids = {}

    def add(table):
        if table.primary_key == ["id"]:
            ids[table.name] = {row["id"] for row in table.rows}
        return table

    sources = add(sources_table())
    places = add(places_table())
    detention_places = add(detention_places_table(ids))
    organizations = add(organizations_table())
    defenders = add(defenders_table(ids))
    memberships = add(memberships_table(ids))
    events = add(events_table(ids))
    event_places = link_table(
        "event_places",
        "Places of events",
        "Where each event happened: one raid can cover many cities.",
        Event,
        "places",
        "place",
        "places",
        ids,
    )
    event_organizations = link_table(
        "event_organizations",
        "Organizations affected by events",
        "The organizations each event names among those affected.",
        Event,
        "organizations",
        "organization",
        "organizations",
        ids,
    )
    event_defenders = event_defenders_table(ids)
    event_figures = event_figures_table(ids)
    charges = charges_table(ids)
    sentences = sentences_table(ids, defenders.timelines)
    figures = figures_table()
    return [
        defenders,
        events,
        event_places,
        event_defenders,
        event_organizations,
        event_figures,
        charges,
        sentences,
        organizations,
        memberships,
        places,
        detention_places,
        sources,
        figures,
    ]
