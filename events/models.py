import dataclasses
import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from defenders.models import Defender
from records import languages
from records.fuzzydate import (
    FuzzyDate,
    clean_fuzzy_dates,
    display,
    ends_before,
    fuzzy_date_panel,
    to_edtf,
    when,
)
from records.languages import translated_panel
from records.models import Cited, Record, RecordQuerySet, published_newest
from records.public import grouped
from records.slugs import slug_source_panel
from records.widgets import sources_panel

MAX_SENTENCE_MONTHS = 50 * 12

# A charge or sentence is found in the admin by its defender's every
# spelling; the admin searches AutocompleteFields only.
DEFENDER_NAMES = [
    field
    for name in ("name", "name_be", "name_ru", "other_names")
    for field in (index.SearchField(name), index.AutocompleteField(name))
]


class ArticleQuerySet(RecordQuerySet):
    def named(self, value):
        """What `342-1` or `342` means in a filter: `342-1` is one article
        part (its slug); `342` is every part of article 342 (its number),
        and the article itself when recorded without a part."""
        return self.filter(Q(slug=value) | Q(number=value))


class EventQuerySet(RecordQuerySet):
    """The public questions about events, for the pages and the API."""

    def of_type(self, *types):
        """Of one of these types (`Event.Type` members)."""
        return self.filter(type__in=types)

    def between(self, after=None, before=None):
        """Dated on or after `after` and on or before `before` (days; either
        may be None), by the earliest day of the event's fuzzy date."""
        events = self
        if after:
            events = events.filter(date__gte=after)
        if before:
            events = events.filter(date__lte=before)
        return events

    def in_year(self, year):
        """Dated in this year, by the earliest day of the event's date."""
        return self.between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def in_city(self, place):
        """That happened in this place (one of its places), or that took
        someone to a detention place there."""
        return self.filter(
            Q(
                Exists(
                    Event.places.through.objects.filter(
                        event_id=OuterRef("pk"), place=place
                    )
                )
            )
            | Q(detention_place__place=place)
        )

    def involving(self, defender):
        """Naming this defender."""
        return self.filter(
            Exists(
                EventDefender.objects.filter(event=OuterRef("pk"), defender=defender)
            )
        )

    def affecting(self, organization):
        """Naming this organization among those affected."""
        return self.filter(
            Exists(
                Event.organizations.through.objects.filter(
                    event_id=OuterRef("pk"), organization=organization
                )
            )
        )


class ChargeQuerySet(RecordQuerySet):
    """The public questions about charges, for the pages and the API."""

    def against(self, defender):
        return self.filter(defender=defender)

    def under(self, articles):
        """Under one of `articles`: `Article.objects.live().named("342")`
        for every part of article 342."""
        return self.filter(article__in=articles)

    def with_outcome(self, *outcomes):
        """Whose outcome as the record has it (`Charge.public_outcome`) is one
        of these: an unknown or pending charge a published verdict decided
        is convicted."""
        decided = Exists(
            Event.charges.through.objects.filter(
                charge_id=OuterRef("pk"),
                event__live=True,
                event__type=Event.Type.VERDICT,
            )
        )
        unsettled = (Charge.Outcome.UNKNOWN, Charge.Outcome.PENDING)
        return self.annotate(
            public_outcome_code=Case(
                When(
                    Q(outcome__in=unsettled) & Q(decided),
                    then=Value(Charge.Outcome.CONVICTED.value),
                ),
                default=F("outcome"),
                output_field=models.CharField(),
            )
        ).filter(public_outcome_code__in=outcomes)

    def with_public_outcome(self):
        """With what `Charge.public_outcome` reads, in constant queries: the
        published verdicts naming each charge, its history, and the charge
        that replaced it."""
        return self.select_related("replaced_by__article").prefetch_related(
            Prefetch(
                "verdicts",
                queryset=Event.objects.live()
                .of_type(Event.Type.VERDICT)
                .order_by("date", "pk"),
            ),
            Prefetch("changes", queryset=ChargeChange.objects.select_related("source")),
        )


