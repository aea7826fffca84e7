from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.fuzzydate import FuzzyDate, fuzzy_date_panel
from cms.records import Record


class HomePage(Page):
    """The site's front page: headline figures, latest updates, petition call."""

    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from cms.public import latest_updates
        from cms.stats import headline_figures

        return {
            **super().get_context(request, *args, **kwargs),
            "figures": headline_figures(),
            "updates": latest_updates(limit=8),
            "petition": live_petition(),
        }


def live_petition():
    """The newest live PetitionPage, if the petition app provides one.

    Looked up by app label so the site works before (and without) it."""
    from django.apps import apps

    try:
        PetitionPage = apps.get_model("petition", "PetitionPage")
    except LookupError:
        return None
    return (
        PetitionPage.objects.live()
        .public()
        .order_by("-first_published_at", "-pk")
        .first()
    )


WITHHELD = _("source withheld for safety")


class Source(Record):
    """Where a fact comes from. Every public fact on Docket cites one.

    A confidential source (a person at risk, a leaked document) is shown to
    the public only as "source withheld for safety".
    """

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
        ordering = ["publisher", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~models.Q(url=""),
                name="source_unique_url",
            )
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}" if self.publisher else self.title

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


class Place(Record):
    """A city, region or country: for maps and for filtering by city."""

    class Kind(models.TextChoices):
        CITY = "city", _("city or town")
        VILLAGE = "village", _("village")
        REGION = "region", _("region")
        COUNTRY = "country", _("country")

    name = models.CharField(_("name"), max_length=200, unique=True)
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

    panels = ["name", "slug", "other_names", "kind", "country", "latitude", "longitude"]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("other_names"),
        index.AutocompleteField("name"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PublicVersion(models.Model):
    """The version of everything the public sees: one row, bumped whenever a
    record or page is saved or deleted (`cms.cache`).

    It lives in the database so that every app process agrees on it at once:
    the public cache keys and the API's ETags are built from it."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("public version")

    def __str__(self):
        return f"public version {self.number} ({self.changed_at:%Y-%m-%d %H:%M})"
