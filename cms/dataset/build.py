"""Build the open dataset: write the tables (`cms.dataset.tables`) as a
Frictionless Data Package zip and as one SQLite file, store both under
datasets/<version>/, and record the build with its checksums, row counts
and what changed since the previous build.

Run by `manage.py build_dataset` on a schedule, never in a request: a whole
record takes longer to write than a request may wait.
"""

import csv
import datetime
import hashlib
import io
import json
import sqlite3
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from cms.dataset.tables import collect
from cms.models import DatasetBuild
from records.cache import bump_public_version

TITLE = "Docket: detained human rights defenders, the published record"
DESCRIPTION = (
    "Every published record of Docket's case file: defenders, events, "
    "charges, sentences, organizations, places, detention places, sources "
    "and national figures. Drafts and private notes are never in it; a "
    "confidential source is listed only as withheld. Dates are EDTF "
    "(YYYY-MM-DD, YYYY-MM or YYYY, ~ when approximate) with their precision "
    "in the column beside them."
)
SQLITE_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def page_url(version=None):
    """The /data/ page, at one build when `version` is given."""
    url = f"{base_url()}/data/"
    return f"{url}#dataset-{version}" if version else url


def citation(build, accessed=None):
    """The suggested citation of a build: {title, version, url, accessed, text}."""
    accessed = accessed or timezone.localdate()
    url = page_url(build.version)
    return {
        "title": TITLE,
        "version": build.version,
        "url": url,
        "accessed": accessed.isoformat(),
        "text": f"Docket ({build.built_at:%Y}). {TITLE} [data set], version "
        f"{build.version}. {url} (accessed {accessed.isoformat()}).",
    }


def cell(value):
    """A value as CSV text, in the forms the Table Schema types read."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ",".join(str(item) for item in value)
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def sqlite_value(value):
    if value is None or isinstance(value, int | float):
        return value  # a bool is an int: 0 or 1
    if isinstance(value, Decimal):
        return float(value)
    return cell(value)


def next_version(today):
    """The day's date; a second build that day is <date>.2, and so on."""
    day = today.isoformat()
    taken = DatasetBuild.objects.filter(version__startswith=day).count()
    return day if not taken else f"{day}.{taken + 1}"


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_csv(table, path):
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow([cell(row[name]) for name in table.columns])


def write_sqlite(tables, path, package):
    """The same tables as SQLite, with their keys, and the package's
    metadata in `datapackage` (one row: the datapackage.json text)."""
    db = sqlite3.connect(path)
    try:
        for table in tables:
            columns = [
                f'"{f["name"]}" {SQLITE_TYPES.get(f["type"], "TEXT")}'
                + (" NOT NULL" if f.get("constraints", {}).get("required") else "")
                for f in table.fields
            ]
            keys = ", ".join(f'"{name}"' for name in table.primary_key)
            columns.append(f"PRIMARY KEY ({keys})")
            for column, resource in table.foreign_keys:
                columns.append(
                    f'FOREIGN KEY ("{column}") REFERENCES '
                    f'"{resource or table.name}" ("id")'
                )
            db.execute(f'CREATE TABLE "{table.name}" ({", ".join(columns)})')
            marks = ", ".join("?" for _ in table.columns)
            db.executemany(
                f'INSERT INTO "{table.name}" VALUES ({marks})',  # noqa: S608
                (
                    [sqlite_value(row[name]) for name in table.columns]
                    for row in table.rows
                ),
            )
        db.execute("CREATE TABLE datapackage (descriptor TEXT NOT NULL)")
        db.execute("INSERT INTO datapackage VALUES (?)", [json.dumps(package)])
        db.commit()
    finally:
        db.close()


def descriptor(tables, version, built_at, stats):
    return {
        "profile": "tabular-data-package",
        "name": "docket",
        "title": TITLE,
        "description": DESCRIPTION,
        "version": version,
        "created": built_at.astimezone(datetime.UTC).isoformat(),
        "homepage": page_url(),
        "resources": [
            {
                "name": table.name,
                "title": table.title,
                "description": table.description,
                "path": f"data/{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": stats[table.name]["bytes"],
                "hash": f"sha256:{stats[table.name]['sha256']}",
                "schema": table.schema(),
            }
            for table in tables
        ],
    }


