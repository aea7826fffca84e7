"""Public pages of defenders and organizations.

`defender_context` and `organization_context` build the whole context of a
page; the public views and the admin preview (`Record.public_context`) both
call them, so a preview shows exactly what the public will see.
"""

from django import forms
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    prefetch_related_objects,
)
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from defenders.models import (
    HELD,
    SENTENCED_CHOICES,
    Defender,
    Membership,
    Organization,
)
from events.models import (
    Article,
    Charge,
    ClaimedFigure,
    Event,
    EventDefender,
    Sentence,
)
from events.timeline import (
    Timeline,
    held_statement,
    load_timelines,
    summary_statement,
    total_statement,
)
from records import languages
from records.api.filters import SearchField
from records.models import Place, SearchTooBroad, page_context
from records.public import (
    CARD_PHOTO,
    MAX_QUERY_LENGTH,
    PROFILE_PHOTO,
    live_sources,
    paginate,
    per_public_version,
    photo_prefetch,
    public_sources,
)

# The events that change where a person stands: the steps of the profile's
# timeline. The others (raids, designations, awards) are shown smaller.
STATUS_STEPS = (
    Event.Type.DETENTION,
    Event.Type.CHARGE,
    Event.Type.TRIAL,
    Event.Type.VERDICT,
    Event.Type.TRANSFER,
    Event.Type.RELEASE,
)


def live_places():
    return Place.objects.live().order_by("name")


def defender_card_queryset(queryset):
    """Defenders with what a card needs (photo, days held) in constant queries."""
    return queryset.prefetch_related(
        photo_prefetch(CARD_PHOTO),
        Prefetch(
            "involvements",
            # Only what the days held are counted from (events.timeline):
            # a card's person may be named in hundreds of events.
            queryset=EventDefender.objects.select_related("event").only(
                "defender_id",
                "event__type",
                "event__date",
                "event__date_precision",
                "event__date_approximate",
                "event__live",
                "event__detention_place_id",
            ),  # fmt: skip
        ),
    )


def article_label(number, part):
    if part:
        return _("Article %(number)s part %(part)s") % {"number": number, "part": part}
    return _("Article %(number)s") % {"number": number}


def article_choices(rows):
    """Choices of articles from (slug, number, part, title) rows in order: an
    article number alone (`342`) for every part of it, as the API takes it
    (`Article.objects.named`), then each part by its slug (`342-1`)."""
    numbers = {}
    for slug, number, part, title in rows:
        numbers.setdefault(number, []).append((slug, part, title))
    choices = []
    for number, parts in numbers.items():
        if len(parts) == 1 and parts[0][0] == number:  # one article, no parts
            slug, part, title = parts[0]
            choices.append((slug, f"{article_label(number, part)} — {title}"))
            continue
        every = _("Article %(number)s, every part") % {"number": number}
        options = [(number, every)] + [
            (slug, f"{article_label(number, part)} — {title}")
            for slug, part, title in parts
            if slug != number  # the article without a part is in "every part"
        ]
        choices.append((article_label(number, ""), options))
    return choices


class RecordChoiceField(forms.ChoiceField):
    """A select of published records by slug (`set_records`), cleaned to the
    record's key for the queryset methods. With `named=Model`, any name or
    spelling of a record (`Minsk`, `Gomel`) is taken for its slug too, as
    the API takes it (`RecordQuerySet.called`)."""

    def __init__(self, *args, named=None, **kwargs):
        self.named = named
        self.keys = {}
        super().__init__(*args, **kwargs)

    def set_records(self, rows):
        """(key, slug, name) rows, in the order to show."""
        rows = list(rows)
        # A new dict, never updated in place: a form's fields are shallow
        # copies of the class's, sharing what they do not replace.
        self.keys = {slug: key for key, slug, _name in rows}
        self.choices = [("", _("Any"))] + [(slug, name) for _key, slug, name in rows]

    def to_python(self, value):
        value = super().to_python(value)
        if self.named and value and value not in self.keys:
            # Any published record, listed or not, as the API takes it: a
            # city where no one is listed lists no one.
            record = self.named.objects.live().called(value)
            if record is not None:
                self.keys = {**self.keys, record.slug: record.pk}
                self.choices = [*self.choices, (record.slug, record.local_name)]
                value = record.slug
        return value

    def valid_value(self, value):
        return value in self.keys or super().valid_value(value)

    def bound_data(self, data, initial):
        # The select shows the record a name chose.
        return self.to_python(super().bound_data(data, initial))

    def clean(self, value):
        slug = super().clean(value)
        return self.keys[slug] if slug else None


