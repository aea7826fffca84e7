from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from records import languages
from records.fuzzydate import (
    FuzzyDate,
    clean_fuzzy_dates,
    ends_before,
    fuzzy_date_panel,
)
from records.languages import translated_panel
from records.models import Cited, Named, Record, RecordQuerySet, published_newest
from records.slugs import slug_source_panel
from records.widgets import sources_panel

HELD = ("detained", "imprisoned", "house_arrest")
# The status filter's word for all of HELD: the home page's "held now".
HELD_NOW = "held"
# The sentenced filter's values, the page's and the API's alike.
SENTENCED_CHOICES = [("true", _("sentenced")), ("false", _("not sentenced"))]


class OrganizationQuerySet(RecordQuerySet):
    """The public questions about organizations, for the pages and the API."""

    def with_status(self, *statuses):
        """With one of these registration statuses."""
        return self.filter(status__in=statuses)

    def closed_between(self, after=None, before=None, *, closures):
        """Closed or liquidated on or after `after` and on or before `before`
        (days; either may be None): by its own closed_on date, or by one of
        `closures` naming it, the events that close an organization
        (`Event.objects.live().of_type(Event.Type.ORGANIZATION_CLOSURE)`:
        this app knows no event types)."""
        on_record = Q(closed_on__isnull=False)
        closures = closures.filter(organizations=OuterRef("pk"))
        if after:
            on_record &= Q(closed_on__gte=after)
            closures = closures.filter(date__gte=after)
        if before:
            on_record &= Q(closed_on__lte=before)
            closures = closures.filter(date__lte=before)
        return self.filter(on_record | Q(Exists(closures)))


class DefenderQuerySet(RecordQuerySet):
    """The public questions about defenders, for the pages and the API.

    Charges and events belong to the events app, which this one cannot
    import: the methods reach them through their relations to Defender."""

    def with_status(self, *statuses):
        """With one of these statuses; `held` (HELD_NOW) is every status of
        a person held now."""
        wanted = set()
        for status in statuses:
            wanted.update(HELD if status == HELD_NOW else (status,))
        return self.filter(status__in=wanted)

    def member_of(self, organization):
        """Members, past or present, of this organization."""
        return self.filter(
            Exists(
                Membership.objects.filter(
                    defender=OuterRef("pk"), organization=organization
                )
            )
        )

    def charged_under(self, articles):
        """With a published charge under one of `articles` (Article records
        or keys): `Article.objects.live().named("342")` for every part of
        article 342."""
        return self.having(charges__live=True, charges__article__in=articles)

    def sentenced(self, yes=True):
        """With a published sentence (or, `yes=False`, with none)."""
        sentences = self.model._base_manager.filter(
            pk=OuterRef("pk"), sentences__live=True
        )
        return self.filter(Exists(sentences) if yes else ~Exists(sentences))

    def in_city(self, place):
        """Named in a published event in this place: where it happened, or
        where it took them (its detention place's city)."""
        return self.having(
            Q(involvements__event__places=place)
            | Q(involvements__event__detention_place__place=place),
            involvements__event__live=True,
        )

    def named_in(self, events):
        """Named in one of `events` (an Event queryset), e.g. the published
        detentions of a month."""
        return self.filter(Exists(events.filter(participants__defender=OuterRef("pk"))))


