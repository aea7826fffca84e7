"""A visitor's path through the public site, and axe-core on each page type."""

import os
import re
from pathlib import Path

import pytest

from tests.database import ensure_site
from tests.public_site import build_case_file, media_fixture  # noqa: F401

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# serialized_rollback: flushing would drop the home page, site and root
# collection that migrations create, which every other test relies on.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(media):
    ensure_site()
    return build_case_file(defenders=5)


def axe_violations(page):
    """Serious and critical axe-core violations on the current page."""
    if not AXE.exists():
        reason = "axe-core is not installed: run `npm ci` at the repository root"
        if os.environ.get("DOCKET_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    # Evaluated through the DevTools protocol, so the site's CSP (no inline
    # script) does not block it, as it would an injected <script> tag.
    page.evaluate(AXE.read_text())
    results = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_from_home_to_a_profile(page, site):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Docket"
    page.get_by_role("link", name="Ales Defender 004", exact=True).click()
    page.wait_for_url(re.compile(r"/defenders/ales-defender-004/$"))
    assert page.locator("h1").inner_text() == "Ales Defender 004"
    assert page.get_by_text("Where to write").is_visible()
    assert page.get_by_text("source withheld for safety").first.is_visible()


def test_filter_the_list_by_status(page, site):
    page.goto("/defenders/")
    page.get_by_label("Status").select_option("released")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"status=released"))
    assert page.get_by_text("0 defenders").is_visible()
    page.get_by_label("Status").select_option("imprisoned")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"status=imprisoned"))
    assert page.get_by_text("5 defenders").is_visible()


def test_search_a_name(page, site):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Search"
    ).click()
    page.get_by_role("searchbox").fill("Defender 002")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Ales Defender 002", exact=True).click()
    page.wait_for_url(re.compile(r"/defenders/ales-defender-002/$"))


def test_open_an_event_and_see_its_places(page, site):
    page.goto("/events/")
    page.get_by_role("link", name="Raids on Viasna").click()
    page.wait_for_url(re.compile(r"/events/raids-on-viasna/$"))
    places = page.locator("ul.places")
    assert "Minsk" in places.inner_text() and "Gomel" in places.inner_text()
    # Leaflet from our static files draws a marker per place (tiles may not
    # load offline; the markers and the text list do not need them).
    page.wait_for_selector("#event-map[data-ready=true]")
    assert page.locator(".leaflet-marker-icon").count() == 2


@pytest.mark.parametrize("width", [360, 1280])
def test_no_serious_accessibility_violation(browser, live_server, site, width):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    urls = [
        "/",
        "/defenders/",
        "/defenders/ales-defender-001/",
        "/events/",
        "/events/raids-on-viasna/",
        "/events/closure-of-53-organizations/",
        "/organizations/viasna/",
        "/search/?q=Viasna",
        "/defenders/?status=flying",
        "/no-such-page/",
    ]
    found = {}
    try:
        for url in urls:
            page.goto(url)
            violations = axe_violations(page)
            if violations:
                found[url] = violations
            # Usable at this width: nothing wider than the viewport.
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"{url} scrolls sideways at {width}px"
    finally:
        context.close()
    assert not found, found
