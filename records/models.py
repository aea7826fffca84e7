"""The base of every case record: Wagtail's editorial features, in one place.

Records are snippets with drafts, revisions (and their compare view), locking,
preview, a review workflow and the audit log, all from Wagtail. The public sees
only live records: use `Model.objects.live()`.
"""

import contextlib
import time

from psycopg.errors import QueryCanceled

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, models, transaction
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, Concat, Length
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.admin.panels import FieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from records import languages, names
from records.fuzzydate import FuzzyDate, clean_fuzzy_dates, fuzzy_date_panel
from records.slugs import fill_slug, slug_source_panel
from records.text import hidden_characters_errors

# {model: build(request, record) -> context}: the app that renders a record's
# public page registers how it builds the context (`page_context`).
PAGE_CONTEXTS = {}


def published_newest(name):
    """The index of live records, the latest published first: the feed's
    latest updates (cms.updates.latest_updates)."""
    return models.Index(
        Coalesce("last_published_at", "updated_at").desc(),
        F("id").desc(),
        condition=Q(live=True),
        name=name,
    )


def page_context(model):
    """Register a record type's page context for its public view and preview."""

    def register(build):
        PAGE_CONTEXTS[model] = build
        return build

    return register


# Past this many matches, `RecordQuerySet.matching` refuses the search as
# too broad: counting and sorting every record a common word names grows
# with the case file (seconds at 50,000 defenders).
MAX_SEARCH_KEYS = 5000


# The longest one statement of a search may run on PostgreSQL
# (`search_time_limit`): a search, a few statements, never holds a worker
# for long. One takes milliseconds at 50,000 defenders.
SEARCH_TIMEOUT_MS = 1000


class SearchTooBroad(Exception):
    """More than MAX_SEARCH_KEYS records match a search, or it ran past
    SEARCH_TIMEOUT_MS."""

    def message(self):
        if isinstance(self.__cause__, OperationalError):
            return gettext("This search takes too long: add a word to narrow it.")
        return gettext(
            "More than %(max)s records match this search: add a word to narrow it."
        ) % {"max": formats.number_format(MAX_SEARCH_KEYS, force_grouping=True)}


@contextlib.contextmanager
def search_time_limit():
    """Statements inside run at most SEARCH_TIMEOUT_MS on PostgreSQL; past it,
    SearchTooBroad. In a transaction of its own: the limit (SET LOCAL) ends
    with it, or with the caller's transaction."""
    if connection.vendor != "postgresql":
        yield
        return
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)",
                    [str(SEARCH_TIMEOUT_MS)],
                )
            yield
    except OperationalError as error:
        if not isinstance(error.__cause__, QueryCanceled):
            raise
        raise SearchTooBroad from error


# How many records `RecordQuerySet.named_ids` reads to tell a word most
# records share.
COMMON_PROBE = 200


