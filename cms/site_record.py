"""The Wagtail Site record names the configured public address (BASE_URL).

Wagtail builds a page's full URL from its Site record (hostname, port), for
what has no request to go by: emails, feeds built offline, the dataset. The
record made by the first migration says localhost; `load_demo` (and so
`make run`) sets it from settings.WAGTAILADMIN_BASE_URL, which is BASE_URL.
"""

from urllib.parse import urlsplit

from django.conf import settings

from wagtail.models import Site


def set_site_address(base_url=None):
    """Set the default Site's hostname and port from `base_url` (default:
    BASE_URL). Returns True when the record changed."""
    parts = urlsplit(base_url or settings.WAGTAILADMIN_BASE_URL)
    if not parts.hostname:
        return False
    port = parts.port or (443 if parts.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (parts.hostname, port):
        return False
    site.hostname, site.port = parts.hostname, port
    site.save(update_fields=["hostname", "port"])
    return True
