"""Rich text is sanitised when rendered: on the public pages and in the API."""

import pathlib

import pytest

from defenders.factories import DefenderFactory
from records.richtext import sanitise

FORMATTED = (
    "<h2>Career</h2>"
    "<p>A <b>bold</b>, <i>italic</i>, <strong>strong</strong> and <em>em</em> "
    '<a href="https://example.org/case">source</a>, <code>x</code>, '
    "H<sub>2</sub>O, m<sup>2</sup>, <s>old</s>.<br/>Next line.</p>"
    "<ul><li>one</li></ul><ol><li>two</li></ol>"
    "<h3>Three</h3><h4>Four</h4><blockquote>Quoted</blockquote><hr/>"
)
HOSTILE = (
    "<p>Before<script>alert('script')</script></p>"
    '<p><img src="/x.png" onerror="alert(\'onerror\')"></p>'
    "<p><a href=\"javascript:alert('link')\">click</a></p>"
    "<p><a href=\"JaVaScRiPt:alert('link2')\">click2</a></p>"
    "<p onclick=\"alert('onclick')\">After</p>"
)
KEPT = [
    "<h2>Career</h2>",
    "<b>bold</b>",
    "<i>italic</i>",
    "<strong>strong</strong>",
    "<em>em</em>",
    '<a href="https://example.org/case">source</a>',
    "<code>x</code>",
    "<sub>2</sub>",
    "<sup>2</sup>",
    "<s>old</s>",
    "<br>",
    "<ul><li>one</li></ul>",
    "<ol><li>two</li></ol>",
    "<h3>Three</h3>",
    "<h4>Four</h4>",
    "<blockquote>Quoted</blockquote>",
    "<hr>",
]


def assert_clean(html):
    lowered = html.lower()
    for bad in ("<script", "alert(", "onerror", "onclick", "javascript:"):
        assert bad not in lowered, html
    assert "Before" in html and "After" in html and "click" in html
    for fragment in KEPT:
        assert fragment in html, fragment


def test_sanitise_keeps_formatting_and_drops_script():
    assert_clean(sanitise(FORMATTED + HOSTILE))


@pytest.mark.django_db
def test_a_hostile_biography_is_clean_on_the_profile_and_in_the_api(client):
    defender = DefenderFactory(biography=FORMATTED + HOSTILE)
    page = client.get(defender.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    start = html.index("<h2>Career</h2>")
    assert_clean(html[start : html.index("After</p>", start) + 9])
    assert "alert(" not in html

    api = client.get(f"/api/v1/defenders/{defender.slug}/")
    assert api.status_code == 200
    assert_clean(api.json()["biography"])


def test_no_template_renders_rich_text_unsanitised():
    templates = pathlib.Path(__file__).resolve().parents[2] / "templates"
    for path in templates.rglob("*.html"):
        assert "|richtext " not in path.read_text().replace(
            "|richtext}", "|richtext "
        ), f"{path}: use records_richtext's |richtext_html"
