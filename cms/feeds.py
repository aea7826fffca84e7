"""Atom feed of published updates: the same list as the home page's."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from cms.updates import latest_updates


class UpdatesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Docket: latest updates")
    subtitle = _("Defenders, events and organizations recently published on Docket.")
    author_name = "Docket"

    def get_object(self, request, *args, **kwargs):
        # Atom ids must be absolute; the feed names the site it was asked for.
        self.request = request
        return None

    def link(self):
        return "/"  # the alternate: the site whose updates these are

    def feed_url(self):
        return reverse("updates_feed")  # rel="self"

    def feed_guid(self):
        return self.request.build_absolute_uri(reverse("updates_feed"))

    def items(self):
        return latest_updates(limit=50)

    def item_title(self, item):
        return f"{item['kind']}: {item['title']}"

    def item_description(self, item):
        return item["summary"]

    def item_link(self, item):
        return item["url"]

    def item_guid(self, item):
        return self.request.build_absolute_uri(item["url"])

    def item_guid_is_permalink(self, item):
        return True

    def item_pubdate(self, item):
        return item["record"].first_published_at or item["published_at"]

    def item_updateddate(self, item):
        return item["published_at"]