class Organization(Named, Record, Cited):
    """A human rights group, NGO or media outlet, and what the state did to it.

    Viasna: founded 1996, deregistered 2003, declared "extremist" 2023. Its
    closures, raids and designations are Events that name it.
    """

    plain_text_fields = (
        "name",
        "name_be",
        "name_ru",
        "other_names",
    )

    class Kind(models.TextChoices):
        HUMAN_RIGHTS = "human_rights", _("human rights organization")
        NGO = "ngo", _("civil society organization")
        MEDIA = "media", _("media outlet")
        UNION = "union", _("trade union")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        UNREGISTERED = "unregistered", _("working unregistered")
        LIQUIDATED = "liquidated", _("liquidated")
        EXTREMIST = "extremist", _('designated "extremist"')

    name = models.CharField(_("name"), max_length=300)
    name_be = models.CharField(_("name in Belarusian"), max_length=300, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=300, blank=True)
    other_names = models.TextField(
        _("other names"), blank=True, help_text=_("One spelling per line.")
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.CharField(_("website"), max_length=300, blank=True)
    founded = FuzzyDate(_("founded"), blank=True)
    status = models.CharField(
        _("registration status"), max_length=20, choices=Status.choices, blank=True
    )
    registered_on = FuzzyDate(_("registered on"), blank=True)
    deregistered_on = FuzzyDate(_("deregistered on"), blank=True)
    closed_on = FuzzyDate(
        _("closed or liquidated on"),
        blank=True,
        help_text=_("When the state ordered it closed or liquidated."),
    )
    closed_by = models.CharField(_("closed by"), max_length=300, blank=True)
    description = RichTextField(_("description"), blank=True)
    private_notes = models.TextField(_("private notes"), blank=True)

    slug_source = "name"

    panels = [
        slug_source_panel("name"),
        "name_be",
        "name_ru",
        "other_names",
        "slug",
        "kind",
        "website",
        fuzzy_date_panel("founded", _("Founded")),
        MultiFieldPanel(
            [
                "status",
                fuzzy_date_panel("registered_on", _("Registered on")),
                fuzzy_date_panel("deregistered_on", _("Deregistered on")),
                fuzzy_date_panel("closed_on", _("Closed or liquidated on")),
                "closed_by",
            ],
            heading=_("Registration"),
        ),
        translated_panel("description"),
        sources_panel("sources"),
        "private_notes",
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("name_be"),
        index.SearchField("name_ru"),
        index.SearchField("other_names"),
        *languages.search_fields("description"),
        # The admin's listing search and chooser read only these.
        index.AutocompleteField("name"),
        index.AutocompleteField("name_be"),
        index.AutocompleteField("name_ru"),
        index.AutocompleteField("other_names"),
        index.FilterField("live"),
        index.FilterField("status"),
        index.FilterField("kind"),
    ]

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        indexes = [published_newest("organization_published_newest")]

    def __str__(self):
        return self.name

    def validation_errors(self):
        errors = {}
        if ends_before(self.closed_on, self.closed_on_precision, self.founded):
            errors["closed_on"] = _(
                "An organization cannot close before it was founded."
            )
        if ends_before(
            self.deregistered_on, self.deregistered_on_precision, self.registered_on
        ):
            errors["deregistered_on"] = _("Deregistration cannot precede registration.")
        return errors

    def get_absolute_url(self):
        return reverse("organization_detail", args=[self.slug])


class Defender(Named, Record, Cited):
    """A human rights defender: who they are, whether they are held, and why.

    Days in detention are computed from the detention and release Events that
    name the defender (`events.timeline`), never typed. The status is a claim
    with an as-of date and its own sources, because it goes stale.
    """

    plain_text_fields = (
        "name",
        "name_be",
        "name_ru",
        "other_names",
    )

    class Status(models.TextChoices):
        DETAINED = "detained", _("detained (pre-trial)")
        IMPRISONED = "imprisoned", _("imprisoned")
        HOUSE_ARREST = "house_arrest", _("under house arrest")
        RESTRICTED_FREEDOM = "restricted_freedom", _("restricted freedom")
        RELEASED = "released", _("released")
        IN_EXILE = "in_exile", _("in exile")
        CONVICTED_IN_ABSENTIA = "convicted_in_absentia", _("convicted in absentia")
        DECEASED = "deceased", _("deceased")

    name = models.CharField(
        _("name"), max_length=200, help_text=_("English transliteration.")
    )
    name_be = models.CharField(_("name in Belarusian"), max_length=200, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=200, blank=True)
    other_names = models.TextField(
        _("other spellings"), blank=True, help_text=_("One spelling per line.")
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photo"),
        help_text=_(
            "Its description is the photo's alt text: say who is shown and where."
        ),
    )
    photo_credit = models.CharField(
        _("photo credit"),
        max_length=300,
        blank=True,
        help_text=_("Who took the photo, or where it was published first."),
    )
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2030)],
        help_text=_("The year only: a full birth date is never recorded."),
    )
    role = models.CharField(_("role"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices)
    status_as_of = FuzzyDate(_("status as of"))
    status_note = models.TextField(_("status note"), blank=True)
    status_sources = ParentalManyToManyField(
        "records.Source",
        blank=True,
        related_name="status_of_defenders",
        verbose_name=_("status sources"),
    )
    political_prisoner = models.BooleanField(
        _("recognised as a political prisoner"), default=False
    )
    political_prisoner_since = FuzzyDate(
        _("recognised as a political prisoner on"), blank=True
    )
    letter_address = models.TextField(
        _("address for letters"),
        blank=True,
        help_text=_("Leave empty to use the postal address of the detention place."),
    )
    biography = RichTextField(_("biography"), blank=True)
    private_notes = models.TextField(
        _("private notes"), blank=True, help_text=_("Never shown publicly.")
    )

    requires_source = True

    slug_source = "name"

    panels = [
        MultiFieldPanel(
            [slug_source_panel("name"), "name_be", "name_ru", "other_names", "slug"],
            heading=_("Names"),
        ),
        "photo",
        "photo_credit",
        "birth_year",
        translated_panel("role"),
        MultiFieldPanel(
            [
                "status",
                fuzzy_date_panel("status_as_of", _("Status as of")),
                translated_panel("status_note"),
                sources_panel("status_sources"),
            ],
            heading=_("Status"),
        ),
        MultiFieldPanel(
            [
                "political_prisoner",
                fuzzy_date_panel("political_prisoner_since", _("Recognised on")),
            ],
            heading=_("Political prisoner"),
        ),
        "letter_address",
        InlinePanel("memberships", heading=_("Memberships"), label=_("membership")),
        translated_panel("biography"),
        sources_panel("sources"),
        "private_notes",
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("name_be", boost=2),
        index.SearchField("name_ru", boost=2),
        index.SearchField("other_names", boost=2),
        *languages.search_fields("role"),
        *languages.search_fields("biography"),
        # The admin's listing search and chooser read only these: every
        # spelling, Cyrillic included.
        index.AutocompleteField("name"),
        index.AutocompleteField("name_be"),
        index.AutocompleteField("name_ru"),
        index.AutocompleteField("other_names"),
        index.FilterField("live"),
        index.FilterField("status"),
    ]

    objects = DefenderQuerySet.as_manager()

    class Meta:
        verbose_name = _("defender")
        verbose_name_plural = _("defenders")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name", "id"], name="defender_by_name"),
            published_newest("defender_published_newest"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("defender_detail", args=[self.slug])

    @classmethod
    def status_filter_choices(cls):
        """The status filter's choices, the page's and the API's: "held now",
        then each status."""
        held = _("held now (detained, imprisoned or under house arrest)")
        return [(HELD_NOW, held), *cls.Status.choices]

    @property
    def is_held(self):
        return self.status in HELD


class Membership(Orderable):
    """A defender's role in an organization, and when."""

    defender = ParentalKey(
        Defender, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=300, blank=True)
    since = FuzzyDate(_("from"), blank=True)
    until = FuzzyDate(_("to"), blank=True)

    panels = [
        "organization",
        translated_panel("role"),
        fuzzy_date_panel("since", _("From")),
        fuzzy_date_panel("until", _("To")),
    ]

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.defender} — {self.organization}"

    def clean(self):
        errors = clean_fuzzy_dates(self)
        if ends_before(self.until, self.until_precision, self.since):
            errors["until"] = _("The end cannot come before the start.")
        if errors:
            raise ValidationError(errors)
