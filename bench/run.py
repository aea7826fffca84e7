"""`make bench`: Docket under load, on PostgreSQL, with production settings.

1. Creates the bench database (BENCH_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/docket_bench) with synthetic data:
   10,000 defenders, 100,000 events, 50,000 signatures (first run only).
2. Starts gunicorn with production settings on loopback.
3. Loads each endpoint with wrk and prints one table: requests/s, p50, p95,
   p99, and each rate's ratio to a bare Django view returning a small JSON
   object, served by the same gunicorn in the same run.
4. Name search, one client: one row per kind of query (bench/name_queries.py:
   exact, variant, prefix, typo, declined, a common word), each for the API
   and for /search/. `--only names` runs just these.
5. Measures the petition signing rate and counts lost or duplicated
   signatures. Writes everything to bench/results/<time>.json.
6. Streams the full-record CSV of every defender once (`--only csv` runs
   just this): its time, and the peak memory (RSS) of the worker serving it.
7. Runs the case-list import benchmark (bench/caselist.py) in a database of
   its own, unless --skip-case-list.
"""

import argparse
import datetime
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST, PORT = "127.0.0.1", 8765
BASE = f"http://{HOST}:{PORT}"
RESULTS = ROOT / "bench" / "results"
# A session cookie makes the public page cache step aside: the "uncached"
# rows. The API still keeps each record's answer (cms/api.py `represent`);
# the "cold" row empties that too.
UNCACHED = ["-H", "Cookie: sessionid=bench-uncached"]

# (name, path, wrk options, target ratio to the bare view or None)
ENDPOINTS = [
    ("bare view (JSON)", "/bench/bare", [], None),
    ("home (cached)", "/", [], 0.5),
    ("defenders list (cached)", "/defenders/", [], None),
    ("profile (cached)", "/defenders/{slug}/", [], 0.5),
    ("event page (cached)", "/events/{event}/", [], None),
    (
        "API defenders page_size=50 (uncached)",
        "/api/v1/defenders/?page_size=50",
        UNCACHED,
        0.1,
    ),
    ("API events type=raid (uncached)", "/api/v1/events/?type=raid", UNCACHED, None),
]
# One client, uncached: the latency targets (p95 in ms).
SINGLE_CLIENT = [
    ("API defenders page_size=50, 1 client", "/api/v1/defenders/?page_size=50", 50),
]
# Name search, one client, uncached: each kind of query (bench/name_queries.py),
# with its p95 target in ms, on both paths that search names.
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
# Every page once, right after a publish: nothing cached at all.
COLD = ("API defenders every page, cold, 1 client", "/api/v1/defenders/?page_size=50")
# Every defender as one streamed CSV: its memory must not grow with the rows.
CSV = ("API defenders CSV, every row, 1 client", "/api/v1/defenders/?format=csv")


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
    if redis_up():
        env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/7")
    return env


def redis_up():
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


def manage(env, *args, **kwargs):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
    )


def django_shell(env, code):
    """Run code in `manage.py shell` and return the lines it printed."""
    return manage(
        env, "shell", "--no-imports", "-c", code, capture_output=True, text=True
    ).stdout.split()


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


def execute(database_url, statement):
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(statement)


def prepare(env, args):
    ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v0")
    count = django_shell(
        env, "from defenders.models import Defender; print(Defender.objects.count())"
    )
    if count == ["0"]:
        print("Generating synthetic data (first run only)…", flush=True)
        manage(
            env,
            "generate_synthetic",
            "--defenders",
            str(args.defenders),
            "--events",
            str(args.events),
            "--signatures",
            str(args.signatures),
        )
        print("Indexing for search…", flush=True)
        manage(env, "update_index", stdout=subprocess.DEVNULL)
        # Bulk-loaded tables have no planner statistics until autovacuum
        # gets to them; without them PostgreSQL scans whole tables.
        execute(env["DATABASE_URL"], "VACUUM ANALYZE")
    manage(env, "collectstatic", "--noinput", "-v0")


def start_server(env, workers):
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "cms.wsgi",
            "--bind",
            f"{HOST}:{PORT}",
            "--workers",
            str(workers),
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            str(RESULTS / "gunicorn.log"),
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(60):
        try:
            urllib.request.urlopen(f"{BASE}/bench/bare", timeout=2)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit("gunicorn did not start; see bench/results/gunicorn.log")


def stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def wrk(path, options, threads, connections, seconds, script="report.lua", env=None):
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(ROOT / "bench" / script),
            *options,
            BASE + path,
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    line = [x for x in result.stdout.splitlines() if x.startswith("{")][-1]
    stats = json.loads(line)
    stats["rps"] = stats["requests"] / (stats["duration_us"] / 1e6)
    return stats


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


def print_csv(row):
    print(
        f"\n{row['name']}: {row['seconds']:.1f} s, {row['bytes'] / 1e6:.1f} MB "
        f"({row['lines']} lines); worker peak RSS {row['peak_rss_mb']:.0f} MB "
        f"(+{row['rss_growth_mb']:.0f} MB during the download)"
    )


def sample_slugs(env):
    out = django_shell(
        env,
        "from defenders.models import Defender; from events.models import Event; "
        "print(Defender.objects.live().order_by('pk').values_list('slug', flat=True)"
        "[500]); print(Event.objects.live().order_by('pk')"
        ".values_list('slug', flat=True)[500]); print(Defender.objects.live().count())",
    )
    return {"slug": out[0], "event": out[1], "live": int(out[2])}


def sample_name_queries(env):
    """{kind: query}, chosen from the bench data (bench/name_queries.py)."""
    out = manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "import json; from bench.name_queries import choose; "
        "print(json.dumps(choose()))",
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.splitlines()[-1])


def bench_names(queries, seconds):
    rows = []
    for kind, p95_ms in NAME_KINDS:
        query = urllib.parse.quote_plus(queries[kind])
        for label, path in NAME_SEARCH:
            url = path.format(query)
            wrk(url, UNCACHED, 1, 1, 1)  # warm up (connections, code paths)
            stats = wrk(url, UNCACHED, 1, 1, seconds)
            name = f"{label} {kind}, 1 client"
            rows.append(
                {"name": name, "path": url, "query": queries[kind], "kind": kind}
                | {"target_p95_ms": p95_ms, **stats}
            )
    return rows


def count_signatures(env):
    out = django_shell(
        env,
        "from petition.models import Signature; from django.db.models import Count; "
        "from django.db.models.functions import Lower; "
        "print(Signature.objects.count()); "
        "print(Signature.objects.values('petition', email_lower=Lower('email'))"
        ".annotate(n=Count('pk')).filter(n__gt=1).count())",
    )
    return int(out[0]), int(out[1])


def sign_path(env):
    (url,) = django_shell(
        env,
        "from django.urls import reverse; from petition.models import PetitionPage; "
        "page = PetitionPage.objects.live().first(); "
        "print(reverse('petition_sign', args=[page.pk]))",
    )
    return url