def previous_rows(build):
    """{table: ({key: {column: text}}, primary key)} from a build's zip;
    None when its file is gone."""
    entry = next((f for f in build.files if f["format"] == "zip"), None)
    if entry is None or not default_storage.exists(entry["path"]):
        return None
    found = {}
    with default_storage.open(entry["path"], "rb") as stored:
        with zipfile.ZipFile(stored) as archive:
            package = json.loads(archive.read("datapackage.json"))
            for resource in package["resources"]:
                primary_key = resource["schema"]["primaryKey"]
                text = archive.read(resource["path"]).decode("utf-8")
                rows = {}
                for row in csv.DictReader(io.StringIO(text)):
                    rows[tuple(row[name] for name in primary_key)] = row
                found[resource["name"]] = rows
    return found


def public_key(key):
    values = [int(part) if part.isdigit() else part for part in key]
    return values[0] if len(values) == 1 else values


def changes(tables, previous):
    """{table: {"added", "removed", "changed": [keys]}} against the
    previous build's rows, by primary key; a row changed when a column both
    builds have differs (a new column alone changes no row)."""
    result = {}
    for table in tables:
        before = previous.get(table.name, {})
        now = {
            tuple(cell(row[name]) for name in table.primary_key): row
            for row in table.rows
        }
        added = [key for key in now if key not in before]
        removed = [key for key in before if key not in now]
        changed = []
        for key, row in now.items():
            old = before.get(key)
            if old is None:
                continue
            if any(
                cell(row[name]) != old[name] for name in table.columns if name in old
            ):
                changed.append(key)
        result[table.name] = {
            kind: [public_key(key) for key in keys]
            for kind, keys in (
                ("added", added),
                ("removed", removed),
                ("changed", changed),
            )
        }
    return result


def build_dataset(now=None):
    """Build, store and record one version of the dataset; the new
    `DatasetBuild`."""
    now = now or timezone.now()
    version = next_version(timezone.localdate(now))
    tables = collect()
    previous = DatasetBuild.objects.first()
    before = previous_rows(previous) if previous else None
    if before is None:
        log = {"previous": None, "tables": {}}
        counts = {}
    else:
        log = {"previous": previous.version, "tables": changes(tables, before)}
        counts = {
            name: {kind: len(keys) for kind, keys in kinds.items()}
            for name, kinds in log["tables"].items()
        }
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        stats = {}
        for table in tables:
            path = folder / f"{table.name}.csv"
            write_csv(table, path)
            stats[table.name] = {
                "bytes": path.stat().st_size,
                "sha256": sha256_of(path),
            }
        package = descriptor(tables, version, now, stats)
        name = f"docket-{version}"
        zipped = folder / f"{name}.zip"
        stamp = timezone.localtime(now).timetuple()[:6]
        with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
            members = [
                ("datapackage.json", json.dumps(package, indent=2, ensure_ascii=False)),
                ("changelog.json", json.dumps(log, indent=2)),
            ]
            for member, content in members:
                archive.writestr(zipfile.ZipInfo(member, stamp), content)
            for table in tables:
                info = zipfile.ZipInfo(f"data/{table.name}.csv", stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, (folder / f"{table.name}.csv").read_bytes())
        database = folder / f"{name}.sqlite"
        write_sqlite(tables, database, package)
        files = []
        for path, kind in ((zipped, "zip"), (database, "sqlite")):
            with open(path, "rb") as file:
                stored = default_storage.save(
                    f"datasets/{version}/{path.name}", File(file)
                )
            files.append(
                {
                    "name": path.name,
                    "path": stored,
                    "format": kind,
                    "sha256": sha256_of(path),
                    "bytes": path.stat().st_size,
                }
            )
    with transaction.atomic():
        build = DatasetBuild.objects.create(
            version=version,
            built_at=now,
            files=files,
            tables=[{"name": t.name, "rows": len(t.rows)} for t in tables],
            changelog={"previous": log["previous"], "tables": counts},
        )
        # The /data/ page and the API's list are cached by the public version.
        bump_public_version()
    return build
