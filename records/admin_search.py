"""The admin's listing search and snippet choosers for named records
(Defender, Organization, Place): what Wagtail search finds, plus every
spelling of a name (`RecordQuerySet.named_like`), name matches first.

Wagtail searches the admin with `autocomplete()` over the stored spellings
only; a researcher types Byalyatski, Беляцкого or "Bialiatski Ales". Drafts
are found too: the admin searches its own queryset, not `live()`.
"""

from django.db.models import F, OuterRef, Q, Subquery

from wagtail.admin.forms.choosers import BaseFilterForm, SearchFilterMixin
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)
from wagtail.snippets.views.snippets import IndexView

from records.models import MAX_SEARCH_KEYS


def searched_keys(searched):
    """The keys of Wagtail's search results, fetched once: as a subquery,
    the backend's joins would run again in the count and in the page (as in
    `RecordQuerySet.matching`); past MAX_SEARCH_KEYS, a subquery."""
    keys = searched.get_queryset().values("pk").order_by()
    pks = [row["pk"] for row in keys[: MAX_SEARCH_KEYS + 1]]
    return keys if len(pks) > MAX_SEARCH_KEYS else pks


def with_names(queryset, text, searched, rank=True):
    """`queryset` narrowed to the records in `searched` (Wagtail's search of
    it) or with a name spelled like `text`; with `rank`, name matches first,
    best first (`name_rank`), then in the queryset's own order."""
    pks = searched_keys(searched)
    named = queryset.model._default_manager.all().spelled_like(text)
    found = queryset.filter(Q(pk__in=pks) | Q(pk__in=named.values("pk")))
    if not rank:
        return found
    # Computed in the database for the rows of one page: no query per row.
    name_rank = Subquery(named.filter(pk=OuterRef("pk")).values("name_rank")[:1])
    order = queryset.query.order_by or queryset.model._meta.ordering
    return found.annotate(name_rank=name_rank).order_by(
        F("name_rank").desc(nulls_last=True), *order, "pk"
    )


class NameSearchIndexView(IndexView):
    """The snippet listing's search (`?q=`), by every spelling of a name.
    Ordered by a column header, a search keeps that order."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        # Only its keys are read, so unordered: the search index cannot
        # sort by most columns (status_as_of), the queryset can.
        searched = super().search_queryset(queryset.order_by())
        return with_names(
            queryset, self.search_query, searched, rank=not self.is_explicitly_ordered
        )


class DefenderNameSearchIndexView(IndexView):
    """The listing of a record about one defender (charges, sentences):
    what Wagtail search finds, and the records of every defender whose name
    is spelled like the query."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        searched = super().search_queryset(queryset.order_by())
        defenders = queryset.model._meta.get_field("defender").related_model
        named = defenders._default_manager.all().spelled_like(self.search_query)
        return queryset.filter(
            Q(pk__in=searched_keys(searched)) | Q(defender__in=named.values("pk"))
        )


class NameSearchFilterForm(SearchFilterMixin, BaseFilterForm):
    """The snippet chooser's search, by every spelling of a name."""

    def filter(self, objects):
        searched = super().filter(objects)
        if not self.is_searching:
            return searched
        return with_names(objects, self.search_query, searched)


class NameSearchChooseView(ChooseView):
    filter_form_class = NameSearchFilterForm


class NameSearchChooseResultsView(ChooseResultsView):
    filter_form_class = NameSearchFilterForm


class NameSearchChooserViewSet(SnippetChooserViewSet):
    choose_view_class = NameSearchChooseView
    choose_results_view_class = NameSearchChooseResultsView


class NameSearchMixin:
    """For the SnippetViewSet of a `Named` model: its listing and its chooser
    find every spelling of a name. A viewset with its own index view
    subclasses `NameSearchIndexView` for it."""

    index_view_class = NameSearchIndexView
    chooser_viewset_class = NameSearchChooserViewSet