class RecordQuerySet(models.QuerySet):
    """The base of every record's queryset. Each public question (who is
    charged under an article, what happened in a city) is one method of a
    record's queryset, which the public page and the API both call."""

    def live(self):
        return self.filter(live=True)

    def having(self, *conditions, **lookups):
        """Records with one related row that meets every condition, through
        relations (`charges__live=True, charges__article__in=articles`): the
        conditions are one filter, so they hold for the same related row.

        An EXISTS subquery: no join repeats a record, so no DISTINCT."""
        related = self.model._base_manager.filter(pk=OuterRef("pk"))
        return self.filter(Exists(related.filter(*conditions, **lookups)))

    def matching(self, text):
        """Published records that match `text` (SearchTooBroad past
        MAX_SEARCH_KEYS of them): by any spelling of their name
        (`named_like`, for a `Named` record), or by full-text search through
        Wagtail search (PostgreSQL full text, SQLite FTS5): words matched
        whole, the last one also as a prefix. `text` is words separated by
        spaces (`records.api.filters.SearchField` cleans a query to that)."""
        if not text:
            return self
        backend = get_search_backend()
        # No ordering: the backends sort only on FilterFields, and
        # django-modeltranslation spells out the model's default ordering.
        live = self.model.objects.live().order_by()
        matches = backend.search(text, live, order_by_relevance=False)
        prefix = backend.autocomplete(text, live, order_by_relevance=False)
        parts = [
            matches.get_queryset().values("pk").order_by(),
            prefix.get_queryset().values("pk").order_by(),
        ]
        if issubclass(self.model, Named):
            spelled = live.named_like(text, typos=False, ranked=False)
            parts.append(spelled.values("pk").order_by())
        # The keys, fetched once: as subqueries, the backend's joins run
        # again in the count and in the page. A word most records share
        # gives too many keys: SearchTooBroad, found after reading at most
        # MAX_SEARCH_KEYS + 1 of each part.
        pks = set()
        with search_time_limit():
            for part in parts:
                keys = {row["pk"] for row in part[: MAX_SEARCH_KEYS + 1]}
                if not keys and part is parts[-1] and typos_searched(self.model):
                    # No spelling matches: look for a typo (`spelled_like`).
                    part = live.named_like(text, ranked=False).values("pk").order_by()
                    keys = {row["pk"] for row in part[: MAX_SEARCH_KEYS + 1]}
                pks |= keys
                if len(pks) > MAX_SEARCH_KEYS:
                    raise SearchTooBroad
        return self.filter(pk__in=pks)

    def named_like(self, text, typos=True, field="search_names", ranked=True):
        """Records of a `Named` model with a name spelled like `text`, each
        word of it in some spelling, in any order, with `name_rank`: the sum
        of each word's best grade (`name_grades`); a typo is a grade on
        PostgreSQL, with `typos`. `field` is the column compared
        (`named_ids` reads a copy the index does not serve); without
        `ranked`, no `name_rank`."""
        rank = Value(0, output_field=IntegerField())
        found = Q()
        for word in names.query_words(text):
            grades = name_grades(word, typos, field)
            # A prefix condition holds wherever the whole word does.
            found &= any_of(
                condition
                for condition, points in grades
                if points < names.WHOLE_WORD or len(word.word) < names.PREFIX_MIN
            )
            if ranked:
                rank = rank + Case(
                    *(When(c, then=Value(points)) for c, points in grades),
                    default=Value(0),
                    output_field=IntegerField(),
                )
        if not ranked:
            return self.filter(found) if found else self.none()
        if not found:
            return self.none().annotate(name_rank=rank)
        return self.filter(found).annotate(name_rank=rank)

    def spelled_like(self, text):
        """`named_like`, looking for typos only when no spelling matches: a
        typo's similarity test is its slowest part, and a spelling found is
        a better answer than a guess."""
        spelled = self.named_like(text, typos=False)
        return spelled if spelled.exists() else self.named_like(text)

    def named_ids(self, text, limit):
        """(pks, more) of the best `limit` records `spelled_like` `text`.

        A word most records share would have every record ranked: when more
        than half of the first COMMON_PROBE records match, the answer is the
        best of the first `limit` + 1 matches found, with `more` set. Those
        are read without the trigram index, which for such a word returns
        every row, so that the scan stops as soon as they are found."""
        first = self.model._base_manager.order_by("pk").values("pk")
        unindexed = Concat("search_names", Value(""), output_field=models.TextField())
        scan = self.alias(names_scan=unindexed)
        spelled = scan.named_like(text, False, "names_scan", ranked=False)
        probe = spelled.filter(pk__in=first[:COMMON_PROBE])
        if large(self.model) and probe.count() * 2 > COMMON_PROBE:
            # Unordered, so that the scan stops at the first it finds.
            found = scan.filter(pk__in=spelled.order_by().values("pk")[: limit + 1])
            found = found.named_like(text, False, "names_scan").by_name_rank()
            pks = list(found.values_list("pk", flat=True))
            return pks[:limit], len(pks) > limit
        # A typo is looked for only when no spelling matches: a common word
        # is never one.
        for typos in (False, True) if typos_searched(self.model) else (False,):
            found = self.named_like(text, typos=typos).by_name_rank()
            pks = list(found.values_list("pk", flat=True)[: limit + 1])
            if pks:
                break
        return pks[:limit], len(pks) > limit

    def called(self, value):
        """The one record of a `Named` model that `value` names: by slug, by
        name in any case, or by a whole spelling of each word of its name
        (Gomel, Гомель for Homieĺ). None when none does, or several."""
        found = self.filter(Q(slug=value) | Q(name__iexact=value)).order_by("pk")
        record = found.first()
        if record is not None:
            return record
        whole_words = names.WHOLE_WORD * len(names.query_words(value))
        spelled = self.named_like(value).filter(name_rank__gte=whole_words)
        spelled = list(spelled.order_by("pk")[:2])
        return spelled[0] if len(spelled) == 1 else None

    def by_name_rank(self):
        """Best first; of two alike, the shorter name, nearer the query."""
        return self.order_by("-name_rank", Length("name"), "name", "pk")


