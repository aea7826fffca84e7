"""The one place that wires the apps together."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views
from cms.dataset.views import data_page
from cms.feeds import UpdatesFeed
from cms.sitemaps import sitemaps
from records import languages

# One address for every language: the admin (each user's own language), the
# API (?lang= or Accept-Language), the sitemap and the probes.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("cms.api")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps()}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("language/<str:code>/", languages.choose, name="choose_language"),
    path("en/", languages.english_prefix),
    path("en/<path:rest>", languages.english_prefix),
]
# The public site in each language: English at the root, /be/…, /ru/….
public = [
    path("", include("events.urls")),
    path("", include("petition.urls")),
    path("search/", views.search, name="search"),
    path("data/", data_page, name="data"),
    path("feeds/updates.xml", UpdatesFeed(), name="updates_feed"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.BENCH:
    urlpatterns.append(path("bench/bare", views.bench_bare))

handler500 = "cms.errors.server_error"
# Under /api/ every error is JSON (records.api.errors); elsewhere Django's pages.
handler400 = "records.api.errors.bad_request"
handler403 = "records.api.errors.permission_denied"
handler404 = "records.api.errors.page_not_found"

# Wagtail serves every page not caught above; keep it last.
public.append(path("", include(wagtail_urls)))
urlpatterns += i18n_patterns(*public, prefix_default_language=False)
