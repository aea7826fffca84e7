"""/data/ and /api/v1/datasets/: every build, newest first, to download."""

import hashlib

import pytest

from tests.public_site import build_case_file

pytestmark = pytest.mark.django_db


def test_data_page_lists_builds_newest_first(
    build, client, django_assert_max_num_queries
):
    assert "No version has been built yet" in client.get("/data/").content.decode()
    build_case_file(defenders=1, photos=False)
    first, _ = build()
    second, _ = build()
    # The builds are one query; the rest is the site's navigation.
    with django_assert_max_num_queries(8):
        response = client.get("/data/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index(f'id="dataset-{second.version}"') < page.index(
        f'id="dataset-{first.version}"'
    )
    for made in (first, second):
        for item in made.files:
            assert item["sha256"] in page
            assert f'href="/media/{item["path"]}"' in page
    assert f"version {second.version}" in page  # the citation
    assert f"No row changed since version {first.version}" in page
    build()
    build()
    with django_assert_max_num_queries(8):
        assert client.get("/data/").content.decode().count('id="dataset-') == 4


def test_old_builds_stay_downloadable(build, client, storage, settings):
    settings.DEBUG = True  # Django serves MEDIA_URL only in development
    build_case_file(defenders=1, photos=False)
    first, _ = build()
    build()
    item = first.files[0]
    assert (storage / item["path"]).exists()
    assert (
        hashlib.sha256((storage / item["path"]).read_bytes()).hexdigest()
        == item["sha256"]
    )


def test_api_lists_builds_with_absolute_download_urls(build, client):
    build_case_file(defenders=1, photos=False)
    first, _ = build()
    second, _ = build()
    response = client.get("/api/v1/datasets/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    latest = data["results"][0]
    assert latest["version"] == second.version
    assert latest["changelog"]["previous"] == first.version
    zipped = next(f for f in latest["files"] if f["format"] == "zip")
    assert zipped["url"].startswith("http://testserver/media/datasets/")
    assert zipped["sha256"] == second.files[0]["sha256"]
    assert latest["citation"]["version"] == second.version
    assert (
        latest["citation"]["url"] == f"http://testserver/data/#dataset-{second.version}"
    )
    assert {t["name"] for t in latest["tables"]} >= {"defenders", "sources"}
    one = client.get(f"/api/v1/datasets/{first.version}/")
    assert one.status_code == 200 and one.json()["version"] == first.version
    assert client.get("/api/v1/datasets/1999-01-01/").status_code == 404
    assert client.get("/api/v1/datasets/?limit=5").status_code == 400
