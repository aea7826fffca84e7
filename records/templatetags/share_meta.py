"""Absolute addresses for link previews and search engines
(templates/includes/share_meta.html).

Built from the request, as the sitemap, the feed and the API build theirs:
the host is one ALLOWED_HOSTS accepted, and the page cache keys on it
(records.cache). BASE_URL is for emails and the admin, and has a local
default, so it cannot tell us the public address.
"""

from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` (/defenders/x/share.png) as an absolute URL."""
    request = context.get("request")
    if request is None or not path:
        return path or ""
    return request.build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def canonical_url(context, form=None):
    """This page's absolute address without its query string. A list passes
    its filter `form`: its filters stay (a filtered list is a page of its own),
    in the form's order; ?page= and anything else (utm_*, fbclid) go, so
    every page of a list and every shared link name one address."""
    request = context.get("request")
    if request is None:
        return ""
    query = QueryDict(mutable=True)
    for name in getattr(form, "fields", ()):
        values = [value for value in request.GET.getlist(name) if value]
        if values:
            query.setlist(name, values)
    path = request.path + (f"?{query.urlencode()}" if query else "")
    return request.build_absolute_uri(path)