def cities():
    """The live places the defender list can be filtered by: where a live
    event named a live defender, or took one (its detention place's city)."""
    events = Event.objects.live().filter(participants__defender__live=True)
    # EXISTS stops at a place's first event; IN would join every event.
    return Place.objects.live().filter(
        Exists(events.filter(places=OuterRef("pk")))
        | Exists(events.filter(detention_place__place=OuterRef("pk")))
    )


def choice_rows():
    """The rows of the list's organization, city and article choices. EXISTS,
    as for cities(): a DISTINCT over the join reads every membership (every
    charge) each time."""
    organizations = (
        Organization.objects.live()
        .having(memberships__defender__live=True)
        .annotate(shown=languages.local_name_expression())
        .order_by("shown")
        .values_list("pk", "slug", "shown")
    )
    places = (
        cities()
        .annotate(shown=languages.local_name_expression())
        .order_by("shown")
        .values_list("pk", "slug", "shown")
    )
    articles = (
        Article.objects.live()
        .having(charges__live=True, charges__defender__live=True)
        .values_list("slug", "number", "part", "title")
    )
    return list(organizations), list(places), list(articles)


class OneOrMoreSelect(forms.Select):
    """One select that also takes a repeated parameter (status=detained&
    status=imprisoned), as the API's filter does: the page and the API answer
    the same URL alike. The select shows the first value."""

    def value_from_datadict(self, data, files, name):
        getlist = getattr(data, "getlist", None)
        values = getlist(name) if getlist else data.get(name)
        return [value for value in values or [] if value] if getlist else values

    def format_value(self, value):
        values = super().format_value(value)
        return values[:1]


class DefenderFilters(forms.Form):
    """The defender list's filters. Each calls the queryset method the API's
    filter of the same name calls (`events.api.defenders.DefenderFilterSet`),
    so the page and the API always list the same defenders."""

    q = SearchField(label=_("Name"), required=False, max_length=MAX_QUERY_LENGTH)
    status = forms.MultipleChoiceField(
        label=_("Status"), required=False, widget=OneOrMoreSelect
    )
    organization = RecordChoiceField(label=_("Organization"), required=False)
    city = RecordChoiceField(label=_("City"), required=False, named=Place)
    article = forms.ChoiceField(label=_("Article"), required=False)
    sentenced = forms.ChoiceField(
        label=_("Sentence"),
        required=False,
        choices=[("", _("Any")), *SENTENCED_CHOICES],
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["status"].choices = anything + Defender.status_filter_choices()
        # They change only when something is published.
        organizations, places, articles = per_public_version(
            request, "defender-choices", choice_rows
        )
        self.fields["organization"].set_records(organizations)
        self.fields["city"].set_records(places)
        self.fields["article"].choices = anything + article_choices(articles)

    def filter(self, defenders):
        data = self.cleaned_data
        if data["status"]:
            defenders = defenders.with_status(*data["status"])
        if data["organization"]:
            defenders = defenders.member_of(data["organization"])
        if data["city"]:
            defenders = defenders.in_city(data["city"])
        if data["article"]:
            articles = Article.objects.live().named(data["article"])
            defenders = defenders.charged_under(articles)
        if data["sentenced"]:
            defenders = defenders.sentenced(data["sentenced"] == "true")
        if data["q"]:
            defenders = defenders.matching(data["q"])
        return defenders

    def active(self):
        return any(self.cleaned_data.values())


def defender_list(request):
    form = DefenderFilters(request.GET or None, request=request)
    defenders = Defender.objects.live().order_by("name")
    status = 200
    if form.is_bound and form.is_valid():
        try:
            defenders = form.filter(defenders)
        except SearchTooBroad as error:
            form.add_error("q", error.message())
            defenders, status = defenders.none(), 400
    elif form.is_bound:
        defenders = defenders.none()
        status = 400
    page = paginate(request, defenders.prefetch_related(photo_prefetch(CARD_PHOTO)))
    return render(
        request,
        "defenders/defender_list.html",
        {
            "form": form,
            "page_obj": page,
            # Days held from one query with no Event rows: a page of cards
            # names hundreds of events.
            "defenders": load_timelines(list(page)),
            "today": timezone.localdate(),
            "query_string": without_page(request),
        },
        status=status,
    )


def without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def profile_queryset():
    return Defender.objects.live().prefetch_related(
        photo_prefetch(CARD_PHOTO, PROFILE_PHOTO),
        Prefetch("sources", queryset=live_sources()),
        Prefetch("status_sources", queryset=live_sources()),
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("organization"),
        ),
    )


