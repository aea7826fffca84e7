"""`make bench`: Docket under load, on PostgreSQL, with production settings,
against a minimal Django app measured in the same run.

For each scale (--scale, default 1000,10000,50000 defenders, 10 events each):
1. Creates the dataset's database, <BENCH_DATABASE_URL>_<defenders> (e.g.
   docket_bench_10000), with synthetic data on its first run only (not
   counted in the 20 minutes `make bench` takes on a 2-core machine).
2. Starts Docket's gunicorn (BENCH_PORT, default 8765) and the yardstick,
   bench/minimal.py (BENCH_MINIMAL_PORT, default BENCH_PORT + 1): the same
   gunicorn, workers and worker class, no middleware, never cached.
3. Measures every row in --rounds interleaved rounds (default 3). Each round
   measures the minimal app and Docket's /bench/bare too, and each row's
   ratio is its req/s over the same round's minimal app (reads, at the same
   concurrency) or minimal insert (signing). The table gives req/s and
   p50/p95/p99 (medians over rounds), the ratio's min/median/max, the
   median ratio to /bench/bare, the target and the load average.
   At 10,000 (or at every scale given, when 10,000 is not among them) the
   full table: cached pages, the API with the records' cache only, the
   uncached rows, the cold rows after a publish, petition signing against
   the minimal insert (lost and duplicated signatures counted: any makes
   the run fail), then every worker's memory over 10,000 requests and the
   defenders' CSV download. At the other scales, the uncached rows only;
   the run ends with how each uncached row grows across scales.
4. Writes everything to bench/results/<time>.json.

Left out of the default run to keep it within 20 minutes: `--only names`
(name search, one row per kind of query, bench/name_queries.py),
`--only caselist` (the case-list import, bench/caselist.py, some minutes).
`--only csv` runs the CSV download alone; `--only minimal` the yardstick.
"""

import argparse
import datetime
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
MINIMAL_PORT = int(os.environ.get("BENCH_MINIMAL_PORT", PORT + 1))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
BASE = f"http://{HOST}:{PORT}"
MINIMAL = f"http://{HOST}:{MINIMAL_PORT}"
RESULTS = ROOT / "bench" / "results"
# Docket's gunicorn.conf.py sets no worker class: gunicorn's default.
WORKER_CLASS = "sync"
# Throughput rows: 2 wrk threads, 16 connections; latency rows: one client.
MANY, ONE = (2, 16), (1, 1)
# A session cookie makes the public page cache step aside: the "uncached"
# rows. The API still keeps each record's answer (records' cache).
UNCACHED = ["-H", "Cookie: sessionid=bench-uncached"]

# Anonymous and warmed up: answered from the public cache. Target: ratio to
# the minimal app. Paths are filled in from bench/sample.py.
CACHED = [
    ("home, cached", "/"),
    ("list, cached", "/defenders/"),
    ("profile, cached", "/defenders/{slug}/"),
    ("event, cached", "/events/{event}/"),
    ("petition page, cached", "{petition}"),
    ("API defenders page_size=50, cached", "/api/v1/defenders/?page_size=50"),
]
CACHED_RATIO = 0.8
RECORDS_ONLY = (
    "API defenders page_size=50, records cache only",
    "/api/v1/defenders/?page_size=50",
    0.25,
)
# One client, session cookie: built for each request, except that the API
# takes each record's answer from the records' cache. Target: p50.
UNCACHED_ROWS = [
    ("home, uncached", "/"),
    ("list, uncached", "/defenders/"),
    ("profile, uncached", "/defenders/{slug}/"),
    ("event, uncached", "/events/{event}/"),
    ("/search/ common word, uncached", "/search/?q={common}"),
    ("/search/ rare name, uncached", "/search/?q={rare}"),
    ("API q common word, uncached", "/api/v1/defenders/?q={common}"),
    ("API q rare name, uncached", "/api/v1/defenders/?q={rare}"),
    ("API defenders page_size=50, uncached", "/api/v1/defenders/?page_size=50"),
    ("API events type=raid, uncached", "/api/v1/events/?type=raid"),
]
UNCACHED_P50_MS = 100
# A request slower than this counts as a wrk timeout (not in the latencies).
WRK_TIMEOUT = "10s"
COLD_API = ("API defenders every page, cold, 1 client", 50)  # p95 target, ms
# Cold profile: many distinct profiles, each once, right after one publish
# (bench/sample.py picks them). Each has neither its page nor its record in a
# cache, as for the first reader of a profile after a publish; bumping before
# every request would also empty what all pages share (the site's settings,
# menus), which in production the first reader after a publish fills once.
COLD_PROFILE = ("profile, cold, 1 client", 30)
SIGNING_RATIO = 0.5
MEMORY_REQUESTS = 10_000
MEMORY_MB = 150
# RSS moves by a few pages without leaking; more than this is growth.
MEMORY_GROWTH_MB = 1
# Every defender as one streamed CSV: its memory must not grow with the rows.
CSV = ("API defenders CSV, every row, 1 client", "/api/v1/defenders/?format=csv")
# Name search, one client, uncached: each kind of query (bench/name_queries.py),
# with its p95 target in ms, on both paths that search names (--only names).
NAME_KINDS = [
    ("exact", 50),
    ("variant", 50),
    ("prefix", 50),
    ("typo", 50),
    ("declined", 50),
    ("common", 100),
]
NAME_SEARCH = [
    ("API q=", "/api/v1/defenders/?q={}"),
    ("/search/?q=", "/search/?q={}"),
]


