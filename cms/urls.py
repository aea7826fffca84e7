"""The one place that wires the apps together."""

from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views
from cms.feeds import UpdatesFeed
from cms.sitemaps import sitemaps

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("cms.api")),
    path("", include("events.urls")),
    path("", include("petition.urls")),
    path("search/", views.search, name="search"),
    path("feeds/updates.xml", UpdatesFeed(), name="updates_feed"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps()}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.BENCH:
    urlpatterns.append(path("bench/bare", views.bench_bare))

handler500 = "cms.errors.server_error"

# Wagtail serves every page not caught above; keep it last.
urlpatterns.append(path("", include(wagtail_urls)))
