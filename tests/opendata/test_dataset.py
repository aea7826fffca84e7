"""The open dataset (cms/dataset/): the package validates against its own
schema, its checksums hold, each build says what changed since the last, and
the build's queries do not grow with the record."""

import csv
import hashlib
import json
import sqlite3

import frictionless
import pytest

from django.core.management import call_command

from cms.dataset.build import build_dataset
from cms.models import DatasetBuild
from defenders.factories import DefenderFactory
from events.factories import SentenceFactory
from tests.opendata.conftest import stored
from tests.public_site import build_case_file

pytestmark = pytest.mark.django_db

# One or two per table, the previous build, the new row and the public version.
QUERIES = 32
TABLES = {
    "defenders",
    "events",
    "event_places",
    "event_defenders",
    "event_organizations",
    "event_figures",
    "charges",
    "sentences",
    "organizations",
    "memberships",
    "places",
    "detention_places",
    "sources",
    "figures",
}


def rows(folder, table):
    with open(folder / "data" / f"{table}.csv", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_package_validates_against_its_schema(build):
    build_case_file(defenders=3, photos=False)
    made, folder = build()
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["taskName", "rowNumber", "type", "note"])
    package = json.loads((folder / "datapackage.json").read_text())
    assert {r["name"] for r in package["resources"]} == TABLES
    assert package["version"] == made.version
    for resource in package["resources"]:
        schema = resource["schema"]
        assert schema["primaryKey"]
        for field in schema["fields"]:
            assert field["type"] and field["description"], field["name"]


def test_rows_are_the_published_record(build):
    case = build_case_file(defenders=3, photos=False)
    made, folder = build()
    defenders = rows(folder, "defenders")
    assert [d["slug"] for d in defenders] == [d.slug for d in case["defenders"]]
    assert defenders[0]["letter_address"] == "Colony street 9"
    raid = next(e for e in rows(folder, "events") if e["slug"] == "raids-on-viasna")
    cities = {
        r["place_id"]
        for r in rows(folder, "event_places")
        if r["event_id"] == raid["id"]
    }
    assert len(cities) == 2
    figures = {r["value"] for r in rows(folder, "event_figures")}
    assert figures == {"53", "43"}
    assert {t["name"]: t["rows"] for t in made.tables}["defenders"] == 3


def test_drafts_are_left_out(build):
    case = build_case_file(defenders=2, photos=False)
    made, folder = build()
    assert case["draft"].slug not in {d["slug"] for d in rows(folder, "defenders")}
    assert str(case["draft_event"].pk) not in {e["id"] for e in rows(folder, "events")}
    draft_org = str(case["draft_organization"].pk)
    assert draft_org not in {o["id"] for o in rows(folder, "organizations")}
    assert draft_org not in {m["organization_id"] for m in rows(folder, "memberships")}
    named = {r["defender_id"] for r in rows(folder, "event_defenders")}
    assert str(case["draft"].pk) not in named


def test_confidential_source_is_only_withheld(build):
    case = build_case_file(defenders=1, photos=False)
    _made, folder = build()
    by_id = {s["id"]: s for s in rows(folder, "sources")}
    withheld = by_id[str(case["confidential_source"].pk)]
    assert withheld["withheld"] == "true"
    assert withheld["title"] == "source withheld for safety"
    assert not any(
        withheld[k] for k in ("url", "publisher", "archived_url", "updated_at")
    )


def test_sha256_and_sizes_match_the_files(build, storage):
    build_case_file(defenders=2, photos=False)
    made, folder = build()
    assert {item["format"] for item in made.files} == {"zip", "sqlite"}
    for item in made.files:
        path = stored(storage, made, item["format"])
        assert path.parent.name == made.version
        assert path.parent.parent.name == "datasets"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == item["sha256"]
        assert path.stat().st_size == item["bytes"]
    package = json.loads((folder / "datapackage.json").read_text())
    for resource in package["resources"]:
        data = (folder / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["bytes"] == len(data)


def test_sqlite_holds_the_same_tables(build, storage):
    build_case_file(defenders=3, photos=False)
    made, folder = build()
    db = sqlite3.connect(stored(storage, made, "sqlite"))
    try:
        for table in made.tables:
            (count,) = db.execute(f'SELECT count(*) FROM "{table["name"]}"').fetchone()  # noqa: S608
            assert count == table["rows"] == len(rows(folder, table["name"]))
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        (term,) = db.execute("SELECT sum(term_months) FROM sentences").fetchone()
        assert term == 360
    finally:
        db.close()


def test_changelog_against_the_previous_build(build):
    case = build_case_file(defenders=3, photos=False)
    first, _folder = build()
    assert first.changelog == {"previous": None, "tables": {}}

    gone, renamed = case["defenders"][0], case["defenders"][1]
    gone.unpublish()
    renamed.role = "Lawyer"
    renamed.save()
    added = DefenderFactory(name="New Defender", slug="new-defender")
    SentenceFactory(defender=added, term_months=24)

    second, folder = build()
    assert second.version == f"{first.version}.2"
    assert second.changelog["previous"] == first.version
    assert second.changelog["tables"]["defenders"] == {
        "added": 1,
        "removed": 1,
        "changed": 1,
    }
    assert second.changelog["tables"]["sentences"]["added"] == 1
    assert second.changelog["tables"]["places"] == {
        "added": 0,
        "removed": 0,
        "changed": 0,
    }
    keys = json.loads((folder / "changelog.json").read_text())
    assert keys["tables"]["defenders"] == {
        "added": [added.pk],
        "removed": [gone.pk],
        "changed": [renamed.pk],
    }
    # The first build stays downloadable.
    assert DatasetBuild.objects.count() == 2


def test_command_builds_and_reports(storage, capsys):
    build_case_file(defenders=1, photos=False)
    call_command("build_dataset")
    build = DatasetBuild.objects.get()
    assert build.version in capsys.readouterr().out


@pytest.mark.parametrize("people", [2, 6])
def test_build_queries_do_not_grow_with_the_record(
    storage, people, django_assert_max_num_queries
):
    build_case_file(defenders=people, photos=False)
    build_dataset()  # a previous build, to compare with
    with django_assert_max_num_queries(QUERIES):
        build_dataset()
