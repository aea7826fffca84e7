"""The client's address, read in one place: the API throttle, the petition's
rate limit and django-axes' lockouts all ask `client_ip`.

NUM_PROXIES is the number of proxies in front of the site that append the
address they see to X-Forwarded-For. With none (the default) the client is
REMOTE_ADDR and X-Forwarded-For is never read, as anyone can write it.
Behind N proxies the client is the Nth address from the right; what stands
further left is whatever the client sent.
"""

from ipware import get_client_ip

from django.conf import settings
from django.utils.crypto import salted_hmac


def client_ip(request):
    proxies = settings.NUM_PROXIES
    if proxies:
        # django-ipware counts the proxies whose address is in the header:
        # the nearest proxy is REMOTE_ADDR, not in it.
        address, _routable = get_client_ip(
            request,
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if address:
            return address
    # No proxies, or a header shorter than they would write: the address
    # that connected, which no client can forge.
    return request.META.get("REMOTE_ADDR", "")


def client_key(request, salt):
    """A salted hash of the client's address (salt and SECRET_KEY): what rate
    limits count by, so that no raw address is kept."""
    return salted_hmac(salt, client_ip(request)).hexdigest()