# {model: (rows, when counted)}: how large each table is, within minutes.
TABLE_SIZES = {}


def large(model):
    """Whether `model`'s table is large enough for a word most of its
    records share to be slow to rank (a few thousand rows are not)."""
    rows, when = TABLE_SIZES.get(model, (0, -600.0))
    if time.monotonic() - when > 600:
        rows = model._base_manager.count()
        TABLE_SIZES[model] = (rows, time.monotonic())
    return rows > 5 * COMMON_PROBE


def typos_searched(model):
    """Whether a name is also looked for with a typo: on PostgreSQL."""
    return issubclass(model, Named) and connection.vendor == "postgresql"


def any_of(conditions):
    found = Q()
    for condition in conditions:
        found |= condition
    return found


def name_grades(query, typos=True, field="search_names"):
    """[(condition, points)] for one `names.QueryWord`, best first: the
    spelling entered, a generated one (or, for a Cyrillic word, a
    romanisation of it), another spelling of the whole word (its skeleton,
    or its stem when declined: Гомеля), a prefix of an entered spelling, of
    a generated one, of a stem, and a typo."""
    word, stem, bones = query.word, query.stem, query.bones
    has = f"{field}__contains"
    grades = [
        (Q(**{has: f" {word} "}), 60),
        (
            any_of(
                Q(**{has: f"{mark}{spelled} "})
                for spelled in (word, *query.latin)
                for mark in (" ", " ~")
                if spelled != word or mark == " ~"
            ),
            names.WHOLE_WORD,
        ),
    ]
    if bones:
        grades.append((Q(**{has: f" #{bones} "}), 45))
    if stem:
        grades.append((Q(**{has: f" {stem} "}) | Q(**{has: f" ~{stem} "}), 45))
    if len(word) >= names.PREFIX_MIN:
        grades += [(Q(**{has: f" {word}"}), 40), (Q(**{has: f" ~{word}"}), 30)]
    if stem:
        grades.append((Q(**{has: f" {stem}"}) | Q(**{has: f" ~{stem}"}), 25))
    if typos and connection.vendor == "postgresql" and len(word) >= names.FUZZY_MIN:
        grades.append((Q(**{f"{field}__trigram_word_similar": word}), 10))
    return grades


