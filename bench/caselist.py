"""The case-list import under load: 5,000 fictional people, on PostgreSQL.

1. Makes a fresh database (CASE_LIST_BENCH_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/docket_bench_caselist) with the
   reference records a case list names: articles, cities, colonies, an
   organization.
2. Writes a 5,000-row case list as XLSX, every person fictional.
3. Times, each in a process of its own with its peak memory: the admin's
   preview of the XLSX file (upload, then the preview page), the import
   (the confirmation: every row written as a draft, in one request), the
   task worker indexing the drafts for search, the editor approving the
   batch (every record published), the worker again, and the preview of
   the same file again (all unchanged). Targets: preview under 60 s,
   import under 120 s, memory under 500 MB.

Runs on its own (`python bench/caselist.py`) or from `bench/run.py`.
Writes bench/results/caselist-<time>.json.
"""

import argparse
import datetime
import json
import os
import random
import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"
TARGETS = {"preview": 60, "import": 120}
MAX_RSS_MB = 500

FIRST = ["Ales", "Marfa", "Ihar", "Nasta", "Zmicier", "Valiancina", "Uladzimir"]
LAST = ["Testovich", "Probnaja", "Uzorny", "Prykladnik", "Fiktyuny", "Vymyslau"]
CYRILLIC = {"Ales": "Алесь", "Marfa": "Марфа", "Ihar": "Ігар", "Nasta": "Наста"}
CITIES = ["Minsk", "Hrodna", "Brest", "Homel", "Viciebsk", "Mahiliou"]
COLONIES = [f"Bench penal colony No. {n}" for n in range(1, 6)]
ARTICLES = [("342", "1"), ("342", "2"), ("361-1", "1"), ("411", ""), ("130", "3")]
STATUSES = ["imprisoned", "detained", "released", "in_exile", "зняволены"]


def production_env(database_url):
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver,localhost",
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "0",
        "DJANGO_SETTINGS_MODULE": "cms.settings",
        # As in production: search and reference index updates are queued
        # for the worker, not run in the request.
        "TASKS_BACKEND": "database",
    }


def fresh_database(database_url):
    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite://")).unlink(missing_ok=True)
        return
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def case_list(people, seed=1):
    """[header, *rows]: fictional people, one row each."""
    rng = random.Random(seed)
    header = [
        "name", "name_be", "birth_year", "organization", "role", "status",
        "status_as_of", "detained_on", "detention_city", "articles",
        "verdict_on", "court", "sentence", "regime", "detention_place",
        "letter_address", "released_on", "sources", "private_notes",
    ]  # fmt: skip
    rows = [header]
    for n in range(people):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        detained = datetime.date(2020, 8, 9) + datetime.timedelta(rng.randrange(1500))
        verdict = detained + datetime.timedelta(rng.randrange(60, 300))
        sentenced = rng.random() < 0.7 and verdict < datetime.date(2025, 11, 1)
        released = rng.random() < 0.2
        articles = rng.sample(ARTICLES, rng.randrange(1, 3))
        rows.append(
            [
                f"{first} {last} {n:05d}",
                f"{CYRILLIC.get(first, first)} {n:05d}",
                str(rng.randrange(1950, 2000)),
                "bench-organization" if rng.random() < 0.3 else "",
                "volunteer" if rng.random() < 0.3 else "",
                "released" if released else rng.choice(STATUSES),
                "12.2025",
                detained.strftime("%d.%m.%Y"),
                rng.choice(CITIES),
                "; ".join(f"{a}-{p}" if p else a for a, p in articles),
                verdict.strftime("%d.%m.%Y") if sentenced else "",
                "Bench District Court" if sentenced else "",
                rng.choice(["3 years 6 months", "120", "10 гадоў", "5 лет"])
                if sentenced
                else "",
                rng.choice(["reinforced", "усиленный", "general"]) if sentenced else "",
                rng.choice(COLONIES) if sentenced else "",
                "",
                (verdict + datetime.timedelta(400)).strftime("%m.%Y")
                if released and sentenced
                else "",
                f"https://example.org/bench/{n}; https://example.org/bench/shared",
                "bench private note",
            ]
        )
    return rows


def write_xlsx(rows, path):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Case list")
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


SETUP = """
from django.contrib.auth.models import Group
from django.contrib.auth import get_user_model
from defenders.models import Organization
from events.models import Article, DetentionPlace
from records.models import Place
for number, part in {articles!r}:
    Article.objects.create(number=number, part=part,
        slug=f"{{number}}-{{part}}" if part else number, title="Bench article")
for name in {cities!r}:
    Place.objects.create(name=name, slug=name.lower(), kind="city")
for n, name in enumerate({colonies!r}):
    DetentionPlace.objects.create(name=name, slug=f"bench-colony-{{n}}", kind="colony")
Organization.objects.create(name="Bench organization", slug="bench-organization",
    kind="human_rights")
User = get_user_model()
for name, group in (("bench-researcher", "Researchers"), ("bench-editor", "Editors")):
    user = User.objects.create_user(name)
    user.groups.add(Group.objects.get(name=group))
"""

