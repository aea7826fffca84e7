"""A visitor's path through the public site, and axe-core on each page type."""

import os
import re
from pathlib import Path

import pytest

from cms.demo import load_pages
from petition.factories import make_petition
from tests.database import ensure_site
from tests.public_site import build_case_file, media_fixture  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Kept by CI as artifacts; .gitignore keeps the PNGs out of the repository.
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
# (name, path) of each page photographed at each width.
SCREENSHOT_PAGES = (
    ("home", "/"),
    ("profile", "/defenders/ales-defender-001/"),
    ("petition", "/petition/release-them/"),
    ("letters", "/letters/"),
)
WIDTHS = (360, 1280)

# serialized_rollback: flushing would drop the home page, site and root
# collection that migrations create, which every other test relies on.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(media):
    ensure_site()
    case = build_case_file(defenders=5)
    case["petition"] = make_petition(goal=10_000)
    load_pages()  # the home page's intro, About and the letters guide
    return case


def axe_violations(page, exclude=()):
    """Every axe-core violation on the current page, whatever its impact,
    outside the `exclude` selectors."""
    if not AXE.exists():
        reason = "axe-core is not installed: run `npm ci` at the repository root"
        if os.environ.get("DOCKET_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    # Evaluated through the DevTools protocol, so the site's CSP (no inline
    # script) does not block it, as it would an injected <script> tag.
    page.evaluate(AXE.read_text())
    context = {"include": [["html"]], "exclude": [[selector] for selector in exclude]}
    results = page.evaluate("async (context) => await axe.run(context)", context)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results["violations"]
    ]


def test_from_home_to_a_profile_and_how_to_write(page, site):
    page.goto("/")
    assert page.locator("h1").inner_text() == "The Viasna case file"
    # The figure links to the people it counts.
    page.get_by_role("link", name=re.compile("defenders held now")).click()
    page.wait_for_url(re.compile(r"/defenders/\?status=held$"))
    assert page.get_by_text("5 defenders").is_visible()
    page.get_by_role("link", name="Ales Defender 004", exact=True).click()
    page.wait_for_url(re.compile(r"/defenders/ales-defender-004/$"))
    assert page.locator("h1").inner_text() == "Ales Defender 004"
    assert page.locator(".summary").inner_text().startswith("Held since 14 July 2021")
    # Two clicks from the profile to the guide: the section, then the guide.
    page.get_by_role("link", name="How to write to them").click()
    assert page.get_by_role("heading", name="Write to them").is_visible()
    assert page.get_by_text("Colony street 9").is_visible()
    page.get_by_role("link", name=re.compile("^How to write to a prisoner")).click()
    page.wait_for_url(re.compile(r"/letters/$"))
    assert page.get_by_role("heading", name="Which languages get through").is_visible()


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
    assert page.locator("#event-map").is_visible()
    assert page.locator(".leaflet-marker-icon").count() == 2


def test_no_empty_map_box_without_javascript(browser, live_server, site):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/events/raids-on-viasna/")
        assert page.locator("#event-map").is_hidden()
        assert "Minsk" in page.locator("ul.places").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "be", "ru"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_accessibility_violation(browser, live_server, site, width, language):
    """Every page type, in every language, at a phone's width and a desk's."""
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
        "/search/",
        "/search/?q=Viasna",
        "/defenders/?status=flying",
        "/defenders/?status=imprisoned",
        "/petition/",
        "/petition/release-them/",
        "/defenders/?status=held",
        "/organizations/",
        "/places/",
        "/places/penal-colony-no-9/",
        "/letters/",
        "/about/",
        "/api/v1/docs/",
        "/no-such-page/",
    ]
    if language != "en":
        # The API's pages have one address for every language, checked once.
        urls = [f"/{language}{url}" for url in urls if not url.startswith("/api/")]
    found = {}
    try:
        for url in urls:
            page.goto(url)
            if not url.startswith("/api/"):
                lang = page.locator("html").get_attribute("lang")
                assert lang == language, f"{url} says lang={lang}"
            # Swagger UI's own markup (a second <main>, buttons in buttons,
            # its colours) is the vendor's; it renders after the page loads,
            # so checking it made this test pass or fail by timing. The page
            # around it, and its <noscript> listing, are ours and checked.
            vendor = ["#swagger-ui"] if url.startswith("/api/") else []
            if vendor:
                # Drawn, and its own <main> made a region (static/js/api-docs.js).
                page.wait_for_selector("#swagger-ui #operations[role=region]")
            violations = axe_violations(page, exclude=vendor)
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


def test_screenshots(browser, live_server, site):
    """Full-page PNGs of the main pages at each width, for a reviewer's eye."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": 900}
        )
        page = context.new_page()
        try:
            for name, url in SCREENSHOT_PAGES:
                assert page.goto(url).ok, url
                path = SCREENSHOTS / f"{name}-{width}.png"
                page.screenshot(path=path, full_page=True)
                assert path.stat().st_size > 0
        finally:
            context.close()
