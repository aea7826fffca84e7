import zipfile

import pytest

from cms.dataset.build import build_dataset


@pytest.fixture
def storage(settings, tmp_path):
    """Dataset files go to a temporary MEDIA_ROOT; no page cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLIC_CACHE_SECONDS = 0
    return settings.MEDIA_ROOT


@pytest.fixture
def build(storage):
    """Build the dataset; return (build, folder with the zip unpacked)."""

    def make():
        made = build_dataset()
        return made, unpack(storage, made)

    return make


def stored(media_root, build, kind):
    entry = next(item for item in build.files if item["format"] == kind)
    return media_root / entry["path"]


def unpack(media_root, build):
    folder = media_root.parent / f"unpacked-{build.version}"
    with zipfile.ZipFile(stored(media_root, build, "zip")) as archive:
        archive.extractall(folder)
    return folder
