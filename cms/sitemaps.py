"""The sitemap: live Wagtail pages, the lists, and every live record's page,
each in every language, with its alternates (hreflang)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from wagtail.models import Page

from defenders.models import Defender, Organization
from events.models import DetentionPlace, Event


class LanguagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PageSitemap(LanguagesSitemap):
    """Live, public Wagtail pages: the home page, petitions, About, the
    letters guide."""

    def items(self):
        pages = Page.objects.live().public().filter(depth__gt=1).order_by("path")
        return [page for page in pages if page.get_url()]

    def location(self, page):
        return page.get_url()

    def lastmod(self, page):
        return page.last_published_at


class ListSitemap(LanguagesSitemap):
    def items(self):
        return [
            "defender_list",
            "organization_list",
            "event_list",
            "detention_place_list",
        ]

    def location(self, name):
        return reverse(name)


class RecordSitemap(LanguagesSitemap):
    """Every live record of one model with a public page."""

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.live().order_by("pk")

    def lastmod(self, record):
        return record.last_published_at or record.updated_at


def sitemaps():
    return {
        "pages": PageSitemap(),
        "lists": ListSitemap(),
        "defenders": RecordSitemap(Defender),
        "organizations": RecordSitemap(Organization),
        "events": RecordSitemap(Event),
        "places": RecordSitemap(DetentionPlace),
    }