class FigureQuerySet(RecordQuerySet):
    """The public questions about national figures, for the pages and the API."""

    def of_metric(self, *metrics):
        """Counting one of these things (`Figure.Metric` members)."""
        return self.filter(metric__in=metrics)


class Article(Record, Cited):
    """An article of a criminal code, e.g. Belarus Criminal Code 342 part 1."""

    plain_text_fields = ("title",)

    code = models.CharField(
        _("code"), max_length=100, default="Criminal Code of Belarus"
    )
    number = models.CharField(_("article"), max_length=20, help_text=_("e.g. 342"))
    part = models.CharField(_("part"), max_length=20, blank=True, help_text=_("e.g. 1"))
    slug = models.SlugField(
        _("slug"), max_length=50, unique=True, help_text=_("e.g. 342-1")
    )
    title = models.CharField(_("title"), max_length=500)
    maximum_penalty = models.CharField(_("maximum penalty"), max_length=300, blank=True)

    objects = ArticleQuerySet.as_manager()

    # "342-1" from number and part: filled on save, not as one types (the
    # admin's sync copies one field).
    slug_source = "number"

    def slug_text(self):
        return f"{self.number}-{self.part}" if self.part else self.number

    panels = [
        "code",
        "number",
        "part",
        "slug",
        translated_panel("title"),
        "maximum_penalty",
        sources_panel("sources"),
    ]
    search_fields = [
        index.SearchField("number", boost=2),
        index.SearchField("part"),
        *languages.search_fields("title"),
        # The admin's listing search and chooser read only these. "342"
        # finds every part of article 342; "342-1" is searched as the words
        # "342" and "1", so the part is a word of its own (PostgreSQL reads
        # "342-1" in the slug as "342" and "-1").
        index.AutocompleteField("number"),
        index.AutocompleteField("part"),
        index.AutocompleteField("slug"),
        *(index.AutocompleteField(f"title_{code}") for code in languages.CODES),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["code", "number", "part"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "number", "part"], name="article_unique_part"
            )
        ]

    def __str__(self):
        label = f"{self.number} part {self.part}" if self.part else self.number
        return f"Art. {label}: {self.title}"

    @property
    def label(self):
        """The name the public pages give it: "Article 342 part 1"."""
        if self.part:
            return _("Article %(number)s part %(part)s") % {
                "number": self.number,
                "part": self.part,
            }
        return _("Article %(number)s") % {"number": self.number}


