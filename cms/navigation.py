"""The pages every page links to: the letters guide, About, the petition.

`site_pages` is a context processor. What it gives is read only when a
template uses it, and then once per public version from the cache: a
publish changes it in every process at once (records.cache).
"""

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from records import languages
from records.cache import public_version


def load_site_pages():
    from cms.models import StandardPage
    from petition.models import PetitionPage

    pages = {
        role: page.url
        for role, page in (
            (page.role, page)
            for page in StandardPage.objects.live().public().exclude(role="")
        )
    }
    petition = (
        PetitionPage.objects.live().public().order_by("-first_published_at", "-pk")
    ).first()
    return {
        "letters": pages.get(StandardPage.Role.LETTERS, ""),
        "about": pages.get(StandardPage.Role.ABOUT, ""),
        "petition": petition.url if petition else "",
    }


def cached_site_pages(request=None):
    # The time as well as the number: a rolled-back publish reuses a number.
    number, changed_at = public_version(request)
    # And the language: a page's address has its language's prefix.
    stamp = changed_at.timestamp() if changed_at else 0
    key = f"site-pages:{number}:{stamp}:{languages.active()}"
    pages = cache.get(key)
    if pages is None:
        pages = load_site_pages()
        cache.set(key, pages, 3600)
    return pages


def site_pages(request):
    return {"site_pages": SimpleLazyObject(lambda: cached_site_pages(request))}
