"""The admin dashboard's review panels say what kind of record each row is
(templates/wagtailadmin/home/, cms/templatetags/admin_kinds.py): a defender,
an event and a charge otherwise look alike, a name or a title each."""

import re

import pytest

from defenders.factories import DefenderFactory
from events.factories import EventFactory
from events.models import Event
from records.factories import SourceFactory
from tests.admin_client import login

pytestmark = pytest.mark.django_db


def submitted(record, user):
    record.save_revision(user=user)
    type(record).get_default_workflow().start(record, user)
    return record


def kinds(html, panel_id):
    """{title: kind} of the rows of one dashboard panel."""
    panel = html.split(f'id="{panel_id}-section"', 1)[1].split("</table>", 1)[0]
    return {
        " ".join(title.split()): " ".join(kind.split())
        for kind, title in re.findall(
            r'<span class="w-status w-status--label"\s*data-record-kind>([^<]+)</span>'
            r'\s*<a href="[^"]*" title="Edit">([^<]+)</a>',
            panel,
        )
    }


@pytest.fixture
def in_review(researcher):
    return [
        submitted(DefenderFactory(name="Testperson Dashboard", live=False), researcher),
        submitted(
            EventFactory(
                title="Detention of Testperson Dashboard",
                type=Event.Type.DETENTION,
                live=False,
                sources=[SourceFactory()],
            ),
            researcher,
        ),
    ]


def test_awaiting_review_says_the_kind_of_each_record(client, editor, in_review):
    html = login(client, editor).get("/admin/").content.decode()

    assert kinds(html, "awaiting-review") == {
        "Testperson Dashboard": "Defender",
        "2021-07-14 Detention of Testperson Dashboard": "Event: detention",
    }


def test_your_records_in_review_say_their_kind(client, researcher, in_review):
    html = login(client, researcher).get("/admin/").content.decode()

    assert kinds(html, "objects-in-workflow") == {
        "Testperson Dashboard": "Defender",
        "2021-07-14 Detention of Testperson Dashboard": "Event: detention",
    }