# Each step runs in a process of its own (`step` below); "index" is the task
# worker doing what the import and the approval queued for it.
STEPS = ["preview", "import", "index", "approve", "index", "reimport"]


def step(name, path, previewed):
    """One step, timed, in this process; prints {"seconds": …}."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from cms.models import CaseListImport, CaseListUpload

    users = get_user_model().objects
    client = Client()
    client.force_login(users.get(username="bench-researcher"))
    started = time.perf_counter()
    if name in ("preview", "reimport"):
        with open(path, "rb") as file:
            add = reverse("wagtailsnippets_cms_caselistimport:add")
            response = client.post(add, {"file": file})
        url = response["Location"]
        page = client.get(url).content.decode()
        seconds = time.perf_counter() - started
        form = {
            key: re.search(rf'name="{key}" value="(\w+)"', page).group(1)
            for key in ("sha256", "digest")
        }
        summary = re.search(r"data-case-list-summary>([^<]*)<", page).group(1)
        result = {"summary": summary, "url": url, **form}
    elif name == "import":
        previewed = json.loads(previewed)
        response = client.post(previewed.pop("url"), previewed)
        assert response.status_code == 302, response.status_code
        assert not CaseListUpload.objects.filter(sha256=previewed["sha256"]).exists()
        seconds = time.perf_counter() - started
        result = {"records": CaseListImport.objects.get().records.count()}
    else:  # approve
        batch = CaseListImport.objects.get()
        task_state = batch.current_workflow_task_state
        editor = users.get(username="bench-editor")
        task_state.task.on_action(task_state, editor, "approve")
        batch.refresh_from_db()
        assert batch.live
        seconds = time.perf_counter() - started
        result = {}
    print(json.dumps({"seconds": seconds, **result}))


def run_step(env, name, path, previewed):
    """(result, peak RSS in MB) of one step in a child process."""
    if name == "index":
        command = [PYTHON, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
    else:
        command = [PYTHON, __file__, "--step", name, str(path), json.dumps(previewed)]
    started = time.perf_counter()
    child = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    output = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    if status:
        raise SystemExit(f"step {name} failed:\n{output}")
    if name == "index":
        result = {"seconds": time.perf_counter() - started}
    else:
        result = json.loads(output.strip().splitlines()[-1])
    return result, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "CASE_LIST_BENCH_DATABASE_URL",
            "postgres://postgres@127.0.0.1:5432/docket_bench_caselist",
        ),
    )
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("file", nargs="?", help=argparse.SUPPRESS)
    parser.add_argument("previewed", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        sys.path.insert(0, str(ROOT))
        return step(args.step, args.file, args.previewed)

    env = production_env(args.database_url)
    fresh_database(args.database_url)
    manage = [PYTHON, "manage.py"]
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run([*manage, *command, "-v0"], cwd=ROOT, env=env, check=True)
    setup = SETUP.format(articles=ARTICLES, cities=CITIES, colonies=COLONIES)
    subprocess.run(
        [*manage, "shell", "--no-imports", "-c", setup], cwd=ROOT, env=env, check=True
    )
    RESULTS.mkdir(exist_ok=True)
    rows = case_list(args.people)
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        xlsx = write_xlsx(rows, Path(folder) / "case-list.xlsx")
        print(f"{args.people:,} people, XLSX {xlsx.stat().st_size / 1e6:.1f} MB")
        previewed = {}
        for number, name in enumerate(STEPS):
            result, rss = run_step(env, name, xlsx, previewed)
            result["peak_rss_mb"] = round(rss)
            if "digest" in result:  # a preview: what confirming it posts
                form = {k: result.pop(k) for k in ("url", "sha256", "digest")}
                previewed = previewed or form
            results[f"{number + 1}. {name}"] = result
            target = TARGETS.get(name)
            verdict = ""
            if target:
                ok = result["seconds"] < target and rss < MAX_RSS_MB
                verdict = f"(target < {target} s, < {MAX_RSS_MB} MB) " + "✓✗"[not ok]
            print(
                f"{name:9} {result['seconds']:7.1f} s  {rss:6.0f} MB peak  "
                f"{result.get('summary', '')} {verdict}"
            )
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"caselist-{stamp}.json"
    out.write_text(
        json.dumps({"when": stamp, "people": args.people, **results}, indent=2)
    )
    print(f"Written to {out.relative_to(ROOT)}")
    return results


if __name__ == "__main__":
    main()
