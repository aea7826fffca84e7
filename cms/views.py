import re

from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Count, Min
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.errors import database_outage
from defenders.models import Defender, Organization
from events.defender_views import without_page
from events.models import Article, Event
from events.timeline import load_timelines
from records.cache import cache_available
from records.models import Place, SearchTooBroad, search_time_limit
from records.public import (
    CARD_PHOTO,
    MAX_QUERY_LENGTH,
    in_order,
    paginate,
    photo_prefetch,
    ranked_ids,
)


def bench_bare(request):
    """bench/'s yardstick: Django with no database and no template work."""
    return JsonResponse({"ok": True})


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        database_outage.failed(error)
        return False
    database_outage.recovered()
    return True


def livez(request):
    """Liveness: 200 while the process answers and the database does, so a
    restart would not help when only Redis or the task worker is down."""
    if not database_answers():
        return health({"database": "unavailable"}, healthy=False)
    return health({"database": "ok"}, healthy=True)


def healthz(request):
    """Readiness, for load balancers and monitoring: the state of each
    dependency, 200 only when all are well, else 503."""
    database = database_answers()
    cache.get("docket:healthz")  # a round trip to Redis, unless resting
    cache_ok = cache_available()
    tasks, tasks_ok = task_queue() if database else ("unavailable", False)
    report = {
        "database": "ok" if database else "unavailable",
        "cache": "ok" if cache_ok else "unavailable",
        "tasks": tasks,
    }
    return health(report, healthy=database and cache_ok and tasks_ok)


def health(report, healthy):
    response = JsonResponse(report, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    # A report, not an error: Django's request logger would write a line at
    # every poll; the outage itself is logged once (records.outage).
    response._has_been_logged = True
    return response


def task_queue():
    """(report, healthy) of the queue the worker sends emails from: how many
    tasks wait and how long the oldest has; healthy while it waited less than
    TASKS_MAX_WAIT_SECONDS (a stopped worker shows here). An immediate
    backend has no queue."""
    if not isinstance(task_backends["default"], DatabaseBackend):
        return "ok", True
    waiting = DBTaskResult.objects.ready().aggregate(
        backlog=Count("pk"), oldest=Min("enqueued_at")
    )
    oldest = waiting["oldest"]
    seconds = int((timezone.now() - oldest).total_seconds()) if oldest else 0
    report = {"backlog": waiting["backlog"], "oldest_seconds": seconds}
    return report, seconds < settings.TASKS_MAX_WAIT_SECONDS


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search defenders, organizations, places, events and articles"),
        max_length=MAX_QUERY_LENGTH,
        strip=True,
    )


# Each kind of record is searched on its own; the page shows this many of
# each, and a kind's own page (?kind=) pages through up to SEARCH_CAP.
RESULTS_PER_KIND = 20
# "342", "342-2", "342.2", "Article 342", "ст. 342", "арт. 342".
ARTICLE_NUMBER = re.compile(
    r"^(?:article|art|артыкул|арт|статья|ст)?\.?\s*(\d{2,3})(?:\s*[-.]\s*(\d))?$",
    re.IGNORECASE,
)


def article_ids(query):
    """(pks, more) of live articles: by number when the query is one, else
    by text."""
    number = ARTICLE_NUMBER.match(query.strip())
    if not number:
        return ranked_ids(Article.objects.live(), query)
    articles = Article.objects.live().filter(number=number[1])
    if number[2]:
        articles = articles.filter(part=number[2])
    return list(articles.order_by("part").values_list("pk", flat=True)), False


def search_kinds():
    """(kind, title, pks(query), queryset of the page's records)."""
    return [
        (
            "defenders",
            _("Defenders"),
            lambda q: ranked_ids(Defender.objects.live(), q),
            lambda: Defender.objects.live().prefetch_related(
                photo_prefetch(CARD_PHOTO)
            ),
        ),
        (
            "organizations",
            _("Organizations"),
            lambda q: ranked_ids(Organization.objects.live(), q),
            Organization.objects.live,
        ),
        (
            "places",
            _("Places"),
            lambda q: ranked_ids(Place.objects.live(), q),
            Place.objects.live,
        ),
        (
            "articles",
            _("Articles of the criminal code"),
            article_ids,
            Article.objects.live,
        ),
        (
            "events",
            _("Events"),
            lambda q: ranked_ids(Event.objects.live(), q),
            Event.objects.live,
        ),
    ]


def search(request):
    """One search across every kind of live record with a public page:
    records named so first, then those that mention it. `?kind=` pages
    through one kind."""
    form = SearchForm(request.GET or None)
    groups = []
    status = 200
    only = request.GET.get("kind")
    kinds = search_kinds()
    if only not in {kind for kind, *_ in kinds}:
        only = None
    too_broad = False
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        try:
            with search_time_limit():
                found = {
                    kind: find(query)
                    for kind, _title, find, _records in kinds
                    if not only or kind == only
                }
        except SearchTooBroad:
            found, too_broad = {}, True
        for kind, title, _find, records in kinds:
            if kind not in found:
                continue
            pks, more = found[kind]
            if only:
                page = paginate(request, pks, RESULTS_PER_KIND)
                shown = list(page)
            else:
                page, shown = None, pks[:RESULTS_PER_KIND]
            groups.append(
                {
                    "kind": kind,
                    "title": title,
                    "items": search_items(kind, in_order(records(), shown)),
                    "count": len(pks),
                    "more": more,
                    "page_obj": page,
                }
            )
    elif form.is_bound:
        status = 400
    response = render(
        request,
        "cms/search.html",
        {
            "form": form,
            "groups": groups,
            "kind": only,
            "total": sum(group["count"] for group in groups),
            "more": any(group["more"] for group in groups),
            "too_broad": too_broad,
            "per_kind": RESULTS_PER_KIND,
            "query_string": without_page(request),
        },
        status=status,
    )
    if too_broad:
        # It ran out of time: another moment may find it all, so keep no copy.
        response["Cache-Control"] = "no-store"
    return response


def search_items(kind, records):
    """What a group lists: the records, or for articles and places the
    defender list they lead to."""
    defenders = reverse("defender_list")
    if kind == "defenders":
        return load_timelines(list(records))  # days held, with no Event rows
    if kind == "articles":
        return [
            {"article": article, "url": f"{defenders}?article={article.slug}"}
            for article in records
        ]
    if kind == "places":
        return [
            {"place": place, "url": f"{defenders}?city={place.slug}"}
            for place in records
        ]
    return list(records)


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
