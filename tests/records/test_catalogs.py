"""The Belarusian and Russian catalogs are complete, written with their three
plural forms, keep every placeholder, and are compiled."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("be", "ru")
PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sd]|%[sd]|\{[a-z_0-9]+\}")


def catalog(language):
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_translated_none_fuzzy(language):
    po = catalog(language)
    assert len(po) > 500
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_three_plural_forms(language):
    po = catalog(language)
    assert "nplurals=3;" in po.metadata["Plural-Forms"]
    plurals = [entry for entry in po if entry.msgid_plural and not entry.obsolete]
    assert plurals
    for entry in plurals:
        forms = [entry.msgstr_plural.get(n, "") for n in range(3)]
        assert all(forms), (entry.msgid, forms)


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_kept(language):
    for entry in catalog(language):
        if entry.obsolete:
            continue
        wanted = sorted(set(PLACEHOLDER.findall(entry.msgid)))
        texts = (
            [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values()
        )
        for text in texts:
            # A count may be spelled out in the singular ("один день").
            got = sorted(set(PLACEHOLDER.findall(text)))
            assert set(got) <= set(wanted) | set(
                PLACEHOLDER.findall(entry.msgid_plural or "")
            ), (entry.msgid, text)
            if not entry.msgid_plural:
                assert got == wanted, (entry.msgid, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_is_current(language):
    """The .mo the site reads holds what the .po says (compile with
    `make messages`)."""
    mo = polib.mofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in catalog(language).translated_entries():
        key = (entry.msgctxt, entry.msgid)
        assert key in compiled, entry.msgid
        assert compiled[key] == (entry.msgstr, entry.msgstr_plural or {}), entry.msgid


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs gettext's xgettext")
def test_catalog_holds_every_string_of_the_code(tmp_path):
    """makemessages, run on a copy of the project, finds no string the
    catalogs lack: a new string fails here until it is translated."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "node_modules", ".git", "media", "staticfiles", "*.sqlite3"
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "be", "-l", "ru"]
        + ["--ignore=tests", "--ignore=bench"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DEBUG": "1"},
    )
    for language in LANGUAGES:
        path = copy / "locale" / language / "LC_MESSAGES" / "django.po"
        fresh = polib.pofile(str(path))
        assert [e.msgid for e in fresh.untranslated_entries()] == [], language
