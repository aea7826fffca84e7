"""What a reader found on the petition page: checkboxes beside their labels,
descriptions that exist, a goal written with its thousands separator."""

import re
from html.parser import HTMLParser

import pytest

from petition.factories import make_petition
from tests.petition.helpers import sign_data, sign_url

pytestmark = pytest.mark.django_db


class Elements(HTMLParser):
    """Each element's id, its aria-describedby ids, and the label it sits in."""

    def __init__(self):
        super().__init__()
        self.ids, self.described_by, self.in_label = set(), [], {}
        self.open_label = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if attrs.get("aria-describedby"):
            self.described_by += attrs["aria-describedby"].split()
        if tag == "label":
            self.open_label = attrs.get("for")
        elif tag == "input" and attrs.get("type") == "checkbox":
            self.in_label[attrs["id"]] = self.open_label

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_label = None


def elements(html):
    parser = Elements()
    parser.feed(html)
    return parser


def test_each_description_the_form_points_at_exists(client, petition):
    page = elements(client.get(petition.url).content.decode())
    assert "id_email_helptext" in page.described_by
    assert set(page.described_by) <= page.ids


def test_descriptions_exist_when_the_form_shows_errors(client, petition):
    response = client.post(sign_url(petition), sign_data(name="", email="nope"))
    assert response.status_code == 400
    page = elements(response.content.decode())
    assert {"id_name_error", "id_email_error"} <= set(page.described_by)
    assert set(page.described_by) <= page.ids


def test_each_checkbox_sits_inside_its_own_label(client, petition):
    page = elements(client.get(petition.url).content.decode())
    assert page.in_label == {
        "id_show_first_name": "id_show_first_name",
        "id_keep_informed": "id_keep_informed",
    }


def test_the_goal_is_written_with_a_thousands_separator(client):
    petition = make_petition(goal=10_000)
    html = client.get(petition.url).content.decode()
    assert "of a goal of 10,000 signatures" in html
    assert not re.search(r">[^<]*\b10000\b", html)


def test_the_counts_are_written_with_a_thousands_separator(client, petition):
    # The counter as the confirming transaction writes it (petition.models).
    type(petition).objects.filter(pk=petition.pk).update(signature_count=1234)
    assert "1,234 signatures" in client.get("/petition/").content.decode()
    page = client.get(petition.url).content.decode()
    assert '<span class="figure" id="signature-count">1,234</span>' in page
