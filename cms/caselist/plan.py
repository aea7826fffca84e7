"""What importing a case list would do, worked out without writing.

Each row is matched to a person (by slug, else by any of their names in any
script and romanisation, word order aside (`records.names.name_keys`): a
row that could be two people is an error, not a guess) and
becomes new, an update (with the changes, column by column, against the
latest version of each record), unchanged, or an error. The records to
write are prepared here, unsaved, and `write.py` saves them.

What a row says replaces what the record says; an empty cell leaves the
record as it is (clearing a value is done in the admin). Articles and
sources are added, never taken away. A row describes the person's latest
detention, the release that ended it, and their latest sentence.
"""

import dataclasses
import enum
import hashlib
import json
from collections import defaultdict
from urllib.parse import urlsplit

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
from django.utils.text import get_text_list, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cms.caselist import bulk
from cms.caselist.columns import BY_KEY
from cms.caselist.parse import read_rows
from cms.caselist.people import Person, latest, people_of
from cms.caselist.read import read
from defenders.models import Defender, Membership
from events.models import Charge, Event, EventDefender, Sentence
from records import languages, names
from records.fuzzydate import display, ends_before, fuzzy_parts, set_fuzzy
from records.models import Source
from records.slugs import free_slug, slug_from


class Outcome(enum.StrEnum):
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclasses.dataclass
class Change:
    column: str
    old: str
    new: str


@dataclasses.dataclass
class RowPlan:
    number: int
    name: str
    outcome: Outcome = Outcome.UNCHANGED
    changes: list = dataclasses.field(default_factory=list)
    errors: list = dataclasses.field(default_factory=list)  # [(column, message)]
    # [(record, is new, the sources it cites)], to save in this order.
    records: list = dataclasses.field(default_factory=list)
    defender: Defender | None = None


@dataclasses.dataclass
class Plan:
    rows: list
    # Sources first named by this file: saved, as drafts, before any record.
    new_sources: list
    # {where in the admin: [name, …]}: what the rows name that the case file
    # lacks, so the researcher adds each once instead of reading row by row.
    missing: dict = dataclasses.field(default_factory=dict)

    def count(self, outcome):
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def counts(self):
        return {outcome: self.count(outcome) for outcome in Outcome}

    @property
    def has_errors(self):
        return self.count(Outcome.ERROR) > 0

    @property
    def shown_rows(self):
        """The rows as the preview lists them: those with errors first, so
        that one bad row among thousands is seen without scrolling."""
        return sorted(self.rows, key=lambda row: row.outcome != Outcome.ERROR)

    def summary(self):
        counts = self.counts
        return _(
            "%(new)s new, %(update)s updated, %(unchanged)s unchanged, %(error)s errors"
        ) % {str(outcome): counts[outcome] for outcome in Outcome}

    def digest(self):
        """A fingerprint of what the plan says, so that what is confirmed is
        what was previewed (the case file may change in between)."""
        said = [
            [
                row.number,
                row.outcome,
                [list(vars(c).values()) for c in row.changes],
                row.errors,
            ]
            for row in self.rows
        ]
        return hashlib.sha256(json.dumps(said, default=str).encode()).hexdigest()


def plan_file(data):
    """The Plan of a file's bytes. Raises read.FileError."""
    return plan_rows(read_rows(read(data)))


# Matching ---------------------------------------------------------------------


def row_names(values):
    return [
        *(values[key] for key in ("name", "name_be", "name_ru") if key in values),
        *values.get("other_names", ()),
    ]