class Named(models.Model):
    """A record looked for by its name, in any spelling: `search_names`
    holds every spelling of it (records/names.py), rewritten on each save."""

    name_fields = ("name", "name_be", "name_ru", "other_names")

    search_names = models.TextField(editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fill_search_names()
        fields = kwargs.get("update_fields")
        if fields is not None and set(fields) & set(self.name_fields):
            kwargs["update_fields"] = {*fields, "search_names"}
        return super().save(*args, **kwargs)

    @property
    def also_written(self):
        """The other spellings researchers entered, as the profile lists
        them; the generated variants are searched, never shown."""
        shown = {
            names.fold(getattr(self, f, "")) for f in ("name", "name_be", "name_ru")
        }
        return [
            line.strip()
            for line in dict.fromkeys(self.other_names.splitlines())
            if line.strip() and names.fold(line) not in shown
        ]

    def fill_search_names(self):
        self.search_names = names.search_names(
            *(getattr(self, field, "") for field in self.name_fields)
        )

    @property
    def local_name(self):
        """The name in the reader's script first (records.languages)."""
        return languages.local_name(self)

    @property
    def other_spellings(self):
        """[(lang, name)] of the name's other scripts than the one shown."""
        shown = self.local_name
        spellings = (("be-Latn", self.name), ("be", self.name_be), ("ru", self.name_ru))
        return [(code, name) for code, name in spellings if name and name != shown]


class TranslatedTitle(models.Model):
    """A page's title in Belarusian and Russian: Wagtail keeps `title` on its
    own page table, which django-modeltranslation cannot give columns."""

    title_be = models.CharField(_("title in Belarusian"), max_length=255, blank=True)
    title_ru = models.CharField(_("title in Russian"), max_length=255, blank=True)

    title_panels = [FieldPanel("title_be"), FieldPanel("title_ru")]

    class Meta:
        abstract = True

    @property
    def local_title(self):
        return languages.local_title(self)


class Record(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(app_label)s_%(class)s",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(app_label)s_%(class)s",
        for_concrete_model=False,
    )

    objects = RecordQuerySet.as_manager()

    # Records whose publication must cite at least one source.
    requires_source = False
    # Names and titles: refused with invisible or bidi control characters
    # (records/text.py); "one per line" fields may hold line breaks.
    plain_text_fields = ()
    multiline_text_fields = ("other_names",)
    # The field an empty slug is made from on save (records/slugs.py).
    slug_source = None

    class Meta:
        abstract = True

    def slug_text(self):
        """The text a new record's slug is made from."""
        return getattr(self, self.slug_source)

    def clean(self):
        super().clean()
        slug_error = fill_slug(self)
        errors = {
            **({"slug": slug_error} if slug_error else {}),
            **hidden_characters_errors(
                self, self.plain_text_fields, self.multiline_text_fields
            ),
            **clean_fuzzy_dates(self),
            **self.validation_errors(),
        }
        if errors:
            raise ValidationError(errors)

    def validation_errors(self):
        """{field: message} for rules across fields; override per record."""
        return {}

    def publish(self, revision, user=None, **kwargs):
        """Wagtail's publish, and with it the draft sources the record cites:
        one review covers a fact and its sources (`publish_cited_drafts`)."""
        with transaction.atomic():
            result = super().publish(revision, user=user, **kwargs)
            if isinstance(self, Cited):
                # Wagtail publishes a copy made from the revision: read the
                # record as published (or scheduled, and not live yet).
                record = type(self)._default_manager.get(pk=self.pk)
                if record.live:
                    publish_cited_drafts(record, user)
        return result

    def get_preview_template(self, request, mode_name):
        meta = self._meta
        return f"{meta.app_label}/{meta.model_name}_page.html"

    def get_preview_context(self, request, mode_name):
        return {
            **super().get_preview_context(request, mode_name),
            **self.public_context(request),
        }

    def public_context(self, request):
        """The context of this record's public page, shared with its preview,
        so an editor previews exactly what the public will see."""
        build = PAGE_CONTEXTS.get(type(self))
        return build(request, self) if build else {"page": self}


class Cited(models.Model):
    """A record whose facts each come from a Source."""

    sources = ParentalManyToManyField(
        "records.Source",
        blank=True,
        related_name="cited_by_%(app_label)s_%(class)s",
        verbose_name=_("sources"),
    )

    class Meta:
        abstract = True


def cited_drafts(record):
    """The draft sources `record` cites: in its source fields (`sources`, a
    defender's `status_sources`) and in its inline rows (an event's claimed
    figures, a charge's history each cite one)."""
    pks = {
        source.pk
        for field in record._meta.many_to_many
        if field.related_model is Source
        for source in getattr(record, field.name).all()
    }
    for relation in get_all_child_relations(record):
        for field in relation.related_model._meta.concrete_fields:
            if field.is_relation and field.related_model is Source:
                rows = getattr(record, relation.get_accessor_name()).all()
                pks.update(getattr(row, field.attname) for row in rows)
    return Source.objects.filter(pk__in=pks, live=False)


def publish_cited_drafts(record, user):
    """Publish the draft sources a record cites, as `user`, with the record.

    A source made while citing it is a draft (the chooser's Create tab), so
    that it is reviewed with the fact it supports: the editor who publishes
    the record has reviewed its sources too, publish permission on sources or
    not. Publishing a record never publishes a source it does not cite."""
    for source in cited_drafts(record):
        revision = source.latest_revision or source.save_revision(user=user)
        revision.publish(user=user, skip_permission_checks=True)


WITHHELD = _("source withheld for safety")


class Source(Record):
    """Where a fact comes from. Every public fact on Docket cites one.

    A confidential source (a person at risk, a leaked document) is shown to
    the public only as "source withheld for safety".
    """

    plain_text_fields = ("title",)

    title = models.CharField(_("title"), max_length=500)
    url = models.URLField(_("URL"), max_length=2000, blank=True)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    published_on = FuzzyDate(_("published on"), blank=True)
    archived_url = models.URLField(_("archived URL"), max_length=2000, blank=True)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_('Shown publicly only as "source withheld for safety".'),
    )
    private_notes = models.TextField(_("private notes"), blank=True)

    panels = [
        "title",
        "url",
        "publisher",
        fuzzy_date_panel("published_on", _("Published on")),
        "archived_url",
        "confidential",
        "private_notes",
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("publisher"),
        index.SearchField("url"),
        index.AutocompleteField("title"),
        index.FilterField("confidential"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["publisher", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~models.Q(url=""),
                name="source_unique_url",
            )
        ]

    def __str__(self):
        """Title first, then date and publisher: one publisher's many sources
        told apart ("Searches in Minsk — 16 February 2021 · Viasna")."""
        label = self.title
        if self.published_on:
            label = f"{label} — {self.published_on_display}"
        return f"{label} · {self.publisher}" if self.publisher else label

    def public_fields(self):
        """All the public may know of this source, on pages and in the API
        alike: of a confidential one, only that it is withheld."""
        if self.confidential:
            return {"withheld": True, "title": WITHHELD}
        return {
            "withheld": False,
            "title": self.title,
            "url": self.url or None,
            "publisher": self.publisher or None,
            "published_on": self.published_on_edtf,
            "published_on_precision": self.published_on_precision
            if self.published_on
            else None,
            "published_on_display": self.published_on_display,
            "archived_url": self.archived_url or None,
        }


class Place(Named, Record):
    """A city, region or country: for maps and for filtering by city."""

    plain_text_fields = (
        "name",
        "other_names",
    )

    class Kind(models.TextChoices):
        CITY = "city", _("city or town")
        VILLAGE = "village", _("village")
        REGION = "region", _("region")
        COUNTRY = "country", _("country")

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_be = models.CharField(_("name in Belarusian"), max_length=200, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    other_names = models.TextField(
        _("other names"), blank=True, help_text=_("One spelling per line.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=100, default="Belarus")
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )

    slug_source = "name"

    panels = [
        slug_source_panel("name"),
        "name_be",
        "name_ru",
        "slug",
        "other_names",
        "kind",
        "country",
        "latitude",
        "longitude",
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("other_names"),
        index.AutocompleteField("name"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def map_position(self):
        """(latitude, longitude) rounded to two decimals (about 1 km, a town's
        centre: more digits would claim an address), or (None, None): what
        every map and the API show."""
        if self.latitude is None or self.longitude is None:
            return None, None
        return round(float(self.latitude), 2), round(float(self.longitude), 2)

    @property
    def name_with_country(self):
        """ "Vilnius, Lithuania"; a country alone ("Belarus", never "Belarus,
        Belarus")."""
        if self.kind == self.Kind.COUNTRY or not self.country:
            return self.local_name
        # The country is its English name, which the catalogs translate
        # (petition/countries.py).
        return f"{self.local_name}, {gettext(self.country)}"


class PublicVersion(models.Model):
    """The version of everything the public sees: one row, bumped whenever a
    record or page is saved or deleted (`records.cache`).

    It lives in the database so that every app process agrees on it at once:
    the public cache keys and the API's ETags are built from it."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("public version")
        verbose_name_plural = _("public versions")

    def __str__(self):
        return f"public version {self.number} ({self.changed_at:%Y-%m-%d %H:%M})"


class RateCount(models.Model):
    """Hits of one client in one window of a rate limit, counted here while
    the cache is unreachable (records.ratelimit), so that a limit never
    switches off with Redis. The key is a salted hash of the client's
    address, never the address itself; a row outlives its window by moments."""

    key = models.CharField(max_length=200)
    # Unix time at which the window closes.
    window_end = models.PositiveBigIntegerField(db_index=True)
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rate count")
        verbose_name_plural = _("rate counts")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "window_end"], name="ratecount_one_per_window"
            )
        ]

    def __str__(self):
        return f"{self.hits} hits until {self.window_end}"

    @classmethod
    def hit(cls, key, window_end):
        """Count one hit in the window: the hits in it so far, this one
        included. One statement, so concurrent hits are all counted."""
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (key, window_end, hits) VALUES (%s, %s, 1) "  # noqa: S608
                f"ON CONFLICT (key, window_end) DO UPDATE SET hits = {table}.hits + 1 "
                "RETURNING hits",
                [key, window_end],
            )
            (hits,) = cursor.fetchone()
        if hits == 1:  # a new window: the ones that closed go
            cls.objects.filter(window_end__lt=time.time()).delete()
        return hits
