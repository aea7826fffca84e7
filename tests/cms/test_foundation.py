import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.db import DatabaseError

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x7Jq-production-like-secret-9fK2mZ!pL0vQ4rT8wY1uB6nC3dE5gH",
    "ALLOWED_HOSTS": "docket.example.org",
    "DATABASE_URL": "sqlite:////tmp/docket-check-deploy.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "PUBLIC_CACHE_SECONDS": "120",
}


def run_manage(*args, env):
    # Start from this environment less what the tests themselves set.
    leave_out = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in leave_out}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_home_page_is_served(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Docket" in response.content


@pytest.mark.django_db
def test_admin_login_page_is_served(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content


@pytest.mark.django_db
def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "tasks": "ok"}


@pytest.mark.django_db
def test_healthz_when_database_is_gone(client, monkeypatch):
    from tests.database import refuse_statements

    refuse_statements(monkeypatch, DatabaseError("connection refused"))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "database": "unavailable",
        "cache": "ok",
        "tasks": "unavailable",
    }
    assert client.get("/livez").status_code == 503


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert result.stderr.strip() == f"{missing} must be set when DEBUG is off."


def test_check_deploy_prints_no_warning():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_gunicorn_workers_freeze_what_start_up_loaded():
    import gc
    import runpy

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    try:
        config["post_worker_init"](None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