class Directory:
    """Every defender's slug and names, in their latest version."""

    def __init__(self):
        self.by_slug, self.by_name, self.names = {}, defaultdict(set), {}
        drafts = []
        for defender in Defender.objects.only(
            "pk",
            "slug",
            "name",
            "name_be",
            "name_ru",
            "other_names",
            "live",
            "has_unpublished_changes",
            "latest_revision",
        ):
            if defender.live and defender.has_unpublished_changes:
                drafts.append(defender)
            else:
                self.add(defender)
        for defender in drafts:
            self.add(latest(defender))

    def add(self, defender):
        self.by_slug[defender.slug] = defender.pk
        self.names[defender.pk] = f"{defender.name} ({defender.slug})"
        for key in names.name_keys(
            defender.name, defender.name_be, defender.name_ru, defender.other_names
        ):
            self.by_name[key].add(defender.pk)

    def match(self, row):
        """(defender pk or None, error or None)."""
        values = row.values
        if "slug" in values and values["slug"] in self.by_slug:
            return self.by_slug[values["slug"]], None
        found = set()
        for key in names.name_keys(*row_names(values)):
            found |= self.by_name.get(key, set())
        if len(found) > 1:
            who = get_text_list(sorted(self.names[pk] for pk in found), _("or"))
            return None, (
                "name",
                _("This row could be %(who)s: give the slug of the one it is.")
                % {"who": who},
            )
        if found and "slug" in values:
            (pk,) = found
            return None, (
                "slug",
                _(
                    "No record has the slug “%(slug)s”, but the names are those of "
                    "%(who)s: use that slug, or leave the cell empty."
                )
                % {"slug": values["slug"], "who": self.names[pk]},
            )
        return (found.pop() if found else None), None


# Planning ---------------------------------------------------------------------


def plan_rows(rows):
    directory = Directory()
    matches, seen, new_names, new_slugs = {}, {}, {}, {}
    for row in rows:
        pk, error = directory.match(row)
        if error:
            row.error(*error)
            continue
        if pk is not None:
            if pk in seen:
                row.error("name", same_person(seen[pk]))
                continue
            seen[pk] = row.number
            matches[row.number] = pk
            continue
        keys = names.name_keys(*row_names(row.values))
        earlier = {new_names[key] for key in keys if key in new_names}
        if earlier:
            row.error("name", same_person(min(earlier)))
            continue
        new_names.update(dict.fromkeys(keys, row.number))
        slug = row.values.get("slug")
        if "name" in row.values and not slug and not slugify(row.values["name"]):
            row.error(
                "name",
                _(
                    "Write the name in Latin letters (the Cyrillic "
                    "spellings go in name_be and name_ru)."
                ),
            )
        elif slug in new_slugs:
            row.error(
                "slug",
                _("Row %(row)s has the same slug, “%(slug)s”.")
                % {"row": new_slugs[slug], "slug": slug},
            )
        elif slug:
            new_slugs[slug] = row.number
    people = people_of(Defender.objects.filter(pk__in=set(matches.values())))
    sources = SourcePool(url for row in rows for url in row.values.get("sources", ()))
    slugs = SlugPool(set(directory.by_slug))
    plans = []
    for row in rows:
        person = people.get(matches.get(row.number))
        plans.append(RowDraft(row, person, sources, slugs).plan())
    slugs.settle_events()
    missing = defaultdict(set)
    for row in rows:
        for where, name in row.missing:
            missing[where].add(name)
    return Plan(
        plans,
        sources.new_sources(plans),
        {where: sorted(names) for where, names in sorted(missing.items())},
    )


def same_person(number):
    return _("This row is the same person as row %(row)s: one row per person.") % {
        "row": number
    }


class SourcePool:
    """Sources by URL: those in the case file, and one new draft for each
    URL it does not have yet, shared by every row that cites it."""

    def __init__(self, urls):
        urls = set(urls)
        self.by_url = {s.url: s for s in Source.objects.filter(url__in=urls)}
        self.created = {}

    def get(self, url):
        if url not in self.by_url:
            host = urlsplit(url).hostname or ""
            self.by_url[url] = self.created[url] = bulk.new(
                Source, title=url[:500], url=url, publisher=host.removeprefix("www.")
            )
        return self.by_url[url]

    def new_sources(self, plans):
        """The new sources that rows going ahead cite."""
        cited = {
            id(source)
            for plan in plans
            for _record, _new, sources in plan.records
            for source in sources
        }
        return [source for source in self.created.values() if id(source) in cited]


