"""Case file → Import in a real browser: a researcher chooses a file, reads
the preview (an error in its row and column, nothing to confirm), uploads
the fixed file and confirms; the drafts go to review as one batch."""

import os
import re

import pytest

from cms.models import CaseListImport
from defenders.models import Defender
from tests.admin_client import login_browser, make_user
from tests.cms.case_lists import csv_bytes, make_case_file, person, rows_of
from tests.database import ensure_site

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = os.environ.get("DOCKET_SCREENSHOTS")


def choose_and_check(page, tmp_path, name, rows):
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows_of(rows), encoding="cp1251", delimiter=";"))
    page.goto("/admin/snippets/cms/caselistimport/add/")
    page.set_input_files('input[name="file"]', str(path))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url(re.compile(r"/caselistimport/.+/preview|/caselistimport/"))
    return page


@pytest.mark.parametrize("width", [1280, 360])
def test_a_researcher_previews_fixes_and_confirms_a_case_list(
    page, live_server, tmp_path, width
):
    ensure_site()
    make_case_file()
    page.set_viewport_size({"width": width, "height": 900})
    login_browser(page, live_server.url, make_user("browser-researcher", "Researchers"))

    bad = [person(1), person(2, detained_on="31.02.2021")]
    choose_and_check(page, tmp_path, "bad.csv", bad)
    error_row = page.locator('[data-outcome="error"]')
    error_row.first.wait_for()
    assert "detained_on: February 2021 has no day 31" in error_row.first.inner_text()
    assert page.get_by_role("button", name="Import as drafts for review").count() == 0
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/import-error-{width}.png", full_page=True)

    choose_and_check(page, tmp_path, "case-list.csv", [person(1), person(2)])
    assert page.locator('[data-outcome="new"]').count() == 2
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/import-preview-{width}.png", full_page=True)
    assert Defender.objects.count() == 0  # nothing written before confirming
    page.get_by_role("button", name="Import as drafts for review").click()
    page.wait_for_url(re.compile(r"/caselistimport/edit/"))

    batch = CaseListImport.objects.get()
    assert batch.title == "case-list.csv"
    assert batch.workflow_in_progress
    assert sorted(Defender.objects.values_list("name", "live")) == [
        ("Testperson Fictional 0001", False),
        ("Testperson Fictional 0002", False),
    ]