def defender_detail(request, slug):
    defender = get_object_or_404(profile_queryset(), slug=slug)
    return render(
        request, "defenders/defender_page.html", defender_context(request, defender)
    )


@page_context(Defender)
def defender_context(request, defender):
    """Everything the profile shows, from live records only."""
    today = timezone.localdate()
    context = {
        "page": defender,
        "today": today,
        "status_sources": public_sources(defender.status_sources.all()),
        "sources": public_sources(defender.sources.all()),
        "memberships": [
            membership
            for membership in defender.memberships.all()
            if membership.organization.live
        ],
        "timeline": [],
        "summary": "",
        "charges": [],
        "sentences": [],
        "detention_place": None,
        "letter_address": "",
        "days_current": None,
        "days_total": 0,
        "held": None,
        "held_statement": "",
        "total_statement": "",
        "periods": [],
        "unknown_end": [],
    }
    if defender.pk is None:  # a preview of a defender never saved
        return context

    # One query for the timeline and every detention-period computation;
    # Django skips it when the caller prefetched the involvements already.
    prefetch_related_objects(
        [defender],
        Prefetch(
            "involvements",
            queryset=EventDefender.objects.select_related(
                "event__detention_place__place"
            )
            .prefetch_related(Prefetch("event__sources", queryset=live_sources()))
            .order_by("event__date", "event__title"),
        ),
    )
    involvements = sorted(
        (i for i in defender.involvements.all() if i.event.live),
        key=lambda i: (i.event.date, i.event.title),
    )
    context["timeline"] = [
        {
            "involvement": involvement,
            "event": involvement.event,
            "step": involvement.event.type in STATUS_STEPS,
            "sources": public_sources(involvement.event.sources.all()),
        }
        for involvement in involvements
    ]
    timeline = Timeline(defender)
    context["summary"] = summary_statement(defender, today, timeline)
    # Counted to the day the status confirms, as every other count of days
    # held says (`held_statement`).
    held = context["held"] = timeline.held_days(today)
    context["days_current"], context["days_total"] = timeline.days(held.counted_to)
    context["held_statement"] = held_statement(defender, today, timeline)
    context["total_statement"] = total_statement(defender, today, timeline)
    context["periods"] = timeline.periods(today)
    context["unknown_end"] = timeline.unknown_end(today)
    context["timeline_warnings"] = timeline.warnings(today)
    places = {i.event.detention_place_id: i.event.detention_place for i in involvements}
    context["detention_place"], context["letter_address"] = timeline.where_held(places)

    charges = (
        Charge.objects.live()
        .filter(defender=defender, article__live=True)
        .with_public_outcome()
        .select_related("article", "case")
        .prefetch_related(Prefetch("sources", queryset=live_sources()))
        .order_by("brought_on", "article__number", "article__part")
    )
    context["charges"] = [
        {
            "charge": charge,
            "article": charge.article,
            "outcome": charge.public_outcome,
            "case": charge.case if charge.case and charge.case.live else None,
            "changes": [
                {
                    "change": change,
                    "source": change.source.public_fields()
                    if change.source and change.source.live
                    else None,
                }
                for change in charge.changes.all()
            ],
            "sources": public_sources(charge.sources.all()),
        }
        for charge in charges
    ]

    sentences = (
        Sentence.objects.live()
        .filter(defender=defender)
        .select_related("case")
        .prefetch_related(Prefetch("sources", queryset=live_sources()))
    )
    context["sentences"] = []
    for sentence in sentences:
        context["sentences"].append(
            {
                "sentence": sentence,
                "case": sentence.case if sentence.case and sentence.case.live else None,
                "expected_release": timeline.expected_release(sentence),
                "sources": public_sources(sentence.sources.all()),
            }
        )
    return context


