from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.stats import home_figures
from cms.updates import latest_updates
from petition.models import PetitionPage


class HomePage(Page):
    """The site's front page: headline figures, latest updates, petition call."""

    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        return {
            **super().get_context(request, *args, **kwargs),
            "figures": home_figures(),
            "updates": latest_updates(limit=8),
            "petition": PetitionPage.objects.live()
            .public()
            .order_by("-first_published_at", "-pk")
            .first(),
        }
