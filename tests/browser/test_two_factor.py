"""Two-factor authentication in a real browser, as a person signs in: the
password, then the app's code (computed here from the key the page shows),
the recovery codes, the dashboard; later sign-ins with the app's next code
and with a recovery code."""

import re

import pytest

from tests.admin_client import PASSWORD, app_code, make_user
from tests.database import ensure_site

# serialized_rollback: see tests/browser/test_admin.py.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DASHBOARD = re.compile(r"/admin/$")


def sign_in(page, username):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_an_editor_sets_up_two_factor_and_reaches_the_dashboard(page):
    ensure_site()
    make_user("browser-editor", "Editors")
    sign_in(page, "browser-editor")
    page.wait_for_url(re.compile(r"/admin/two-factor/setup/\?next=/admin/$"))
    assert page.locator(".twofactor-qr svg").is_visible()
    key = page.locator("#twofactor-key").inner_text()
    page.get_by_label("Code from the app").fill(app_code(key))
    page.get_by_role("button", name="Confirm").click()
    page.locator("#recovery-codes").wait_for()
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(set(codes)) == 10
    page.get_by_role("link", name="I have kept them: continue").click()
    page.wait_for_url(DASHBOARD)
    assert page.title().startswith("Dashboard")

    # Next time: the code form. The code just used is spent; the app's next
    # one (30 seconds on) is accepted.
    sign_in(page, "browser-editor")
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    page.locator('input[name="otp_token"]').fill(app_code(key, later=30))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(DASHBOARD)

    # A lost phone: a recovery code.
    sign_in(page, "browser-editor")
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    page.locator('select[name="otp_device"]').select_option(label="Recovery codes")
    page.locator('input[name="otp_token"]').fill(codes[0])
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(DASHBOARD)
