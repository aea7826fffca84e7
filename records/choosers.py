"""The Source chooser: the modal that `records.widgets.SourcesChooser` opens
to pick several sources, or to create one without leaving the record's form.

It is the Source snippet's chooser (`SourceViewSet.chooser_viewset_class`):
searched by title, publisher and URL, listing what tells one publisher's
sources apart. A source created here is a draft, published with the first
record that cites it (`records.models.Record.publish`).
"""

from django import forms
from django.contrib.admin.utils import quote
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.log_actions import log
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
    SnippetCreateView,
)

from records.models import Source
from records.widgets import source_label


class SourceSearchForm(BaseFilterForm):
    """Every word in the title, publisher or URL: a part of a URL, pasted to
    check whether the source exists already, is found too."""

    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Title, publisher or URL")}),
        required=False,
    )

    def filter(self, objects):
        text = self.cleaned_data.get("q", "").strip()
        for word in text.split():
            objects = objects.filter(
                Q(title__icontains=word)
                | Q(publisher__icontains=word)
                | Q(url__icontains=word)
                | Q(archived_url__icontains=word)
            )
        if text:
            self.is_searching = True
            self.search_query = text
        return objects


def publication_marks(source):
    marks = [_("live") if source.live else _("draft")]
    if source.confidential:
        marks.append(_("confidential"))
    return ", ".join(str(mark) for mark in marks)


class SourceTitleColumn(TitleColumn):
    """The title, and below it (shown on a narrow screen only, where the
    other columns are hidden) the date, publisher and status."""

    cell_template_name = "records/chooser/source_title_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["marks"] = publication_marks(instance)
        return context


# Hidden on a narrow screen (records/static/records/sources-chooser.css).
WIDE_ONLY = "source-chooser-wide"


class SourceListing:
    """The chooser's listing: title, publisher, date and status, apart."""

    filter_form_class = SourceSearchForm

    @property
    def title_column(self):
        if self.is_multiple_choice:
            return SourceTitleColumn(
                "title", label=_("Title"), label_prefix="chooser-modal-select"
            )
        return SourceTitleColumn(
            "title",
            label=_("Title"),
            get_url=lambda source: self.append_preserved_url_parameters(
                reverse(self.chosen_url_name, args=(quote(source.pk),))
            ),
            link_attrs={"data-chooser-modal-choice": True},
        )

    @property
    def columns(self):
        return [
            self.title_column,
            Column("publisher", label=_("Publisher"), classname=WIDE_ONLY),
            Column(
                "published_on_display", label=_("Published on"), classname=WIDE_ONLY
            ),
            Column(
                "marks",
                label=_("Status"),
                accessor=publication_marks,
                classname=WIDE_ONLY,
            ),
        ]


class SourceChooseView(SourceListing, ChooseView):
    pass


class SourceChooseResultsView(SourceListing, ChooseResultsView):
    pass


class SourceChosen:
    """The chosen source as the widget lists it (`source_label`)."""

    def get_chosen_response_data(self, item):
        return {**super().get_chosen_response_data(item), **source_label(item)}


class SourceChosenView(SourceChosen, SnippetChosenView):
    pass


class SourceChosenMultipleView(SourceChosen, SnippetChosenMultipleView):
    pass


class SourceCreationForm(WagtailAdminModelForm):
    """The Create tab. `published_on` is the fuzzy date text field
    (`records.forms.FuzzyDateField`, from the model field): "16.02.2021" is
    a day, "02.2021" a month."""

    class Meta:
        model = Source
        fields = [
            "title",
            "url",
            "publisher",
            "published_on",
            "archived_url",
            "confidential",
        ]

    def clean_url(self):
        """Refused when another source has it, naming that one: a source is
        cited again, not made twice."""
        url = self.cleaned_data["url"]
        existing = Source.objects.filter(url=url).first() if url else None
        if existing is not None:
            raise forms.ValidationError(
                _("This URL is already a source: “%(source)s”. Choose it in Search.")
                % {"source": existing}
            )
        return url


class SourceCreateView(SourceChosen, SnippetCreateView):
    def save_form(self, form):
        """A draft with its first revision and its "created" entry, as the
        snippet create view saves one: reviewed with the record citing it."""
        user = self.request.user
        with transaction.atomic():
            source = form.save(commit=False)
            source.live = False
            source.save()
            form.save_m2m()
            revision = source.save_revision(user=user)
            log(
                instance=source,
                action="wagtail.create",
                user=user,
                revision=revision,
                content_changed=True,
            )
        return source


class SourceChooserViewSet(SnippetChooserViewSet):
    choose_view_class = SourceChooseView
    choose_results_view_class = SourceChooseResultsView
    chosen_view_class = SourceChosenView
    chosen_multiple_view_class = SourceChosenMultipleView
    create_view_class = SourceCreateView
    creation_form_class = SourceCreationForm
    create_action_label = _("Create source")
    creation_tab_label = _("Create")