def bench_signing(env, seconds):
    path = sign_path(env)
    # One CSRF cookie and token, reused by every request as a browser would.
    with urllib.request.urlopen(BASE + path, timeout=10) as response:  # noqa: S310
        page = response.read().decode()
        cookie = response.headers.get("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    before, _ = count_signatures(env)
    stats = wrk(
        path,
        ["-H", f"Cookie: {cookie}", "-H", f"Referer: {BASE}{path}"],
        threads=2,
        connections=16,
        seconds=seconds,
        script="sign.lua",
        env={**os.environ, "BENCH_SIGN_TOKEN": token, "BENCH_RUN": str(time.time_ns())},
    )
    after, duplicates = count_signatures(env)
    stored = after - before
    stats.update(
        {
            "stored": stored,
            "lost": max(stats["ok"] - stored, 0),
            "duplicated": duplicates,
            "signatures_per_s": stored / (stats["duration_us"] / 1e6),
        }
    )
    return stats


def print_table(rows, bare_rps):
    print(
        f"\n{'endpoint':44} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'ratio':>6} {'target':>7}"
    )
    for row in rows:
        ratio = row["rps"] / bare_rps if bare_rps else 0
        row["ratio"] = ratio
        target = row.get("target_ratio") or row.get("target_p95_ms")
        mark = ""
        if row.get("target_ratio"):
            mark = f"≥{row['target_ratio']}" + (
                " ✓" if ratio >= row["target_ratio"] else " ✗"
            )
        if row.get("target_p95_ms"):
            ok = row["p95_us"] / 1000 <= row["target_p95_ms"]
            mark = f"≤{row['target_p95_ms']}ms" + (" ✓" if ok else " ✗")
        print(
            f"{row['name']:44} {row['rps']:8.0f} {row['p50_us'] / 1000:7.1f} "
            f"{row['p95_us'] / 1000:7.1f} {row['p99_us'] / 1000:7.1f} "
            f"{f'{ratio:6.2f}' if bare_rps else '':>6} {mark if target else '':>7}"
        )


def bench_everything(env, args, slugs, queries):
    """The full run: every row, then the signing result: (rows, signing)."""
    rows = []
    for name, path, options, target in ENDPOINTS:
        url = path.format(**slugs)
        wrk(url, options, 1, 4, 2)  # warm up (fills the cache)
        stats = wrk(url, options, 2, 16, args.seconds)
        rows.append({"name": name, "path": url, "target_ratio": target, **stats})
    for name, path, p95_ms in SINGLE_CLIENT:
        stats = wrk(path, UNCACHED, 1, 1, args.seconds)
        rows.append({"name": name, "path": path, "target_p95_ms": p95_ms, **stats})
    rows += bench_names(queries, args.seconds)
    name, path = COLD
    # Bump the public version, as a publish does: every cache goes cold.
    execute(env["DATABASE_URL"], "UPDATE cms_publicversion SET number = number + 1")
    stats = wrk(
        path,
        UNCACHED,
        1,
        1,
        args.seconds * 3,
        script="pages.lua",
        env={**os.environ, "BENCH_PAGES": str(-(-slugs["live"] // 50))},
    )
    # wrk runs out its time after the last page: one client's rate is
    # one over its mean latency.
    stats["rps"] = 1e6 / stats["mean_us"]
    rows.append({"name": name, "path": path, "target_p95_ms": 50, **stats})
    signing = bench_signing(env, args.seconds)
    return rows, signing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--defenders", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--signatures", type=int, default=50_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2)
    parser.add_argument("--skip-case-list", action="store_true")
    parser.add_argument(
        "--only",
        choices=["names", "csv"],
        help="run only these rows: names = the name-search rows, csv = the "
        "defenders' CSV download",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/docket_bench"
        ),
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    RESULTS.mkdir(exist_ok=True)
    env = production_env(args.database_url)
    prepare(env, args)
    slugs = sample_slugs(env)
    queries = sample_name_queries(env)
    print("Name-search queries:", json.dumps(queries, ensure_ascii=False), flush=True)
    server = start_server(env, args.workers)
    signing = None
    rows = []
    try:
        if args.only == "names":
            rows = bench_names(queries, args.seconds)
        elif args.only != "csv":
            rows, signing = bench_everything(env, args, slugs, queries)
        download = bench_csv(server) if args.only in (None, "csv") else None
    finally:
        stop_server(server)
    # Ratios are to the bare view, which the names-only run leaves out.
    if rows:
        print_table(rows, rows[0]["rps"] if signing else 0)
    if signing:
        print(
            f"\npetition signing: {signing['signatures_per_s']:.0f} signatures/s "
            f"(target ≥ 300), p95 {signing['p95_us'] / 1000:.1f} ms; "
            f"{signing['stored']} stored, {signing['lost']} lost, "
            f"{signing['duplicated']} duplicated, {signing['non_2xx_3xx']} non-2xx/3xx"
        )
    if download:
        print_csv(download)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"{stamp}.json"
    out.write_text(
        json.dumps(
            {
                "when": stamp,
                "cpus": os.cpu_count(),
                "workers": args.workers,
                "dataset": {
                    "defenders": args.defenders,
                    "events": args.events,
                    "signatures": args.signatures,
                },
                "name_queries": queries,
                "endpoints": rows,
                "signing": signing,
                "csv": download,
            },
            indent=2,
        )
    )
    print(f"\nWritten to {out.relative_to(ROOT)}")
    if not args.skip_case_list and not args.only:
        print("\nCase-list import:", flush=True)
        subprocess.run([PYTHON, str(ROOT / "bench" / "caselist.py")], check=True)


if __name__ == "__main__":
    main()
