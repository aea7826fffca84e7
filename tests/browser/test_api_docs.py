"""/api/v1/docs/ in a browser: Swagger UI from drf-spectacular-sidecar runs
within the site's CSP (the page fixture fails on any violation)."""

import pytest

# serialized_rollback, as every browser test (see test_smoke.py).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_swagger_ui_shows_the_operations(page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/api/v1/docs/")
    operation = page.locator(".opblock-summary-path", has_text="/api/v1/changes/")
    operation.first.wait_for(timeout=15_000)
    assert page.locator(".opblock-get").count() > 10
    # In the site's layout: its main landmark holds the UI.
    assert page.locator("main #swagger-ui .swagger-ui").count() == 1
    # Opening an operation shows its parameters.
    operation.first.click()
    page.locator(".parameter__name", has_text="since").wait_for(timeout=5_000)
    assert errors == []


def test_the_guide_renders_in_the_layout(page):
    page.goto("/api/v1/docs/guide/")
    assert page.locator("main h1").inner_text().startswith("The Docket API")
    assert page.locator("main section#raids pre").count() == 2