def production_env(database_url):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "0",
        "DOCKET_BENCH": "1",
        "API_THROTTLE_RATE": "",
        "PETITION_RATE_LIMITS": "",
        "TASKS_BACKEND": "database",
        "CONN_MAX_AGE": "600",
    }
    env.pop("REDIS_URL", None)
    if redis_up():
        env["REDIS_URL"] = REDIS_URL
    return env


def redis_up():
    import socket

    url = urllib.parse.urlsplit(REDIS_URL)
    try:
        address = (url.hostname or "127.0.0.1", url.port or 6379)
        socket.create_connection(address, timeout=1).close()
        return True
    except OSError:
        return False


def dataset_url(base_url, defenders):
    """Each scale in a database of its own: docket_bench_10000."""
    return f"{base_url}_{defenders}"


def manage(env, *args, **kwargs):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
    )


def django_shell(env, code):
    """Run code in `manage.py shell` and return the lines it printed."""
    return manage(
        env, "shell", "--no-imports", "-c", code, capture_output=True, text=True
    ).stdout.split()


def sign_path(env):
    """The first live petition's sign URL (bench/faults.py uses it too)."""
    (url,) = django_shell(
        env,
        "from django.urls import reverse; from petition.models import PetitionPage; "
        "page = PetitionPage.objects.live().first(); "
        "print(reverse('petition_sign', args=[page.pk]))",
    )
    return url


def ensure_database(database_url):
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
        # Solid-state storage, as the README asks of production: without it
        # PostgreSQL prefers whole-table scans to index look-ups in joins.
        conn.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')


def execute(database_url, statement, params=()):
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(statement, params)


def query(database_url, statement, params=()):
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        return conn.execute(statement, params).fetchone()


def prepare(env, defenders, signatures):
    ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v0")
    (count,) = query(env["DATABASE_URL"], "SELECT count(*) FROM defenders_defender")
    generated = count == 0
    if generated:
        print(f"Generating synthetic data (first run only): {defenders} defenders…")
        manage(
            env,
            "generate_synthetic",
            "--defenders",
            str(defenders),
            "--events",
            str(defenders * 10),
            "--signatures",
            str(signatures),
        )
        print("Indexing for search…", flush=True)
        manage(env, "update_index", stdout=subprocess.DEVNULL)
        # Bulk-loaded tables have no planner statistics until autovacuum
        # gets to them; without them PostgreSQL scans whole tables.
        execute(env["DATABASE_URL"], "VACUUM ANALYZE")
    manage(env, "collectstatic", "--noinput", "-v0")
    return generated


def wait_for(url, server, log):
    for _ in range(120):
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310
            return server
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit(f"gunicorn did not start; see {log.relative_to(ROOT)}")