class SlugPool:
    """Slugs for new defenders and events, unique in the case file."""

    def __init__(self, defender_slugs):
        self.defenders = defender_slugs
        self.events = []

    def defender(self, slug):
        slug = free_slug(slug, self.defenders)
        self.defenders.add(slug)
        return slug

    def event(self, event):
        self.events.append(event)

    def settle_events(self):
        """Give each new event a slug no other event has: one query per round
        of collisions, not one per event."""
        taken, pending, number = set(), list(self.events), 1
        bases = {id(event): event.slug for event in pending}
        while pending:
            wanted = {event.slug for event in pending}
            taken |= set(
                Event.objects.filter(slug__in=wanted).values_list("slug", flat=True)
            )
            collided = []
            for event in pending:
                if event.slug in taken:
                    collided.append(event)
                else:
                    taken.add(event.slug)
            number += 1
            for event in collided:
                event.slug = f"{bases[id(event)]}-{number}"
            pending = collided


EVENT_TITLES = {
    Event.Type.DETENTION: _lazy("Detention of %(name)s"),
    Event.Type.RELEASE: _lazy("Release of %(name)s"),
}
# The fields a row sets, and the column that sets each (to name errors). A
# case list's texts are English: they fill the English columns.
DEFENDER_FIELDS = [
    "name",
    "name_be",
    "name_ru",
    "other_names",
    "birth_year",
    "status",
    "status_as_of",
    "letter_address",
    "private_notes",
]
COLUMN_OF_FIELD = {
    Defender: {
        **{key: key for key in [*DEFENDER_FIELDS, "role", "slug", "sources"]},
        "role_en": "role",
    },
    Membership: {"role_en": "role", "organization": "organization"},
    Event.Type.DETENTION: {
        "date": "detained_on",
        "places": "detention_city",
        "detention_place": "detention_place",
        "sources": "sources",
    },
    Event.Type.RELEASE: {"date": "released_on", "sources": "sources"},
    Charge: {"article": "articles", "sources": "sources"},
    Sentence: {
        "verdict_date": "verdict_on",
        "court": "court",
        "term_months": "sentence",
        "regime": "regime",
        "regime_note": "regime",
        "sources": "sources",
    },
}


def shown(key, value):
    """A value as the preview shows it, and as a cell would hold it."""
    if value is None or value == "":
        return ""
    if key in ("status_as_of", "detained_on", "verdict_on", "released_on"):
        return display(*value)
    if key == "other_names":
        return "; ".join(value)
    if key == "sentence":
        return Sentence(term_months=value).term_display
    if key == "regime":
        code, note = value
        return note if note is not None else str(Sentence.Regime(code).label)
    if key == "status":
        return str(Defender.Status(value).label)
    return str(value)


def read_back(key, text):
    """A record's cell text, read as the row's cell would be: so a value
    written the same way compares equal."""
    if not text:
        return None
    try:
        return BY_KEY[key].read(text)
    except ValueError:
        return text