class DetentionPlace(Record, Cited):
    """A pre-trial detention centre, prison or penal colony, and where to write."""

    plain_text_fields = ("name",)

    class Kind(models.TextChoices):
        POLICE = "police", _("police station or temporary holding")
        PRETRIAL = "pretrial", _("pre-trial detention centre (SIZO)")
        COLONY = "colony", _("penal colony")
        PRISON = "prison", _("prison")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    place = models.ForeignKey(
        "records.Place",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="detention_places",
        verbose_name=_("city"),
    )
    postal_address = models.TextField(_("postal address for letters"), blank=True)

    slug_source = "name_en"

    panels = [
        translated_panel("name", first=slug_source_panel),
        "slug",
        "kind",
        "place",
        "postal_address",
        sources_panel("sources"),
    ]
    search_fields = [
        *languages.search_fields("name", autocomplete=True),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("detention place")
        verbose_name_plural = _("detention places")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("detention_place_detail", args=[self.slug])


class CriminalCase(Record, Cited):
    """A criminal case: the state's file that charges and sentences belong to."""

    plain_text_fields = ("title",)

    title = models.CharField(
        _("title"), max_length=300, help_text=_("e.g. the Viasna case")
    )
    number = models.CharField(_("case number"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    opened_on = FuzzyDate(_("opened on"), blank=True)
    authority = models.CharField(_("opened by"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    private_notes = models.TextField(_("private notes"), blank=True)

    slug_source = "title_en"

    panels = [
        translated_panel("title", first=slug_source_panel),
        "number",
        "slug",
        fuzzy_date_panel("opened_on", _("Opened on")),
        "authority",
        translated_panel("description"),
        sources_panel("sources"),
        "private_notes",
    ]
    search_fields = [
        *languages.search_fields("title", autocomplete=True),
        index.SearchField("number"),
        index.AutocompleteField("number"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("criminal case")
        verbose_name_plural = _("criminal cases")
        ordering = ["title"]

    def __str__(self):
        return self.title


class Event(Record, Cited):
    """Something that happened: a raid, a detention, a verdict, a closure.

    One event can cover many places (the raids of 16 February 2021) and many
    people, each with their role. When not every name is known, the affected
    count says how many; when sources disagree on that count, each figure is
    kept with its source.
    """

    plain_text_fields = ("title",)

    class Type(models.TextChoices):
        RAID = "raid", _("raid")
        SEARCH = "search", _("search")
        DETENTION = "detention", _("detention")
        CHARGE = "charge", _("charge")
        TRIAL = "trial", _("trial")
        VERDICT = "verdict", _("verdict")
        TRANSFER = "transfer", _("transfer")
        RELEASE = "release", _("release")
        ORGANIZATION_CLOSURE = "organization_closure", _("organization closure")
        DESIGNATION = "designation", _("designation")
        OTHER = "other", _("other")

    type = models.CharField(_("type"), max_length=30, choices=Type.choices)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    date = FuzzyDate(_("date"))
    end = FuzzyDate(_("end date"), blank=True)
    places = ParentalManyToManyField(
        "records.Place", blank=True, related_name="events", verbose_name=_("places")
    )
    detention_place = models.ForeignKey(
        DetentionPlace,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("detention place"),
        help_text=_("For detentions and transfers: where the person is held."),
    )
    organizations = ParentalManyToManyField(
        "defenders.Organization",
        blank=True,
        related_name="events",
        verbose_name=_("organizations affected"),
    )
    charges = ParentalManyToManyField(
        "events.Charge",
        blank=True,
        related_name="verdicts",
        verbose_name=_("charges decided"),
        help_text=_(
            "For a verdict: the charges it decided. They read as convicted "
            "unless their own outcome says otherwise."
        ),
    )
    affected_count = models.PositiveIntegerField(
        _("affected count"),
        null=True,
        blank=True,
        help_text=_("When not every name is known, e.g. 53 organizations."),
    )
    authority = models.CharField(_("authority responsible"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    private_notes = models.TextField(_("private notes"), blank=True)

    objects = EventQuerySet.as_manager()

    requires_source = True

    slug_source = "title_en"

    panels = [
        "type",
        translated_panel("title", first=slug_source_panel),
        "slug",
        fuzzy_date_panel("date", _("Date")),
        fuzzy_date_panel("end", _("End date")),
        FieldPanel("places"),
        "detention_place",
        InlinePanel("participants", heading=_("People involved"), label=_("person")),
        FieldPanel("organizations"),
        FieldPanel("charges"),
        MultiFieldPanel(
            [
                "affected_count",
                InlinePanel(
                    "figures",
                    heading=_("Figures claimed by sources"),
                    label=_("figure from a source"),
                    help_text=_(
                        "When sources disagree (53, more than 40, 43…), add each "
                        "figure with its source: none replaces another."
                    ),
                ),
            ],
            heading=_("How many"),
        ),
        "authority",
        translated_panel("description"),
        sources_panel("sources"),
        "private_notes",
    ]
    search_fields = [
        *languages.search_fields("title", boost=2, autocomplete=True),
        *languages.search_fields("description"),
        index.SearchField("authority"),
        index.FilterField("live"),
        index.FilterField("type"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-date", "title"]
        # The API's lists by type, newest first, a page at a time.
        indexes = [
            models.Index(
                fields=["type", "-date", "title", "id"], name="event_type_newest_first"
            ),
            published_newest("event_published_newest"),
            # The count of a list by type, from the index alone (once vacuumed).
            models.Index(
                fields=["type"], condition=Q(live=True), name="live_event_type"
            ),
        ]

    def __str__(self):
        return f"{self.date_edtf} {self.title}"

    def get_absolute_url(self):
        return reverse("event_detail", args=[self.slug])

    def validation_errors(self):
        errors = {}
        if ends_before(self.end, self.end_precision, self.date):
            errors["end"] = _("The end cannot come before the start.")
        return errors

    def publish(self, revision, user=None, **kwargs):
        """Publish, and update the status of the people it names with one
        (`EventDefender.new_status`), as the same user in the same
        transaction: every way an event goes public (publish, an approved
        review, a scheduled publish) comes through here."""
        from events.status_updates import apply_status_updates

        with transaction.atomic():
            result = super().publish(revision, user=user, **kwargs)
            published = type(self).objects.get(pk=self.pk)
            if published.live and published.live_revision_id == revision.pk:
                apply_status_updates(published, user)
        return result


class EventDefender(Orderable):
    """A defender named in an event, with what happened to them."""

    class Role(models.TextChoices):
        DETAINED = "detained", _("detained")
        SEARCHED = "searched", _("searched")
        CHARGED = "charged", _("charged")
        DEFENDANT = "defendant", _("defendant")
        SENTENCED = "sentenced", _("sentenced")
        TRANSFERRED = "transferred", _("transferred")
        RELEASED = "released", _("released")
        WITNESS = "witness", _("witness")
        OTHER = "other", _("other")

    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="participants")
    defender = models.ForeignKey(
        "defenders.Defender",
        on_delete=models.CASCADE,
        related_name="involvements",
        verbose_name=_("defender"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # An instruction to the admin, not a fact of the event: never public.
    new_status = models.CharField(
        _("update their status to"),
        max_length=30,
        choices=[("", _("leave their status as it is")), *Defender.Status.choices],
        blank=True,
        help_text=_(
            "For a detention, verdict or release only: usually “detained "
            "(pre-trial)” after a detention, “imprisoned” after a verdict, "
            "“released” after a release. When the event is published, their "
            "status becomes this, as of the event's date, citing the event's "
            "sources, unless their status is as of a later date."
        ),
    )

    panels = ["defender", "role", translated_panel("note"), "new_status"]

    class Meta:
        verbose_name = _("person involved")
        verbose_name_plural = _("people involved")

    def __str__(self):
        return f"{self.defender}: {self.get_role_display()}"


class ClaimedFigure(Orderable):
    """One source's figure for an event's count, kept even when others disagree."""

    class Qualifier(models.TextChoices):
        EXACTLY = "exactly", _("exactly")
        AT_LEAST = "at_least", _("at least")
        MORE_THAN = "more_than", _("more than")
        ABOUT = "about", _("about")

    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="figures")
    qualifier = models.CharField(
        _("qualifier"), max_length=10, choices=Qualifier.choices, default="exactly"
    )
    value = models.PositiveIntegerField(_("value"))
    source = models.ForeignKey(
        "records.Source",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("source"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    panels = ["qualifier", "value", "source", translated_panel("note")]

    class Meta:
        verbose_name = _("figure from a source")
        verbose_name_plural = _("figures from sources")

    def __str__(self):
        if self.qualifier == self.Qualifier.EXACTLY:
            return str(self.value)
        return f"{self.get_qualifier_display()} {self.value}"


class Figure(Record, Cited):
    """A sourced count of something beyond the case file's own people: the
    political prisoners in Belarus, the organizations dissolved since 2020.

    Counts of one fact that disagree sit side by side, each with its source:
    one record per claim, never an average."""

    class Metric(models.TextChoices):
        POLITICAL_PRISONERS = "political_prisoners", _("political prisoners in Belarus")
        POLITICAL_PRISONERS_HELD = (
            "political_prisoners_held",
            _("political prisoners in detention in Belarus"),
        )
        RECOGNISED_SINCE_2020 = (
            "recognised_since_2020",
            _("people recognised as political prisoners since 2020"),
        )
        ORGANIZATIONS_DISSOLVED = (
            "organizations_dissolved",
            _("non-governmental organizations dissolved since 2020"),
        )
        ORGANIZATIONS_CLOSED = (
            "organizations_closed",
            _("civil society organizations closed or closing"),
        )

    metric = models.CharField(_("what is counted"), max_length=40, choices=Metric)
    qualifier = models.CharField(
        _("qualifier"),
        max_length=10,
        choices=ClaimedFigure.Qualifier.choices,
        default=ClaimedFigure.Qualifier.EXACTLY,
    )
    value = models.PositiveIntegerField(_("value"))
    as_of = FuzzyDate(_("as of"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    private_notes = models.TextField(_("private notes"), blank=True)

    objects = FigureQuerySet.as_manager()

    requires_source = True

    panels = [
        "metric",
        "qualifier",
        "value",
        fuzzy_date_panel("as_of", _("As of")),
        translated_panel("note"),
        sources_panel("sources"),
        "private_notes",
    ]
    search_fields = [
        *languages.search_fields("note"),
        index.FilterField("live"),
        index.FilterField("metric"),
    ]

    class Meta:
        verbose_name = _("national figure")
        verbose_name_plural = _("national figures")
        ordering = ["metric", "as_of"]

    def __str__(self):
        return (
            f"{self.get_metric_display()}: {self.value_display} ({self.as_of_display})"
        )

    @property
    def value_display(self):
        """The count as the public reads it, in the reader's language: "more
        than 1,250", "1,446" ("более 1 250")."""
        value = grouped(self.value)
        if self.qualifier != ClaimedFigure.Qualifier.EXACTLY:
            value = f"{self.get_qualifier_display()} {value}"
        return value

    def get_absolute_url(self):
        """Its row in the home page's table of national figures."""
        return f"/#figure-{self.pk}"


class Charge(Record, Cited):
    """A charge brought against a defender under one article, and its fate.

    Charges change: a tax-evasion charge dropped and replaced by smuggling.
    Each change of outcome is kept with its date and source.
    """

    class Outcome(models.TextChoices):
        UNKNOWN = "unknown", _("outcome not known")
        PENDING = "pending", _("pending")
        CONVICTED = "convicted", _("convicted")
        ACQUITTED = "acquitted", _("acquitted")
        DROPPED = "dropped", _("dropped")
        REPLACED = "replaced", _("replaced by another charge")

    defender = models.ForeignKey(
        "defenders.Defender",
        on_delete=models.PROTECT,
        related_name="charges",
        verbose_name=_("defender"),
    )
    case = models.ForeignKey(
        CriminalCase,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="charges",
        verbose_name=_("criminal case"),
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        related_name="charges",
        verbose_name=_("article"),
    )
    brought_on = FuzzyDate(_("brought on"), blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=10,
        choices=Outcome.choices,
        default=Outcome.UNKNOWN,
        help_text=_(
            "“Pending” only when a source says the case is still open; what "
            "the sources do not say is “outcome not known”."
        ),
    )
    replaced_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        verbose_name=_("replaced by"),
        help_text=_("For a replaced charge: the charge that replaced it."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    private_notes = models.TextField(_("private notes"), blank=True)

    objects = ChargeQuerySet.as_manager()

    requires_source = True

    panels = [
        "defender",
        "case",
        "article",
        fuzzy_date_panel("brought_on", _("Brought on")),
        "outcome",
        "replaced_by",
        InlinePanel("changes", heading=_("History"), label=_("change of outcome")),
        translated_panel("note"),
        sources_panel("sources"),
        "private_notes",
    ]
    search_fields = [
        *languages.search_fields("note", autocomplete=True),
        index.RelatedFields("defender", DEFENDER_NAMES),
        index.RelatedFields(
            "article",
            [
                index.SearchField("number"),
                index.SearchField("part"),
                *languages.search_fields("title"),
                index.AutocompleteField("number"),
                index.AutocompleteField("part"),
                *(index.AutocompleteField(f"title_{c}") for c in languages.CODES),
            ],
        ),
        index.FilterField("live"),
        index.FilterField("outcome"),
    ]

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["defender__name", "brought_on"]

    def __str__(self):
        return f"{self.defender} — {self.article}"

    @property
    def public_outcome(self):
        """What the record says of this charge's outcome (`PublicOutcome`):
        the one answer the profile, the API, its filter and CSV give.

        Its own outcome, except that a published verdict naming it settles
        an unknown or pending charge as convicted, on the verdict's day. A
        replaced charge names the published charge that replaced it. Reads
        what `ChargeQuerySet.with_public_outcome` prefetches."""
        outcome = self.outcome
        verdicts = (
            [
                event
                for event in self.verdicts.all()
                if event.live and event.type == Event.Type.VERDICT
            ]
            if self.pk
            else []
        )
        verdict = verdicts[-1] if verdicts else None
        unsettled = (self.Outcome.UNKNOWN, self.Outcome.PENDING)
        if outcome in unsettled and verdict is not None:
            outcome = self.Outcome.CONVICTED
        decides = (self.Outcome.CONVICTED, self.Outcome.ACQUITTED)
        if outcome not in decides:
            verdict = None
        replaced_by = None
        if outcome == self.Outcome.REPLACED:
            other = self.replaced_by
            if (
                other is not None
                and other.live
                and other.defender_id == self.defender_id
                and other.article.live
            ):
                replaced_by = other
        # The day: the verdict's, else the history's latest change to this
        # outcome, else (replaced) the day the new charge was brought.
        day = precision = None
        approximate = False
        if verdict is not None:
            day, precision = verdict.date, verdict.date_precision
            approximate = verdict.date_approximate
        else:
            changes = [
                change
                for change in (self.changes.all() if self.pk else [])
                if change.outcome == outcome and change.on
            ]
            if changes:
                change = max(changes, key=lambda change: change.on)
                day, precision = change.on, change.on_precision
                approximate = change.on_approximate
            elif replaced_by is not None and replaced_by.brought_on:
                day = replaced_by.brought_on
                precision = replaced_by.brought_on_precision
                approximate = replaced_by.brought_on_approximate
        return PublicOutcome(
            code=str(outcome),
            name=self.Outcome(outcome).label,
            on=day,
            on_precision=precision,
            on_approximate=approximate,
            verdict=verdict,
            replaced_by=replaced_by,
        )

    def validation_errors(self):
        errors = {}
        if self.outcome == self.Outcome.REPLACED and not self.replaced_by_id:
            errors["replaced_by"] = _(
                "A replaced charge names the charge that replaced it."
            )
        elif self.replaced_by_id and self.outcome != self.Outcome.REPLACED:
            errors["replaced_by"] = _(
                "Only a charge whose outcome is “replaced” names the charge "
                "that replaced it."
            )
        elif self.replaced_by_id:
            if self.pk and self.replaced_by_id == self.pk:
                errors["replaced_by"] = _("A charge cannot replace itself.")
            elif self.defender_id and (
                self.replaced_by.defender_id != self.defender_id
            ):
                errors["replaced_by"] = _(
                    "The charge that replaced it must be another charge "
                    "against the same defender."
                )
        if self.brought_on and self.defender_id and self.case_id:
            # A charge in a case cannot be brought after that case's verdict.
            verdicts = Sentence.objects.filter(
                defender_id=self.defender_id, case_id=self.case_id
            ).order_by("verdict_date")
            for sentence in verdicts:
                if ends_before(
                    sentence.verdict_date,
                    sentence.verdict_date_precision,
                    self.brought_on,
                ):
                    errors["brought_on"] = _(
                        "The charge cannot come after the verdict in its case "
                        "(%(day)s)."
                    ) % {"day": sentence.verdict_date_display}
                    break
        return errors


@dataclasses.dataclass(frozen=True)
class PublicOutcome:
    """A charge's outcome as the record has it (`Charge.public_outcome`)."""

    code: str  # a `Charge.Outcome` value
    name: str  # its label: "convicted", "outcome not known"
    on: datetime.date | None = None
    on_precision: str | None = None
    on_approximate: bool = False
    verdict: "Event | None" = None  # the published verdict that decided it
    replaced_by: "Charge | None" = None  # the published charge replacing it

    @property
    def on_display(self):
        return display(self.on, self.on_precision, self.on_approximate)

    @property
    def on_when(self):
        return when(self.on, self.on_precision, self.on_approximate)

    @property
    def on_edtf(self):
        return to_edtf(self.on, self.on_precision, self.on_approximate)

    @property
    def label(self):
        """In words: "convicted on 3 March 2023", "replaced by Article 342
        part 1 on 26 September 2022", "outcome not known"."""
        if self.replaced_by is not None:
            text = _("replaced by %(article)s") % {
                "article": self.replaced_by.article.label
            }
        else:
            text = str(self.name)
        if self.on:
            text = f"{text} {self.on_when}"
        return text


class ChargeChange(Orderable):
    """A dated change in a charge's outcome, e.g. dropped on 26 September 2022."""

    charge = ParentalKey(Charge, on_delete=models.CASCADE, related_name="changes")
    on = FuzzyDate(_("on"))
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Charge.Outcome.choices
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    source = models.ForeignKey(
        "records.Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("source"),
    )

    panels = [
        fuzzy_date_panel("on", _("On")),
        "outcome",
        translated_panel("note"),
        "source",
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("charge change")
        verbose_name_plural = _("charge changes")
        ordering = ["on", "sort_order"]

    def clean(self):
        errors = clean_fuzzy_dates(self)
        if errors:
            raise ValidationError(errors)


class Sentence(Record, Cited):
    """A verdict's sentence for one defender. Totals are computed from these."""

    class Regime(models.TextChoices):
        GENERAL = "general", _("general regime")
        REINFORCED = "reinforced", _("reinforced regime")
        STRICT = "strict", _("strict regime")
        SPECIAL = "special", _("special regime")
        PRISON = "prison", _("prison")
        UNKNOWN = "unknown", _("not confirmed")

    defender = models.ForeignKey(
        "defenders.Defender",
        on_delete=models.PROTECT,
        related_name="sentences",
        verbose_name=_("defender"),
    )
    case = models.ForeignKey(
        CriminalCase,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sentences",
        verbose_name=_("criminal case"),
    )
    verdict_date = FuzzyDate(_("verdict date"))
    court = models.CharField(_("court"), max_length=300, blank=True)
    in_absentia = models.BooleanField(_("in absentia"), default=False)
    term_months = models.PositiveSmallIntegerField(
        _("term in months"),
        validators=[
            MinValueValidator(1, _("A sentence term must be at least one month.")),
            MaxValueValidator(
                MAX_SENTENCE_MONTHS, _("A sentence term cannot exceed 50 years.")
            ),
        ],
        help_text=_("The term in force, after any appeal."),
    )
    regime = models.CharField(
        _("regime"), max_length=12, choices=Regime.choices, default="unknown"
    )
    regime_note = models.CharField(
        _("regime note"),
        max_length=500,
        blank=True,
        help_text=_("Where sources name the regime differently, say so here."),
    )
    fine = models.CharField(_("fine"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    private_notes = models.TextField(_("private notes"), blank=True)

    requires_source = True

    panels = [
        "defender",
        "case",
        fuzzy_date_panel("verdict_date", _("Verdict date")),
        "court",
        "in_absentia",
        "term_months",
        "regime",
        translated_panel("regime_note"),
        "fine",
        translated_panel("note"),
        sources_panel("sources"),
        "private_notes",
    ]
    search_fields = [
        index.SearchField("court"),
        index.AutocompleteField("court"),
        index.RelatedFields("defender", DEFENDER_NAMES),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("sentence")
        verbose_name_plural = _("sentences")
        ordering = ["-verdict_date"]

    def __str__(self):
        return f"{self.defender} — {self.term_display}"

    @property
    def term_display(self):
        years, months = divmod(self.term_months or 0, 12)
        parts = []
        if years:
            parts.append(f"{years} year{'s' if years != 1 else ''}")
        if months:
            parts.append(f"{months} month{'s' if months != 1 else ''}")
        return " ".join(parts)

    def validation_errors(self):
        errors = {}
        if self.verdict_date and self.defender_id:
            # Without a case, any charge against the defender must come first.
            earliest_charge = (
                Charge.objects.filter(
                    defender_id=self.defender_id,
                    brought_on__isnull=False,
                    **({"case_id": self.case_id} if self.case_id else {}),
                )
                .order_by("brought_on")
                .first()
            )
            if earliest_charge and ends_before(
                self.verdict_date,
                self.verdict_date_precision,
                earliest_charge.brought_on,
            ):
                errors["verdict_date"] = _(
                    "The verdict cannot come before the charge (brought on %(day)s)."
                ) % {"day": earliest_charge.brought_on_display}
        return errors