def organization_list(request):
    """Every published organization with its members held now, and the
    closures that shut organizations the case file does not list by name."""
    organizations = (
        Organization.objects.live()
        .annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__defender__live=True), distinct=True
            ),
            held_count=Count(
                "memberships__defender",
                filter=Q(
                    memberships__defender__live=True,
                    memberships__defender__status__in=HELD,
                ),
                distinct=True,
            ),
        )
        .order_by("name")
    )
    closures = (
        Event.objects.live()
        .of_type(Event.Type.ORGANIZATION_CLOSURE)
        .prefetch_related(
            Prefetch(
                "figures", queryset=ClaimedFigure.objects.select_related("source")
            ),
            Prefetch("places", queryset=live_places()),
        )
        .order_by("-date", "title")
    )
    return render(
        request,
        "defenders/organization_list.html",
        {
            "organizations": list(organizations),
            "closures": [
                {"event": event, "figures": public_figures(event)} for event in closures
            ],
        },
    )


def organization_detail(request, slug):
    queryset = Organization.objects.live().prefetch_related(
        Prefetch("sources", queryset=live_sources())
    )
    organization = get_object_or_404(queryset, slug=slug)
    return render(
        request,
        "defenders/organization_page.html",
        organization_context(request, organization),
    )


CLOSURE_TYPES = (
    Event.Type.ORGANIZATION_CLOSURE,
    Event.Type.DESIGNATION,
    Event.Type.RAID,
    Event.Type.SEARCH,
)


@page_context(Organization)
def organization_context(request, organization):
    """The organization, its live members and what the state did to it."""
    context = {
        "page": organization,
        "today": timezone.localdate(),
        "sources": public_sources(organization.sources.all()),
        "members": [],
        "closures": [],
        "events": [],
    }
    if organization.pk is None:
        return context
    memberships = (
        Membership.objects.filter(organization=organization, defender__live=True)
        .prefetch_related(
            Prefetch(
                "defender",
                queryset=defender_card_queryset(Defender.objects.all()),
            )
        )
        .order_by("defender__name")
    )
    context["members"] = list(memberships)
    events = (
        Event.objects.live()
        .filter(organizations=organization)
        .prefetch_related(
            Prefetch(
                "figures",
                queryset=ClaimedFigure.objects.select_related("source"),
            ),
            Prefetch("places", queryset=live_places()),
            Prefetch("sources", queryset=live_sources()),
        )
        .order_by("date", "title")
    )
    for event in events:
        entry = {
            "event": event,
            "figures": public_figures(event),
            "sources": public_sources(event.sources.all()),
        }
        key = "closures" if event.type in CLOSURE_TYPES else "events"
        context[key].append(entry)
    return context


def public_figures(event):
    """Each source's figure for an event's count; `disagree` when they differ.

    Reads `event.figures.all()`: prefetched on public pages, the unsaved
    figures in a preview."""
    figures = [
        {
            "figure": figure,
            "source": figure.source.public_fields() if figure.source.live else None,
        }
        for figure in event.figures.all()
    ]
    values = {f["figure"].value for f in figures}
    if figures and event.affected_count is not None:
        values.add(event.affected_count)
    return {"items": figures, "disagree": len(values) > 1}
