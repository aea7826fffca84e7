"""Backups (bin/backup.sh, bin/restore.sh) and the restore drill.

The drill runs on PostgreSQL with the real pg_dump and pg_restore: a
throw-away copy of the test database stands in for production; it is backed
up, dropped, created empty and restored, and every table, sequence and media
file must come back the same. The machine's own databases are never touched.
"""

import hashlib
import os
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from django.conf import settings
from django.db import connection

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from events.factories import EventFactory
from petition.factories import SignatureFactory, make_petition

BIN = Path(settings.BASE_DIR) / "bin"


def database_url(name):
    """A URL for the database `name` on the test database's server."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    user = quote(db["USER"] or "", safe="")
    return f"postgres://{user}{password}@{db['HOST'] or ''}{port}/{quote(name)}"


def run(script, folder, url, media):
    return subprocess.run(
        [BIN / script, str(folder)],
        env={**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media)},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def server(dbname="postgres"):
    import psycopg

    db = connection.settings_dict
    return psycopg.connect(
        dbname=dbname,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        autocommit=True,
    )


def drop_and_create(name, create=True):
    from psycopg import sql

    with server() as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        if create:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def contents(name):
    """Each table's row count and a checksum of its rows, and each sequence's
    position (so restored ids never collide), in the database `name`."""
    from psycopg import sql

    found = {}
    with server(name) as conn:
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
        for (table,) in tables:
            found[table] = conn.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' "
                    "ORDER BY t::text), '')) FROM {} AS t"
                ).format(sql.Identifier(table))
            ).fetchone()
        sequences = conn.execute(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall()
        for (sequence,) in sequences:
            found[sequence] = conn.execute(
                sql.SQL("SELECT last_value, is_called FROM {}").format(
                    sql.Identifier(sequence)
                )
            ).fetchone()
    return found


def files(root):
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def drill_database():
    """A throw-away database named after the test database, whatever name
    pytest-django gave it; dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_drill"
    assert name not in {settings.DATABASES["default"]["NAME"], "postgres"}
    drop_and_create(name)
    yield name
    drop_and_create(name, create=False)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_drill(tmp_path, settings, drill_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    EventFactory(title="Raid on the office", slug="raid-on-the-office")
    SignatureFactory(petition=make_petition(), name="Zora Testova")
    image = get_image_model().objects.create(
        title="Portrait", file=get_test_image_file()
    )
    assert Path(image.file.path).is_file()
    test_database = connection.settings_dict["NAME"]
    production = database_url(drill_database)

    # A copy of the test database plays production.
    test_url = database_url(test_database)
    copied = run("backup.sh", tmp_path / "copy", test_url, settings.MEDIA_ROOT)
    assert copied.returncode == 0, copied.stderr
    seeded = run("restore.sh", tmp_path / "copy", production, tmp_path / "unused")
    assert seeded.returncode == 0, seeded.stderr
    before = contents(drill_database)
    assert before == contents(test_database)
    assert before["events_event"][0] == 1
    assert before["petition_signature"][0] == 1

    # The drill: back up, lose the database and the media, restore.
    backup = tmp_path / "backups" / "2026-01-01"
    made = run("backup.sh", backup, production, settings.MEDIA_ROOT)
    assert made.returncode == 0, made.stderr
    assert sorted(p.name for p in backup.iterdir()) == [
        "SHA256SUMS",
        "database.dump",
        "media.tar.gz",
    ]
    assert (backup / "database.dump").stat().st_mode & 0o077 == 0  # owner only
    drop_and_create(drill_database)
    assert contents(drill_database) == {}
    restored_media = tmp_path / "restored-media"
    restored = run("restore.sh", backup, production, restored_media)
    assert restored.returncode == 0, restored.stderr

    assert contents(drill_database) == before
    assert files(restored_media) == files(settings.MEDIA_ROOT)
    assert image.file.name in files(restored_media)


def test_backup_refuses_a_database_that_is_not_postgresql(tmp_path):
    result = run("backup.sh", tmp_path / "b", "sqlite:///db.sqlite3", tmp_path)
    assert result.returncode == 2
    assert "PostgreSQL only" in result.stderr
    assert not (tmp_path / "b").exists()


def test_restore_refuses_a_damaged_backup_before_touching_anything(tmp_path):
    backup = tmp_path / "backup"
    backup.mkdir()
    for name in ("database.dump", "media.tar.gz"):
        (backup / name).write_bytes(b"original")
    sums = files(backup)
    (backup / "SHA256SUMS").write_text(
        "".join(f"{digest}  {name}\n" for name, digest in sums.items())
    )
    (backup / "database.dump").write_bytes(b"changed")
    media = tmp_path / "media"
    # A server that is not there: the check must stop the restore first.
    result = run("restore.sh", backup, "postgres://nobody@127.0.0.1:1/none", media)
    assert result.returncode != 0
    assert "database.dump: FAILED" in result.stdout + result.stderr
    assert not media.exists()