class RowDraft:
    """One row, worked out: its changes and the records it would save."""

    def __init__(self, row, person, sources, slugs):
        self.row, self.person, self.values = row, person, row.values
        self.sources, self.slugs = sources, slugs
        self.changes, self.records = [], []
        self.cells = person.cells() if person else {}
        self.membership = None

    def plan(self):
        row = self.row
        name = self.values.get("name") or (self.person and self.person.defender.name)
        plan = RowPlan(row.number, name or "")
        if not row.errors:
            self.cited = [
                self.sources.get(url) for url in self.values.get("sources", ())
            ]
            self.defender = self.plan_defender()
            if not self.cited and self.person is None:
                row.error("sources", _("This column needs a value in every row."))
            self.cited = self.cited or (self.person.sources if self.person else [])
            self.plan_detention()
            self.plan_release()
            self.plan_charges()
            self.plan_sentence()
            if self.records and not row.errors:
                self.check()
        if row.errors:
            plan.outcome, plan.errors = Outcome.ERROR, row.errors
            return plan
        plan.changes, plan.records = self.changes, self.records
        plan.defender = self.defender
        if self.person is None:
            plan.outcome = Outcome.NEW
        elif self.changes:
            plan.outcome = Outcome.UPDATE
        return plan

    def change(self, key, old, new):
        self.changes.append(
            Change(self.row.headers.get(key, key), shown(key, old), shown(key, new))
        )

    def save(self, record, new=False):
        """Keep `record` to be saved (once), citing the row's sources."""
        if not any(kept is record for kept, _new, _sources in self.records):
            self.records.append((record, new, list(self.cited)))

    # The defender --------------------------------------------------------------

    def plan_defender(self):
        values, person = self.values, self.person
        if person is None:
            defender = bulk.new(Defender)
            defender.slug = self.slugs.defender(
                values.get("slug") or slug_from(values["name"])
            )
            changed = [key for key in DEFENDER_FIELDS if key in values]
            for key in changed:
                self.change(key, None, values[key])
        else:
            defender = person.defender
            changed = [
                key
                for key in DEFENDER_FIELDS
                if key in values and read_back(key, self.cells[key]) != values[key]
            ]
            for key in changed:
                self.change(key, read_back(key, self.cells[key]), values[key])
        for key in changed:
            set_field(defender, key, values[key])
        if self.plan_membership(defender) or changed:
            self.save(defender, new=person is None)
        known = {source.url for source in (person.sources if person else [])}
        added = [url for url in values.get("sources", ()) if url not in known]
        if added:
            self.change(
                "sources", "; ".join(sorted(known)), "; ".join(sorted(known) + added)
            )
            self.save(defender, new=person is None)
        return defender

    def plan_membership(self, defender):
        """Add the organization, or change the role in it; without an
        organization, the role is the person's own."""
        values, person = self.values, self.person
        role = values.get("role")
        if "organization" not in values:
            if role is not None and read_back("role", defender.role_en) != role:
                self.change("role", defender.role_en, role)
                defender.role_en = role
                return True
            return False
        organization = values["organization"]
        membership = person.membership(organization) if person else None
        memberships = person.memberships if person else []
        if membership is None:
            current = "; ".join(m.organization.slug for m in memberships)
            self.change("organization", current, organization.slug)
            membership = Membership(organization=organization, role_en=role or "")
            defender.memberships = [*memberships, membership]
            self.membership = membership
            return True
        if role is not None and read_back("role", membership.role_en) != role:
            self.change("role", membership.role_en, role)
            membership.role_en = role
            defender.memberships = memberships
            self.membership = membership
            return True
        return False

    # Events --------------------------------------------------------------------

    def plan_detention(self):
        keys = ("detained_on", "detention_city", "detention_place")
        given = {key: self.values[key] for key in keys if key in self.values}
        if not given:
            return
        event = self.person.detention if self.person else None
        if event is None:
            if "detained_on" not in given:
                self.row.error(
                    "detained_on",
                    _(
                        "The detention's city and place need its date: fill in "
                        "this column too."
                    ),
                )
                return
            event = self.new_event(Event.Type.DETENTION, EventDefender.Role.DETAINED)
            current = {}
        else:
            current = {
                "detained_on": fuzzy_parts(event, "date"),
                "detention_city": self.person.detention_city(),
                "detention_place": event.detention_place,
            }
        changed = [
            key for key in keys if key in given and current.get(key) != given[key]
        ]
        if not changed:
            return
        if current and Person.shared(event):
            self.shared_event_error(changed[0], event)
            return
        for key in changed:
            self.change(key, current.get(key), given[key])
        if "detained_on" in changed:
            set_fuzzy(event, "date", given["detained_on"])
        if "detention_city" in changed:
            event.places = [given["detention_city"]]
        if "detention_place" in changed:
            event.detention_place = given["detention_place"]
        self.save(event, new=not current)

    def plan_release(self):
        if "released_on" not in self.values:
            return
        released = self.values["released_on"]
        detention = self.person.detention if self.person else None
        if "detained_on" not in self.values and detention and detention.date:
            if ends_before(released[0], released[1], detention.date):
                self.row.error(
                    "released_on",
                    _(
                        "The release (%(released)s) comes before the detention on "
                        "record (%(detained)s)."
                    )
                    % {
                        "released": display(*released),
                        "detained": detention.date_display,
                    },
                )
                return
        event = self.person.release if self.person else None
        current = fuzzy_parts(event, "date") if event else None
        if current == released:
            return
        if event is not None and Person.shared(event):
            self.shared_event_error("released_on", event)
            return
        if event is None:
            event = self.new_event(Event.Type.RELEASE, EventDefender.Role.RELEASED)
        self.change("released_on", current, released)
        set_fuzzy(event, "date", released)
        self.save(event, new=current is None)

    def new_event(self, kind, role):
        defender = self.defender
        # The title in each language, each with the name in its script.
        titles = {}
        for code in languages.CODES:
            with translation.override(code):
                titles[f"title_{code}"] = EVENT_TITLES[kind] % {
                    "name": defender.local_name
                }
        event = bulk.new(Event, type=kind, **titles)
        date = self.values.get(
            "detained_on" if kind == Event.Type.DETENTION else "released_on"
        )
        event.slug = slug_from(f"{defender.slug}-{kind}-{date[0].isoformat()}")
        event.participants = [EventDefender(defender=defender, role=role)]
        self.slugs.event(event)
        return event

    def shared_event_error(self, key, event):
        self.row.error(
            key,
            _(
                "“%(event)s” names %(count)s people: change it in the admin, not "
                "from one person's row."
            )
            % {"event": event.title, "count": len(event.participants.all())},
        )

    # Charges and sentence ------------------------------------------------------

    def plan_charges(self):
        wanted = self.values.get("articles", ())
        charged = self.person.articles if self.person else {}
        added = [article for article in wanted if article.pk not in charged]
        if not added:
            return
        current = sorted(article.slug for article in charged.values())
        self.change(
            "articles",
            "; ".join(current),
            "; ".join(sorted([*current, *(a.slug for a in added)])),
        )
        for article in added:
            self.save(bulk.new(Charge, defender=self.defender, article=article), True)

    def plan_sentence(self):
        keys = ("verdict_on", "court", "sentence", "regime")
        given = {key: self.values[key] for key in keys if key in self.values}
        if not given:
            return
        sentence = self.person.sentence if self.person else None
        if sentence is None:
            missing = [key for key in ("verdict_on", "sentence") if key not in given]
            if missing:
                self.row.error(
                    missing[0],
                    _(
                        "A sentence needs both its verdict date (verdict_on) and "
                        "its term (sentence)."
                    ),
                )
                return
            sentence = bulk.new(Sentence, defender=self.defender)
            current = {}
        else:
            current = {
                "verdict_on": fuzzy_parts(sentence, "verdict_date"),
                "court": read_back("court", sentence.court),
                "sentence": sentence.term_months,
                "regime": read_back("regime", self.cells["regime"]),
            }
        changed = [
            key for key in keys if key in given and current.get(key) != given[key]
        ]
        for key in changed:
            self.change(key, current.get(key), given[key])
            value = given[key]
            if key == "verdict_on":
                set_fuzzy(sentence, "verdict_date", value)
            elif key == "court":
                sentence.court = value
            elif key == "sentence":
                sentence.term_months = value
            else:
                sentence.regime, note = value
                if note is not None:
                    sentence.regime_note = note
        if changed:
            self.save(sentence, new=not current)

    # Validation ----------------------------------------------------------------

    def check(self):
        """The models' own rules (lengths, hidden characters, dates) on the
        fields a row sets, each error named by the column that sets it."""
        for record, _new, _sources in self.records:
            fields = COLUMN_OF_FIELD[
                record.type if isinstance(record, Event) else type(record)
            ]
            self.validate(record, fields)
        if self.membership is not None:
            self.validate(self.membership, COLUMN_OF_FIELD[Membership])

    def validate(self, record, fields):
        # Related records come from the database already: they are not
        # looked up again.
        checked = set(fields) - {"article", "detention_place", "organization"}
        unchecked = [f.name for f in record._meta.fields if f.name not in checked]
        for check in (lambda: record.clean_fields(exclude=unchecked), record.clean):
            try:
                check()
            except ValidationError as error:
                self.report(error, fields)

    def report(self, error, fields):
        for field, messages in error.message_dict.items():
            key = fields.get(field, "name" if field == NON_FIELD_ERRORS else field)
            for message in messages:
                self.row.error(key, message)


def set_field(defender, key, value):
    if key == "status_as_of":
        set_fuzzy(defender, key, value)
    elif key == "other_names":
        defender.other_names = "\n".join(value)
    else:
        setattr(defender, key, value)
