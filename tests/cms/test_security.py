"""Security headers, cookies and admin brute-force protection."""

import json

import pytest

from tests.cms.test_foundation import PRODUCTION_ENV, run_manage

PROBE = """
import json
from django.test import Client
client = Client(HTTP_HOST="docket.example.org")
insecure = client.get("/healthz")
response = client.get("/healthz", secure=True)
print(json.dumps({
    "redirect": [insecure.status_code, insecure.get("Location", "")],
    "headers": dict(response.headers),
    "session": [
        __import__("django.conf").conf.settings.SESSION_COOKIE_SECURE,
        __import__("django.conf").conf.settings.SESSION_COOKIE_HTTPONLY,
        __import__("django.conf").conf.settings.CSRF_COOKIE_SECURE,
    ],
}))
"""


@pytest.fixture(scope="module")
def production():
    result = run_manage("shell", "-c", PROBE, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_redirects_plain_http_to_https(production):
    status, location = production["redirect"]
    assert status == 301
    assert location.startswith("https://")


def test_production_sends_hsts_and_security_headers(production):
    headers = production["headers"]
    assert headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]


def test_production_cookies_are_secure_and_http_only(production):
    session_secure, session_http_only, csrf_secure = production["session"]
    assert session_secure and session_http_only and csrf_secure


def test_production_csp_allows_no_inline_script(production):
    policy = production["headers"]["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "object-src 'none'" in policy


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/defenders/", "/events/", "/search/?q=x"])
def test_public_pages_carry_the_csp(client, path):
    policy = client.get(path)["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_public_templates_hold_no_inline_script(client):
    from defenders.factories import DefenderFactory

    defender = DefenderFactory()
    for path in ["/", "/defenders/", defender.get_absolute_url(), "/search/?q=a"]:
        html = client.get(path).content.decode()
        for tag in html.split("<script")[1:]:
            assert " src=" in tag.split(">")[0], f"inline script on {path}"


@pytest.mark.django_db
def test_admin_login_locks_out_after_repeated_failures(client, django_user_model):
    django_user_model.objects.create_superuser("editor", "e@example.org", "right-pw")
    wrong = {"username": "editor", "password": "wrong"}
    for _ in range(4):
        response = client.post("/admin/login/", wrong)
        assert response.status_code == 200  # the form again, with an error
    assert client.post("/admin/login/", wrong).status_code == 429  # the fifth
    locked = client.post(
        "/admin/login/", {"username": "editor", "password": "right-pw"}
    )
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_previews_alone_may_be_framed_by_the_admin(client, editor_client):
    """Wagtail renders a preview through the public middleware: the admin's
    preview panel (an iframe on the same origin) must be let in, and the
    public page must still refuse every frame."""
    from defenders.factories import DefenderFactory
    from defenders.models import Defender
    from tests.admin_client import admin_url, defender_data

    defender = DefenderFactory(name="Alpha Test Defender", slug="alpha-test-defender")
    url = admin_url(Defender, "preview_on_edit", defender.pk)
    assert editor_client.post(url, defender_data()).json()["is_valid"]
    revision = defender.save_revision()
    previews = [
        editor_client.get(url, {"in_preview_panel": "true"}),
        editor_client.get(
            admin_url(Defender, "revisions_view", defender.pk, revision.pk)
        ),
    ]
    for preview in previews:
        assert b"Alpha Test Defender" in preview.content
        policy = preview["Content-Security-Policy"]
        assert "frame-ancestors 'self'" in policy
        assert "'none'" not in policy.split("frame-ancestors")[1].split(";")[0]
        assert "script-src 'self'" in policy  # the rest of the public policy
        assert preview["X-Frame-Options"] == "SAMEORIGIN"

    public = client.get(defender.get_absolute_url())
    assert "frame-ancestors 'none'" in public["Content-Security-Policy"]
    assert public["X-Frame-Options"] == "DENY"