def start_server(env, workers):
    """Docket, with its own gunicorn.conf.py (read from the project root)."""
    log = RESULTS / "gunicorn.log"
    server = subprocess.Popen(
        [GUNICORN, "cms.wsgi", "--bind", f"{HOST}:{PORT}"]
        + gunicorn_options(workers, log),
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    return wait_for(f"{BASE}/bench/bare", server, log)


def start_minimal(env, workers):
    """The yardstick: the same gunicorn, workers and worker class, with a
    conf of its own so that Docket's is not loaded."""
    log = RESULTS / "gunicorn-minimal.log"
    server = subprocess.Popen(
        [GUNICORN, "bench.minimal:application", "--bind", f"{HOST}:{MINIMAL_PORT}"]
        + ["-c", str(ROOT / "bench" / "minimal_gunicorn.py")]
        + gunicorn_options(workers, log),
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": env["DATABASE_URL"], "CONN_MAX_AGE": "600"},
        start_new_session=True,
    )
    return wait_for(f"{MINIMAL}/", server, log)


def gunicorn_options(workers, log):
    return [
        "--workers",
        str(workers),
        "--worker-class",
        WORKER_CLASS,
        "--access-logfile",
        "/dev/null",
        "--error-logfile",
        str(log),
    ]


def stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def wrk(
    url,
    options=(),
    clients=MANY,
    seconds=3,
    script="report.lua",
    env=None,
    until_done=False,
):
    """wrk's summary as a dict, with req/s. until_done: the script prints
    "done" once per thread when it has asked for all it had to (pages.lua);
    wrk is then stopped at once (SIGINT), `seconds` being only a limit."""
    threads, connections = clients
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s"]
    command += ["--latency", "--timeout", WRK_TIMEOUT]
    command += ["-s", str(ROOT / "bench" / script), *options, url]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    lines = []
    if until_done:
        finished = 0
        for line in process.stdout:
            lines.append(line)
            finished += line.strip() == "done"
            if finished == threads:
                process.send_signal(signal.SIGINT)
                break
    out, err = process.communicate()
    lines += out.splitlines()
    summary = [x for x in lines if x.startswith("{")]
    if process.returncode or not summary:
        raise RuntimeError(f"wrk failed on {url}: {err}")
    stats = json.loads(summary[-1])
    stats["rps"] = stats["requests"] / (stats["duration_us"] / 1e6)
    return stats


def wrk_paths(paths, options=(), clients=ONE, requests=None, env=None):
    """Ask for each of `paths` once (or `requests` answers per wrk thread,
    going round them), as fast as `clients` allows."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
        listing.write("\n".join(paths) + "\n")
        listing.flush()
        env = {**os.environ, **(env or {}), "BENCH_PATHS": listing.name}
        if requests:
            env["BENCH_REQUESTS"] = str(requests)
        return wrk(
            BASE + paths[0],
            options,
            clients,
            seconds=600,
            script="pages.lua",
            env=env,
            until_done=True,
        )


def x_cache(url):
    """The X-Cache header Docket's page cache answers an anonymous request
    with ("hit", "miss"), or "none": a cached row that is no hit, or a
    yardstick that is one, measures something else than its name says."""
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
        return response.headers.get("X-Cache", "none")


def measured(stats, yardstick, bare=None):
    """One round's stats of a row, with its ratios and the load average."""
    return stats | {
        "ratio": stats["rps"] / yardstick["rps"] if yardstick["rps"] else None,
        "bare_ratio": stats["rps"] / bare["rps"] if bare and bare["rps"] else None,
        "load": os.getloadavg(),
    }


def summarize(rounds):
    """A row over its rounds: medians, and the ratio's min/median/max."""
    ratios = [r["ratio"] for r in rounds if r["ratio"] is not None]
    bare = [r["bare_ratio"] for r in rounds if r.get("bare_ratio") is not None]
    answered = [r for r in rounds if r["requests"]]

    def ms(key):
        # None when no round got an answer in its time.
        return statistics.median(r[key] for r in answered) / 1000 if answered else None

    return {
        "rps": statistics.median(r["rps"] for r in rounds),
        "p50_ms": ms("p50_us"),
        "p95_ms": ms("p95_us"),
        "p99_ms": ms("p99_us"),
        # Requests wrk gave up on (WRK_TIMEOUT) or that got no answer at all
        # in the row's time: their latency is in no percentile.
        "unanswered": sum(r["socket_errors"] for r in rounds)
        + sum(not r["requests"] for r in rounds),
        "ratio_min": min(ratios, default=None),
        "ratio_median": statistics.median(ratios) if ratios else None,
        "ratio_max": max(ratios, default=None),
        "bare_ratio": statistics.median(bare) if bare else None,
        "load": statistics.median(r["load"][0] for r in rounds),
    }


def verdict(row):
    """(target as text, met) for a summarized row, or ("", None)."""
    target, median = row.get("target"), row["median"]
    if not target:
        return "", None
    kind, value = target
    if kind == "ratio":
        met = median["ratio_median"] is not None and median["ratio_median"] >= value
        return f"≥{value}", met
    latency = median[f"{kind}_ms"]
    met = latency is not None and latency <= value and not median["unanswered"]
    return f"{kind} ≤{value}ms", met


class Rows:
    """Every row of one scale, in the order first measured, with its rounds."""

    def __init__(self):
        self.rows = {}

    def add(self, name, path, target, stats):
        row = self.rows.setdefault(
            name, {"name": name, "path": path, "target": target, "rounds": []}
        )
        row["rounds"].append(stats)

    def summarized(self):
        rows = list(self.rows.values())
        for row in rows:
            row["median"] = summarize(row["rounds"])
            row["target_text"], row["met"] = verdict(row)
        return rows


def bump(env):
    """A publish, as far as the caches go: the version moves on and every
    worker hears of it (records/cache.py), as after a save in the admin."""
    django_shell(env, "from records.cache import bump_public_version as b; b()")


def yardsticks(rows, full, seconds):
    """The minimal app and /bench/bare, at each concurrency the round uses:
    {clients: (minimal stats, bare stats)}."""
    measured_at = {}
    for clients in (MANY, ONE) if full else (ONE,):
        label = "" if clients == MANY else ", 1 client"
        minimal = wrk(f"{MINIMAL}/", clients=clients, seconds=seconds)
        bare = wrk(f"{BASE}/bench/bare", clients=clients, seconds=seconds)
        bare["x_cache"] = x_cache(f"{BASE}/bench/bare")
        rows.add(f"minimal Django{label}", "/", None, measured(minimal, minimal))
        rows.add(
            f"Docket /bench/bare{label}",
            "/bench/bare",
            None,
            measured(bare, minimal, bare),
        )
        measured_at[clients] = minimal, bare
    return measured_at


def warm_up(url):
    """Until the page cache answers (at most 60 s): the first page after a
    publish is built once, and a row of cached pages must not time that. A
    page the cache never keeps ("none") is measured as it is."""
    wrk(url, clients=(1, 4), seconds=1)
    deadline = time.monotonic() + 60
    while x_cache(url) == "miss" and time.monotonic() < deadline:
        time.sleep(0.2)
    wrk(url, clients=(1, 4), seconds=1)  # every worker keeps it in memory


def cached_rounds(rows, paths, yard, seconds):
    minimal, bare = yard[MANY]
    for name, path in CACHED:
        if path not in paths:
            continue
        url = BASE + paths[path]
        warm_up(url)
        stats = wrk(url, seconds=seconds) | {"x_cache": x_cache(url)}
        rows.add(
            name, paths[path], ("ratio", CACHED_RATIO), measured(stats, minimal, bare)
        )
    name, path, target = RECORDS_ONLY
    wrk(BASE + path, UNCACHED, (1, 4), seconds=1)  # fills the records' cache
    stats = wrk(BASE + path, UNCACHED, seconds=seconds)
    rows.add(name, path, ("ratio", target), measured(stats, minimal, bare))


def uncached_rounds(rows, paths, yard, seconds):
    minimal, bare = yard[ONE]
    for name, path in UNCACHED_ROWS:
        stats = wrk(BASE + paths[path], UNCACHED, ONE, seconds)
        target = ("p50", UNCACHED_P50_MS)
        rows.add(name, paths[path], target, measured(stats, minimal, bare))


def cold_rounds(rows, env, sample, yard):
    minimal, bare = yard[ONE]
    name, p95_ms = COLD_API
    pages = -(-sample["live"] // 50)
    path = "/api/v1/defenders/?page_size=50&page={}"
    bump(env)
    stats = wrk_paths([path.format(n + 1) for n in range(pages)], UNCACHED)
    rows.add(name, path, ("p95", p95_ms), measured(stats, minimal, bare))
    name, p95_ms = COLD_PROFILE
    bump(env)  # the API pages above filled the records' cache again
    profiles = [f"/defenders/{slug}/" for slug in sample["cold_profiles"]]
    stats = wrk_paths(profiles)
    rows.add(
        name, "/defenders/<slug>/", ("p95", p95_ms), measured(stats, minimal, bare)
    )


def count_inserts(database_url, run):
    """(rows, emails stored more than once) of one minimal-insert round."""
    return query(
        database_url,
        "SELECT count(*), count(*) - count(DISTINCT email) "
        "FROM bench_minimal_insert WHERE email LIKE %s",
        [f"bench-{run}-%"],
    )


def count_signatures(database_url):
    """(signatures, emails that signed one petition more than once)."""
    return query(
        database_url,
        "SELECT (SELECT count(*) FROM petition_signature), count(*) FROM ("
        "SELECT 1 FROM petition_signature GROUP BY petition_id, lower(email) "
        "HAVING count(*) > 1) AS twice",
    )


def sign_env(token, run):
    return {**os.environ, "BENCH_SIGN_TOKEN": token, "BENCH_RUN": run}


def bench_minimal_insert(database_url, seconds):
    """The minimal app inserting a row per POST, a unique email each (the
    same sign.lua as signing), with the rows it stored and lost counted."""
    run = str(time.time_ns())
    stats = wrk(
        f"{MINIMAL}/insert",
        seconds=seconds,
        script="sign.lua",
        env=sign_env("none", run),
    )
    stored, duplicated = count_after(count_inserts, database_url, run)
    return stored_stats(stats, stored, duplicated)


def stored_stats(stats, stored, duplicated):
    """A success the database does not hold is lost. The rate is of
    successes: requests still in flight when wrk stopped may be stored too
    (count_after waits for them), though wrk counts no answer for them."""
    return stats | {
        "stored": stored,
        "lost": max(stats["ok"] - stored, 0),
        "duplicated": duplicated,
        "rps": stats["ok"] / (stats["duration_us"] / 1e6),
    }


def count_after(count, *args):
    time.sleep(1)  # the requests wrk left in flight finish
    return count(*args)


def bench_signing(env, sign_path, seconds):
    # One CSRF cookie and token, reused by every request as a browser would.
    with urllib.request.urlopen(BASE + sign_path, timeout=10) as response:  # noqa: S310
        page = response.read().decode()
        cookie = response.headers.get("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    before, duplicated_before = count_signatures(env["DATABASE_URL"])
    stats = wrk(
        BASE + sign_path,
        ["-H", f"Cookie: {cookie}", "-H", f"Referer: {BASE}{sign_path}"],
        seconds=seconds,
        script="sign.lua",
        env=sign_env(token, str(time.time_ns())),
    )
    after, duplicated = count_after(count_signatures, env["DATABASE_URL"])
    return stored_stats(stats, after - before, duplicated - duplicated_before)


def signing_rounds(rows, env, sample, seconds):
    insert = bench_minimal_insert(env["DATABASE_URL"], seconds)
    rows.add("minimal insert", "/insert", None, measured(insert, insert))
    signing = bench_signing(env, sample["sign"], seconds)
    target = ("ratio", SIGNING_RATIO)
    rows.add("petition signing", sample["sign"], target, measured(signing, insert))


def worker_pids(server):
    """gunicorn's workers: the children of its master process."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == server.pid:
            pids.append(int(stat.parent.name))
    return pids


def rss_kb(pid):
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return int(re.search(r"^VmRSS:\s+(\d+)", status, re.M).group(1))


def bench_memory(server, rows):
    """Every worker's RSS after half and all of MEMORY_REQUESTS requests to
    the cached pages, in turn, from 16 clients."""
    # A page the cache did not keep (X-Cache other than "hit") is left out.
    pages = [
        row["path"]
        for name, _ in CACHED
        if (row := rows.rows.get(name)) and row["rounds"][-1]["x_cache"] == "hit"
    ]
    threads = MANY[0]
    rss = {}
    for done in (MEMORY_REQUESTS // 2, MEMORY_REQUESTS):
        wrk_paths(pages, clients=MANY, requests=MEMORY_REQUESTS // 2 // threads)
        rss[done] = {pid: rss_kb(pid) / 1024 for pid in worker_pids(server)}
    half, full = rss[MEMORY_REQUESTS // 2], rss[MEMORY_REQUESTS]
    return {
        "requests": MEMORY_REQUESTS,
        "rss_mb_at_half": half,
        "rss_mb_at_end": full,
        "max_rss_mb": max(full.values()),
        # A worker gunicorn replaced in between has no growth to show.
        "growth_mb": max(full[pid] - half.get(pid, full[pid]) for pid in full),
    }


def bench_csv(server):
    """One download of the defenders' CSV: seconds, bytes, rows, and the
    peak RSS of the worker that served it (sampled every 10 ms), with its
    growth over that worker's RSS before the request."""
    name, path = CSV
    pids = worker_pids(server)
    before = {pid: rss_kb(pid) for pid in pids}
    peak = dict(before)
    done = threading.Event()

    def sample():
        while not done.is_set():
            for pid in pids:
                peak[pid] = max(peak[pid], rss_kb(pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    cookie = UNCACHED[1].split(": ", 1)[1]
    request = urllib.request.Request(BASE + path, headers={"Cookie": cookie})
    started = time.monotonic()
    size = lines = 0
    with urllib.request.urlopen(request, timeout=600) as response:  # noqa: S310
        for line in response:
            size += len(line)
            lines += 1
    seconds = time.monotonic() - started
    done.set()
    sampler.join()
    worker = max(pids, key=lambda pid: peak[pid] - before[pid])
    return {
        "name": name,
        "path": path,
        "seconds": seconds,
        "bytes": size,
        # Lines, not records: a quoted cell may hold a line break.
        "lines": lines,
        "peak_rss_mb": peak[worker] / 1024,
        "rss_growth_mb": (peak[worker] - before[worker]) / 1024,
    }


def sample_data(env):
    """bench/sample.py's choice from this dataset, and each row's path."""
    out = manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "import json; from bench.sample import sample; print(json.dumps(sample()))",
        capture_output=True,
        text=True,
    ).stdout
    sample = json.loads(out.splitlines()[-1])
    values = {
        "slug": sample["slug"],
        "event": sample["event"],
        "petition": sample["petition"],
        "common": urllib.parse.quote_plus(sample["common"]),
        "rare": urllib.parse.quote_plus(sample["rare"]),
    }
    paths = {path: path.format(**values) for _, path in CACHED + UNCACHED_ROWS}
    if not sample["petition"]:
        del paths["{petition}"]
    return sample, paths


def bench_names(queries, seconds):
    rows = []
    for kind, p95_ms in NAME_KINDS:
        query = urllib.parse.quote_plus(queries[kind])
        for label, path in NAME_SEARCH:
            url = path.format(query)
            wrk(BASE + url, UNCACHED, ONE, 1)  # warm up (connections, code paths)
            stats = wrk(BASE + url, UNCACHED, ONE, seconds)
            rows.append(
                {
                    "name": f"{label} {kind}, 1 client",
                    "path": url,
                    "query": queries[kind],
                    "target": ("p95", p95_ms),
                    "rounds": [stats | {"ratio": None, "load": os.getloadavg()}],
                }
            )
    for row in rows:
        row["median"] = summarize(row["rounds"])
        row["target_text"], row["met"] = verdict(row)
    return rows


def one_round(rows, args, env, sample, paths, full):
    yard = yardsticks(rows, full, args.seconds)
    if args.only == "minimal":
        insert = bench_minimal_insert(env["DATABASE_URL"], args.seconds)
        rows.add("minimal insert", "/insert", None, measured(insert, insert))
        return
    if full:
        cached_rounds(rows, paths, yard, args.seconds)
    uncached_rounds(rows, paths, yard, args.seconds)
    if full:
        cold_rounds(rows, env, sample, yard)
        if sample["sign"]:
            signing_rounds(rows, env, sample, args.seconds)


def bench_scale(args, defenders, full):
    """Every round at one scale: {rows, memory, csv, …} for the JSON."""
    env = production_env(dataset_url(args.database_url, defenders))
    timer = Timer()
    # Signatures only where signing is measured: 5 a defender (50,000 at
    # 10,000 defenders, as the petition's table would grow).
    generated = prepare(env, defenders, signatures=defenders * 5 if full else 0)
    timer.lap("generating data" if generated else "migrate")
    sample, paths = sample_data(env)
    result = {"defenders": defenders, "events": defenders * 10, "full": full}
    result["sample"] = sample
    result["seconds"] = timer.seconds
    timer.lap("sample")
    if args.only == "names":
        print("Name-search queries:", json.dumps(sample["name_queries"]), flush=True)
    rows = Rows()
    server = start_server(env, args.workers)
    minimal = None
    try:
        minimal = start_minimal(env, args.workers)
        timer.lap("start")
        if args.only == "names":
            result["rows"] = bench_names(sample["name_queries"], args.seconds)
            return result
        if args.only == "csv":
            result["csv"] = bench_csv(server)
            result["rows"] = []
            return result
        for number in range(1, args.rounds + 1):
            one_round(rows, args, env, sample, paths, full)
            seconds = timer.lap(f"round {number}")
            print(
                f"  {defenders} defenders, round {number}/{args.rounds}: "
                f"{seconds:.0f} s, load {os.getloadavg()[0]:.2f}",
                flush=True,
            )
        if full and not args.only:
            result["memory"] = bench_memory(server, rows)
            timer.lap("memory")
            result["csv"] = bench_csv(server)
            timer.lap("csv")
    finally:
        if minimal:
            stop_server(minimal)
        stop_server(server)
    result["rows"] = rows.summarized()
    return result


class Timer:
    """Seconds spent on each step, for the JSON and the 20-minute budget."""

    def __init__(self):
        self.seconds = {}
        self.last = time.monotonic()

    def lap(self, step):
        now = time.monotonic()
        self.seconds[step] = now - self.last
        self.last = now
        return self.seconds[step]


def cell(value, spec, width):
    return f"{value:{width}{spec}}" if value is not None else " " * width


def print_table(result):
    print(
        f"\n{result['defenders']:,} defenders, {result['events']:,} events "
        f"(medians over rounds; ratio to minimal Django: min/median/max)"
    )
    print(
        f"{'row':48} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} "
        f"{'ratio min/med/max':>17} {'/bare':>5} {'target':>15} {'load':>5}"
    )
    for row in result["rows"]:
        m = row["median"]
        ratios = ""
        if m["ratio_median"] is not None:
            ratios = "/".join(
                f"{m[k]:.2f}" for k in ("ratio_min", "ratio_median", "ratio_max")
            )
        mark = {True: " ✓", False: " ✗", None: ""}[row["met"]]
        unanswered = f" ({m['unanswered']} unanswered)" if m["unanswered"] else ""
        print(
            f"{row['name']:48} {m['rps']:7.0f} {cell(m['p50_ms'], '.1f', 7)} "
            f"{cell(m['p95_ms'], '.1f', 7)} {cell(m['p99_ms'], '.1f', 7)} "
            f"{ratios:>17} {cell(m['bare_ratio'], '.2f', 5)} "
            f"{row['target_text'] + mark:>15} {m['load']:5.2f}{unanswered}"
        )
    for row in result["rows"]:
        if row["name"] not in ("minimal insert", "petition signing"):
            continue
        rounds = row["rounds"]
        print(
            f"{row['name']}: {sum(r['stored'] for r in rounds)} stored, "
            f"{sum(r['lost'] for r in rounds)} lost, "
            f"{sum(r['duplicated'] for r in rounds)} duplicated, "
            f"{sum(r['non_2xx_3xx'] for r in rounds)} non-2xx/3xx "
            f"over {len(rounds)} rounds"
        )
    memory = result.get("memory")
    if memory:
        ok = (
            memory["max_rss_mb"] <= MEMORY_MB and memory["growth_mb"] < MEMORY_GROWTH_MB
        )
        half = ", ".join(f"{v:.0f}" for v in memory["rss_mb_at_half"].values())
        end = ", ".join(f"{v:.0f}" for v in memory["rss_mb_at_end"].values())
        print(
            f"memory per worker after {memory['requests'] // 2:,} / "
            f"{memory['requests']:,} cached requests: {half} / {end} MB; "
            f"growth {memory['growth_mb']:+.1f} MB (target ≤{MEMORY_MB} MB, "
            f"no growth){' ✓' if ok else ' ✗'}"
        )
    # A cached row the page cache did not answer, or a yardstick it did,
    # measures something else than its name says.
    for row in result["rows"]:
        states = sorted({r["x_cache"] for r in row["rounds"] if "x_cache" in r})
        cached = row["name"] in {name for name, _ in CACHED}
        if (cached and states != ["hit"]) or (not cached and "hit" in states):
            print(f"{row['name']}: X-Cache {', '.join(states)}")
    download = result.get("csv")
    if download:
        print(
            f"{download['name']}: {download['seconds']:.1f} s, "
            f"{download['bytes'] / 1e6:.1f} MB ({download['lines']} lines); worker "
            f"peak RSS {download['peak_rss_mb']:.0f} MB "
            f"(+{download['rss_growth_mb']:.0f} MB during the download)"
        )


def print_steps(result):
    steps = ", ".join(f"{step} {s:.0f} s" for step, s in result["seconds"].items())
    print(f"time: {steps}")


def growth(results):
    """How each uncached row's p50 grows across the scales (ms)."""
    table = {}
    for result in results:
        for row in result["rows"]:
            if row["name"] in {name for name, _ in UNCACHED_ROWS}:
                table.setdefault(row["name"], {})[result["defenders"]] = row["median"][
                    "p50_ms"
                ]
    return table


def print_growth(table, scales):
    print(f"\nUncached p50 (ms) by defenders{'':18}", end="")
    print("".join(f"{n:>9,}" for n in scales), "  growth")
    for name, by_scale in table.items():
        cells = "".join(cell(by_scale.get(n), ".1f", 9) for n in scales)
        first, last = by_scale.get(scales[0]), by_scale.get(scales[-1])
        times = f"  ×{last / first:.1f}" if first and last else ""
        print(f"{name:48}{cells}{times}")


def lost_or_duplicated(results):
    return sum(
        r["lost"] + r["duplicated"]
        for result in results
        for row in result["rows"]
        if row["name"] == "petition signing"
        for r in row["rounds"]
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale",
        default="1000,10000,50000",
        help="defenders in each dataset, 10 events each (comma-separated); the "
        "full table runs at 10,000, or at each scale when 10,000 is not given",
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2)
    parser.add_argument(
        "--only",
        choices=["names", "csv", "caselist", "minimal"],
        help="run only: names = the name-search rows, csv = the defenders' CSV "
        "download, caselist = the case-list import, minimal = the yardstick",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/docket_bench"
        ),
        help="base of the datasets' databases: <url>_<defenders>",
    )
    args = parser.parse_args()
    if args.only == "caselist":
        subprocess.run([PYTHON, str(ROOT / "bench" / "caselist.py")], check=True)
        return
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    if args.rounds < 1:
        raise SystemExit("--rounds must be at least 1")
    RESULTS.mkdir(exist_ok=True)
    scales = [int(n) for n in args.scale.split(",")]
    full_at = {10_000} if 10_000 in scales else set(scales)
    started = time.monotonic()
    results = []
    for defenders in scales:
        print(f"\n{defenders:,} defenders:", flush=True)
        result = bench_scale(args, defenders, defenders in full_at)
        results.append(result)
        print_table(result)
        print_steps(result)
    table = growth(results)
    if len(scales) > 1 and table:
        print_growth(table, scales)
    wall = time.monotonic() - started
    generating = sum(r["seconds"].get("generating data", 0) for r in results)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"{stamp}.json"
    out.write_text(
        json.dumps(
            {
                "when": stamp,
                "cpus": os.cpu_count(),
                "workers": args.workers,
                "worker_class": WORKER_CLASS,
                "rounds": args.rounds,
                "seconds": args.seconds,
                "wall_seconds": wall,
                "generating_seconds": generating,
                "scales": results,
                "uncached_p50_ms_by_scale": table,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    print(
        f"\n{(wall - generating) / 60:.1f} minutes"
        + (f" (and {generating / 60:.1f} generating data)" if generating else "")
        + f". Written to {out.relative_to(ROOT)}"
    )
    if lost_or_duplicated(results):
        raise SystemExit("Signatures were lost or duplicated.")


if __name__ == "__main__":
    main()
