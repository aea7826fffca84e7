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
from events.defender_views import defender_card_queryset
from events.models import Article, Event
from records.cache import cache_available
from records.public import MAX_QUERY_LENGTH, in_order, search_ids


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
        label=_("Search defenders, organizations, events and articles"),
        max_length=MAX_QUERY_LENGTH,
        strip=True,
    )


# Each kind of record is searched on its own, at most this many shown.
RESULTS_PER_KIND = 20


def search(request):
    """One search across every kind of live record with a public page."""
    form = SearchForm(request.GET or None)
    groups = []
    status = 200
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        defenders = in_order(
            defender_card_queryset(Defender.objects.live()),
            search_ids(Defender, query, RESULTS_PER_KIND),
        )
        organizations = in_order(
            Organization.objects.live(), search_ids(Organization, query)
        )[:RESULTS_PER_KIND]
        events = in_order(Event.objects.live(), search_ids(Event, query))[
            :RESULTS_PER_KIND
        ]
        articles = in_order(Article.objects.live(), search_ids(Article, query))[
            :RESULTS_PER_KIND
        ]
        groups = [
            {"kind": "defenders", "title": _("Defenders"), "items": list(defenders)},
            {
                "kind": "organizations",
                "title": _("Organizations"),
                "items": list(organizations),
            },
            {"kind": "events", "title": _("Events"), "items": list(events)},
            {
                "kind": "articles",
                "title": _("Articles of the criminal code"),
                "items": [
                    {
                        "article": article,
                        "url": f"{reverse('defender_list')}?article={article.slug}",
                    }
                    for article in articles
                ],
            },
        ]
    elif form.is_bound:
        status = 400
    return render(
        request,
        "cms/search.html",
        {
            "form": form,
            "groups": groups,
            "total": sum(len(group["items"]) for group in groups),
        },
        status=status,
    )


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
