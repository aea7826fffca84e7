"""Public pages of events: the timeline with filters, and one event's page.

`event_context` builds an event page's whole context; the public view and the
admin preview (`Record.public_context`) both call it.
"""

from django import forms
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from defenders.models import Defender
from events.defender_views import (
    RecordChoiceField,
    defender_card_queryset,
    live_places,
    public_figures,
    without_page,
)
from events.models import ClaimedFigure, DetentionPlace, Event, EventDefender
from events.timeline import load_timelines
from records.models import Place, page_context
from records.public import (
    CARD_PHOTO,
    live_sources,
    paginate,
    photo_prefetch,
    public_sources,
)


class EventFilters(forms.Form):
    """The event list's filters. Each calls the queryset method the API's
    filters call (`events.api.events.EventFilterSet`: a year is date_after
    and date_before that year), so the page and the API always agree."""

    type = forms.ChoiceField(label=_("Type"), required=False)
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=1900, max_value=2100
    )
    city = RecordChoiceField(label=_("City"), required=False, named=Place)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["type"].choices = anything + list(Event.Type.choices)
        # Where a live event happened, or where one took someone.
        self.fields["city"].set_records(
            Place.objects.live()
            .filter(Q(events__live=True) | Q(detention_places__events__live=True))
            .distinct()
            .order_by("name")
            .values_list("pk", "slug", "name")
        )

    def filter(self, events):
        data = self.cleaned_data
        if data["type"]:
            events = events.of_type(data["type"])
        if data["year"]:
            events = events.in_year(data["year"])
        if data["city"]:
            events = events.in_city(data["city"])
        return events


def event_list(request):
    form = EventFilters(request.GET or None)
    events = Event.objects.live().order_by("-date", "title")
    status = 200
    if form.is_bound and form.is_valid():
        events = form.filter(events)
    elif form.is_bound:
        events = events.none()
        status = 400
    events = events.prefetch_related(Prefetch("places", queryset=live_places()))
    page = paginate(request, events)
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "page_obj": page,
            "events": list(page),
            "query_string": without_page(request),
        },
        status=status,
    )


def event_detail(request, slug):
    queryset = (
        Event.objects.live()
        .select_related("detention_place__place")
        .prefetch_related(
            Prefetch("places", queryset=live_places()),
            "organizations",
            Prefetch("sources", queryset=live_sources()),
            Prefetch(
                "figures", queryset=ClaimedFigure.objects.select_related("source")
            ),
            Prefetch(
                "participants",
                queryset=EventDefender.objects.filter(defender__live=True)
                .prefetch_related(
                    Prefetch(
                        "defender",
                        queryset=defender_card_queryset(Defender.objects.all()),
                    )
                )
                .order_by("sort_order", "pk"),
            ),
        )
    )
    event = get_object_or_404(queryset, slug=slug)
    return render(request, "events/event_page.html", event_context(request, event))


@page_context(Event)
def event_context(request, event):
    """The event, its places (for the map and as text), people and figures.

    Reads the event's relations with `.all()`, filtering drafts in Python:
    prefetched on the public page, the editor's unsaved choices in a preview.
    """
    place = event.detention_place
    places = sorted((p for p in event.places.all() if p.live), key=lambda p: p.name)
    return {
        "page": event,
        "today": timezone.localdate(),
        "places": places,
        "map_places": [
            {"name": p.local_name, "lat": lat, "lng": lng}
            for p in places
            for lat, lng in [p.map_position]
            if lat is not None
        ],
        "detention_place": place if place and place.live else None,
        "participants": [
            participant
            for participant in event.participants.all()
            if participant.defender.live
        ],
        "organizations": sorted(
            (o for o in event.organizations.all() if o.live), key=lambda o: o.name
        ),
        "figures": public_figures(event),
        "sources": public_sources(event.sources.all()),
    }


def detention_place_list(request):
    """Every published detention place, with how many people in the case
    file are held there now."""
    places = list(DetentionPlace.objects.live().select_related("place"))
    held = held_at(places)
    rows = [{"place": place, "held": len(held[place.pk]["now"])} for place in places]
    rows.sort(key=lambda row: (-row["held"], row["place"].name))
    return render(request, "events/detentionplace_list.html", {"rows": rows})


def detention_place_detail(request, slug):
    place = get_object_or_404(
        DetentionPlace.objects.live()
        .select_related("place")
        .prefetch_related(Prefetch("sources", queryset=live_sources())),
        slug=slug,
    )
    return render(
        request,
        "events/detentionplace_page.html",
        detention_place_context(request, place),
    )


def held_at(places):
    """{place id: {"now": [defenders held there now], "before": [held there
    once]}} for live defenders, by their timelines (`Timeline.current_place_id`),
    in constant queries."""
    found = {place.pk: {"now": [], "before": []} for place in places}
    if not found:
        return found
    defenders = (
        Defender.objects.live()
        .filter(
            involvements__event__live=True,
            involvements__event__detention_place__in=found,
        )
        .distinct()
        .prefetch_related(photo_prefetch(CARD_PHOTO))
        .order_by("name")
    )
    defenders = load_timelines(list(defenders))
    for defender in defenders:
        current = defender.timeline.current_place_id()
        for place_id in {e.detention_place_id for e in defender.timeline.entries}:
            if place_id in found:
                key = "now" if place_id == current else "before"
                found[place_id][key].append(defender)
    return found


@page_context(DetentionPlace)
def detention_place_context(request, place):
    """The place, its address for letters, and who is and was held there."""
    people = held_at([place])[place.pk] if place.pk else {"now": [], "before": []}
    return {
        "page": place,
        "today": timezone.localdate(),
        "held_now": people["now"],
        "held_before": people["before"],
        "sources": public_sources(place.sources.all()) if place.pk else [],
    }
