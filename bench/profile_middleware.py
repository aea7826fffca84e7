"""What each middleware costs on a cache hit and on a miss, in µs of one
process (direct WSGI calls, no server, no network): the README's table.

    DATABASE_URL=postgres://…/docket_bench_10000 REDIS_URL=redis://…/7 \\
        .venv/bin/python bench/profile_middleware.py [path ...]

Production settings (DEBUG off). A mark between every two middlewares
records the time on the way in and out; a middleware's own time is what it
spent outside the one below it. A miss asks a new query string each time
(`?profile=<n>`; the API, which refuses unknown parameters, `page=<n>`), so
the page is built and stored, as after a publish.
"""

import io
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402

MARKS = []
MIDDLEWARE = list(settings.MIDDLEWARE)
VIEW = "(view: URL routing, queries, templates)"


def mark(i):
    def factory(get_response):
        def middleware(request):
            MARKS.append((i, time.perf_counter_ns()))
            response = get_response(request)
            MARKS.append((-i - 1, time.perf_counter_ns()))
            return response

        return middleware

    return factory


marks = type(sys)("bench_marks")
sys.modules["bench_marks"] = marks
chain = []
for i, name in enumerate([*MIDDLEWARE, VIEW]):
    setattr(marks, f"m{i}", mark(i))
    chain.append(f"bench_marks.m{i}")
    if name != VIEW:
        chain.append(name)
settings.MIDDLEWARE = chain
application = WSGIHandler()


def get(path):
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT": "*/*",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }
    status = []
    body = application(environ, lambda s, headers, exc_info=None: status.append(s))
    b"".join(body)
    body.close()
    return status[0]


def own_times(requests):
    """{layer: [µs per request]}: each layer's time minus the one below's."""
    times = {name: [] for name in [*MIDDLEWARE, VIEW]}
    layers = len(MIDDLEWARE) + 1
    for request in requests:
        entered = {i: t for i, t in request if i >= 0}
        left = {-i - 1: t for i, t in request if i < 0}
        for i, name in enumerate([*MIDDLEWARE, VIEW]):
            if i not in entered:
                times[name].append(0)  # a layer above answered
                continue
            spent = left[i] - entered[i]
            if i + 1 < layers and i + 1 in entered:
                spent -= left[i + 1] - entered[i + 1]
            times[name].append(spent / 1000)
    return times


def profile(path, hit, n):
    get(path)  # load templates, fill the cache
    get(path)
    requests = []
    for j in range(n):
        MARKS.clear()
        name = "page" if path.startswith("/api/") else "profile"
        asked = path if hit else f"{path}{'&' if '?' in path else '?'}{name}={j + 1}"
        start = time.perf_counter_ns()
        status = get(asked)
        total = (time.perf_counter_ns() - start) / 1000
        assert status.startswith("200"), (asked, status)
        requests.append(list(MARKS) + [("total", total)])
    totals = [r[-1][1] for r in requests]
    return own_times([r[:-1] for r in requests]), statistics.median(totals)


def main():
    paths = sys.argv[1:] or ["/", "/api/v1/defenders/?page_size=50"]
    for path in paths:
        hit, hit_total = profile(path, hit=True, n=2000)
        miss, miss_total = profile(path, hit=False, n=30)
        print(f"\n`{path}`, median µs per request\n")
        print("| layer | cache hit | cache miss |")
        print("|---|---:|---:|")
        for name in [*MIDDLEWARE, VIEW]:
            h, m = statistics.median(hit[name]), statistics.median(miss[name])
            print(f"| `{name}` | {h:.0f} | {m:.0f} |")
        print(f"| whole request | {hit_total:.0f} | {miss_total:.0f} |")


if __name__ == "__main__":
    main()
