from django import forms
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from defenders.models import Defender, Organization
from events.defender_views import defender_card_queryset
from events.models import Article, Event
from records.public import MAX_QUERY_LENGTH, in_order, search_ids


def bench_bare(request):
    """bench/'s yardstick: Django with no database and no template work."""
    return JsonResponse({"ok": True})


def healthz(request):
    """Liveness for load balancers: 200 when the database answers, 503 if not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})


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
