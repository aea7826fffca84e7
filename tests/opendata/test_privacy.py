"""DESIGN §6 for the dataset: with every privacy trap of the sentinel case
file set, no file of the package (each CSV, datapackage.json, the changelog)
nor the SQLite file, nor the /data/ page or the API's list, holds any of
tests.public_site.SENTINELS."""

import pytest

from tests.opendata.conftest import stored
from tests.public_site import SENTINELS, assert_nothing_private, build_case_file

pytestmark = pytest.mark.django_db


def test_no_file_of_the_dataset_holds_anything_private(build, storage, client):
    build_case_file(defenders=3)
    build()  # a first build, so that the second has a changelog to write
    made, folder = build()
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    assert {path.name for path in files} >= {
        "datapackage.json",
        "changelog.json",
        "defenders.csv",
        "sources.csv",
    }
    for path in files:
        assert_nothing_private(path.read_text(encoding="utf-8"), path.name)
    # SQLite stores text as UTF-8: look in the raw bytes, any case.
    raw = stored(storage, made, "sqlite").read_bytes().lower()
    leaked = [s for s in SENTINELS if s.lower().encode() in raw]
    assert not leaked, f"the SQLite file holds private values: {leaked}"
    assert_nothing_private(client.get("/data/").content.decode(), "/data/")
    assert_nothing_private(client.get("/api/v1/datasets/").content.decode(), "API")
