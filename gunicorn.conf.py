"""gunicorn's settings for Docket (gunicorn reads ./gunicorn.conf.py).

What Django and Wagtail load at start-up lives as long as the worker: some
170,000 objects, which every full garbage collection walks, pausing a
request for about 100 ms. Frozen, they are left alone (under 1 ms)."""

import gc

# A worker is restarted when a request holds it longer than this. The
# longest request Docket serves on purpose is a researcher confirming a
# case-list import: about 55 s for 5,000 people on a 2-core machine
# (bench/caselist.py); 30 s, gunicorn's default, would kill it half-way
# (its transaction then rolls back, so nothing would be half-written).
timeout = 180


def post_worker_init(worker):
    from django.urls import get_resolver

    # The URL configuration imports every view and the API; otherwise the
    # first request would load them, after the freeze.
    get_resolver().url_patterns  # noqa: B018 (loading is the point)
    gc.freeze()
