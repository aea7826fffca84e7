from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from cms.fuzzydate import FuzzyDate, clean_fuzzy_dates, ends_before, fuzzy_date_panel
from cms.records import Cited, Record

HELD = ("detained", "imprisoned", "house_arrest")


class Organization(Record, Cited):
    """A human rights group, NGO or media outlet, and what the state did to it.

    Viasna: founded 1996, deregistered 2003, declared "extremist" 2023. Its
    closures, raids and designations are Events that name it.
    """

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

    panels = [
        "name",
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
        "description",
        FieldPanel("sources"),
        "private_notes",
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("name_be"),
        index.SearchField("name_ru"),
        index.SearchField("other_names"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.FilterField("live"),
        index.FilterField("status"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["name"]

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


class Defender(Record, Cited):
    """A human rights defender: who they are, whether they are held, and why.

    Days in detention are computed from the detention and release Events that
    name the defender, never typed. The status is a claim with an as-of date
    and its own sources, because it goes stale.
    """

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
        "cms.Source",
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

    panels = [
        MultiFieldPanel(
            ["name", "name_be", "name_ru", "other_names", "slug"], heading=_("Names")
        ),
        "photo",
        "birth_year",
        "role",
        MultiFieldPanel(
            [
                "status",
                fuzzy_date_panel("status_as_of", _("Status as of")),
                "status_note",
                FieldPanel("status_sources"),
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
        "biography",
        FieldPanel("sources"),
        "private_notes",
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("name_be", boost=2),
        index.SearchField("name_ru", boost=2),
        index.SearchField("other_names", boost=2),
        index.SearchField("role"),
        index.SearchField("biography"),
        index.AutocompleteField("name"),
        index.AutocompleteField("other_names"),
        index.FilterField("live"),
        index.FilterField("status"),
    ]

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name", "id"], name="defender_by_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("defender_detail", args=[self.slug])

    @property
    def is_held(self):
        return self.status in HELD

    def detention_periods(self, as_of=None):
        """[(start, end or None)] from this defender's live detention and
        release Events, in order. A period ends at the first release after it;
        an open period is still running if the defender is held."""
        as_of = as_of or timezone.localdate()
        periods = []
        for kind, day in self.detention_timeline(as_of):
            if kind == "detention":
                if periods and periods[-1][1] is None:
                    continue  # a second detention inside one period
                periods.append((day, None))
            elif periods and periods[-1][1] is None:
                periods[-1] = (periods[-1][0], day)
        return periods

    def detention_timeline(self, as_of):
        """(kind, earliest day) of live detentions and releases up to as_of.

        Uses `detention_events` when the caller set them (the API does), else
        prefetched `involvements` when the caller prefetched them."""
        events = getattr(self, "detention_events", None)
        if events is None:
            events = [
                (involvement.event.type, involvement.event.date)
                for involvement in self.involvements.all()
                if involvement.event.live
            ]
        rows = []
        for kind, day in events:
            if kind in ("detention", "release") and day and day <= as_of:
                rows.append((day, kind == "detention", kind))
        # On one day a detention comes before the release that ends it.
        rows.sort(key=lambda row: (row[0], not row[1]))
        return [(kind, day) for day, _, kind in rows]

    def days_in_detention(self, as_of=None):
        """(current period, total of all periods) in days, as of a day.

        The current period is None when not held. A period with no release
        is counted only while the defender is held; otherwise its end is
        unknown and it is left out of the total (see `detention_unknown_end`).
        """
        as_of = as_of or timezone.localdate()
        current, total = None, 0
        periods = self.detention_periods(as_of)
        for index_, (start, end) in enumerate(periods):
            if end is None:
                if not (self.is_held and index_ == len(periods) - 1):
                    continue
                current = (as_of - start).days
                total += current
            else:
                total += (end - start).days
        return current, total

    def detention_unknown_end(self, as_of=None):
        """Detention periods whose end no release records (not counted)."""
        periods = self.detention_periods(as_of)
        open_ = [start for start, end in periods if end is None]
        if self.is_held and open_ and periods[-1][1] is None:
            open_ = open_[:-1]
        return open_

    def timeline_warnings(self, as_of=None):
        """Where the status contradicts the timeline, for researchers."""
        warnings = []
        periods = self.detention_periods(as_of)
        last_ended = bool(periods) and periods[-1][1] is not None
        if self.is_held and last_ended:
            warnings.append(
                _("Status is “%(status)s” but a release follows the last detention.")
                % {"status": self.get_status_display()}
            )
        if self.is_held and not periods:
            warnings.append(
                _("Status is “%(status)s” but no detention is recorded.")
                % {"status": self.get_status_display()}
            )
        if self.status == "released" and periods and periods[-1][1] is None:
            warnings.append(_("Status is “released” but no release is recorded."))
        return warnings


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
        "role",
        fuzzy_date_panel("since", _("From")),
        fuzzy_date_panel("until", _("To")),
    ]

    def __str__(self):
        return f"{self.defender} — {self.organization}"

    def clean(self):
        errors = clean_fuzzy_dates(self)
        if ends_before(self.until, self.until_precision, self.since):
            errors["until"] = _("The end cannot come before the start.")
        if errors:
            raise ValidationError(errors)
