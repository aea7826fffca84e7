"""The admin widget for a record's sources: the chosen ones as a list, told
apart by title, date and publisher, and a button that opens the Source
chooser (records/wagtail_hooks.py) to add several or create one.

It posts what a multi-select posts (the chosen pks under the field's name),
so forms, revisions and previews read it as before.
"""

from django import forms
from django.urls import reverse

from records.models import Source


def source_label(source):
    """What the chooser and the widget show of a source."""
    return {
        "id": str(source.pk),
        "title": source.title,
        "date": source.published_on_display if source.published_on else "",
        "publisher": source.publisher,
        "draft": not source.live,
        "confidential": source.confidential,
    }


class SourcesChooser(forms.SelectMultiple):
    template_name = "records/widgets/sources_chooser.html"

    class Media:
        js = [
            "wagtailadmin/js/chooser-modal.js",
            "records/fuzzy-date.js",
            "records/sources-chooser.js",
        ]
        css = {"all": ["records/fuzzy-date.css", "records/sources-chooser.css"]}

    def chosen(self, value):
        """The chosen sources, in the order of `value` (pks as posted)."""
        pks = [str(pk) for pk in value or [] if str(pk).isdigit()]
        sources = Source.objects.in_bulk([int(pk) for pk in pks])
        return [sources[int(pk)] for pk in dict.fromkeys(pks) if int(pk) in sources]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chooser = Source.snippet_viewset.chooser_viewset
        context["widget"].update(
            chosen=[source_label(source) for source in self.chosen(value)],
            chooser_url=reverse(chooser.get_url_name("choose")),
        )
        return context


def sources_panel(name, **kwargs):
    """The admin panel for a field of cited sources (`sources`,
    `status_sources`): the chosen ones listed, more added with the chooser."""
    from wagtail.admin.panels import FieldPanel

    return FieldPanel(name, widget=SourcesChooser, **kwargs)
