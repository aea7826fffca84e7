"""The About page, the letters guide, the main navigation and the home page's
figures, each linking to what it counts."""

import datetime
import time

import pytest

from cms.demo import load_pages
from cms.models import StandardPage
from defenders.factories import DefenderFactory
from events.factories import EventFactory, SentenceFactory
from tests.database import ensure_site
from tests.public_site import (  # noqa: F401
    assert_nothing_private,
    case_fixture,
    media_fixture,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(media):
    ensure_site()
    load_pages()


def test_guide_and_about_are_pages_the_editors_keep(client, pages):
    letters = client.get("/letters/").content.decode()
    for text in (
        "Cyrillic",
        "Russian or Belarusian",
        "What not to write",
        "When only relatives may write",
        "No address for letters is known",
    ):
        assert text in letters, text
    about = client.get("/about/").content.decode()
    assert "How facts are reviewed" in about and "Report a correction" in about
    # Every page links them, and the petition, from the main navigation.
    nav = about[about.index("<nav") : about.index("</nav>")]
    assert 'href="/letters/"' in nav and 'href="/about/"' in nav


def test_loading_twice_changes_nothing(pages):
    revisions = {
        page.pk: page.latest_revision_id for page in StandardPage.objects.all()
    }
    load_pages()
    again = {page.pk: page.latest_revision_id for page in StandardPage.objects.all()}
    assert again == revisions and len(again) == 2


def test_a_renamed_guide_is_still_linked(client, pages):
    guide = StandardPage.objects.get(role="letters")
    guide.slug = "write-to-prisoners"
    guide.save_revision().publish()
    html = client.get("/about/").content.decode()
    assert 'href="/write-to-prisoners/"' in html
    guide.unpublish()
    html = client.get("/about/").content.decode()
    assert "write-to-prisoners" not in html


def test_about_shows_the_corrections_address_when_configured(client, pages, settings):
    settings.CONTACT_EMAIL = "corrections@example.org"
    html = client.get("/about/").content.decode()
    assert 'href="mailto:corrections@example.org"' in html


def test_home_says_what_this_is_and_links_each_figure(client, case):
    load_pages()
    html = client.get("/").content.decode()
    assert "<h1>The Viasna case file</h1>" in html
    assert "whose members have been imprisoned since 2020–2021" in html
    assert 'href="/defenders/?status=held"' in html
    assert 'href="/defenders/?sentenced=true"' in html
    assert 'href="/events/closure-of-53-organizations/"' in html
    nav = html[html.index("<nav") : html.index("</nav>")]
    assert 'href="/organizations/"' in nav and 'href="/letters/"' in nav


def test_the_figures_links_list_what_they_count(client, case):
    released = DefenderFactory(status="released")
    SentenceFactory(defender=released, term_months=36)
    DefenderFactory(status="in_exile")
    held = client.get("/defenders/?status=held").content.decode()
    assert "5 defenders" in held
    sentenced = client.get("/defenders/?sentenced=true").content.decode()
    assert "6 defenders" in sentenced
    # The same URL on the API gives the same people.
    api = client.get("/api/v1/defenders/?status=held&format=json").json()
    assert api["count"] == 5
    api = client.get("/api/v1/defenders/?sentenced=true&format=json").json()
    assert api["count"] == 6
    assert client.get("/api/v1/defenders/?sentenced=maybe").status_code == 400
    # A repeated status means "any of these", on the page as on the API.
    both = "status=released&status=imprisoned"
    assert "6 defenders" in client.get(f"/defenders/?{both}").content.decode()
    assert client.get(f"/api/v1/defenders/?{both}&format=json").json()["count"] == 6


def test_latest_changes_are_dated_by_when_they_happened(client, case):
    EventFactory(
        type="release",
        title="Released after the verdict",
        date=datetime.date(2025, 12, 13),
        defenders=case["defenders"][:1],
    )
    EventFactory(
        type="release",
        title="Draft release",
        date=datetime.date(2026, 1, 1),
        live=False,
    )
    html = client.get("/").content.decode()
    changes = html[html.index('id="changes-heading"') :]
    assert '<time datetime="2025-12-13">13 December 2025</time>' in changes
    assert changes.index("Released after the verdict") < changes.index("Closure of 53")
    assert "Draft release" not in changes
    assert_nothing_private(html, "/")


def test_home_figures_are_computed_once_per_published_version(
    client, case, monkeypatch
):
    """The figures and the held chart read every live record: computed once
    for each published version, and again as soon as anything is published."""
    from cms import models

    calls = []

    def counted(build):
        def wrapper(*args, **kwargs):
            calls.append(build.__name__)
            return build(*args, **kwargs)

        wrapper.__name__ = build.__name__
        return wrapper

    monkeypatch.setattr(models, "home_figures", counted(models.home_figures))
    monkeypatch.setattr(models, "held_by_month", counted(models.held_by_month))
    # A session cookie: the public page cache steps aside.
    client.cookies["sessionid"] = "uncached"
    first = client.get("/").content.decode()
    client.get("/")
    assert calls == ["home_figures", "held_by_month"]
    assert '<span class="figure">5</span>' in first
    DefenderFactory(status="imprisoned")
    assert '<span class="figure">6</span>' in client.get("/").content.decode()
    assert len(calls) == 4


def test_what_is_kept_per_version_is_built_once_while_others_wait(rf):
    """A second request meanwhile waits for the first one's build."""
    import threading

    from records.public import per_public_version

    builds = []
    started = threading.Event()

    def slow_build():
        builds.append(1)
        started.set()
        time.sleep(0.3)
        return "figures"

    first_request, second_request = rf.get("/"), rf.get("/")
    # The version as read earlier in each request: no database in the thread.
    first_request.public_version = second_request.public_version = (7, None)
    first = threading.Thread(
        target=per_public_version, args=(first_request, "test-once", slow_build)
    )
    first.start()
    started.wait(5)
    assert per_public_version(second_request, "test-once", slow_build) == "figures"
    first.join()
    assert builds == [1]
