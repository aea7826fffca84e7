"""The case list out (`export_case_list`, and the admin's download), in the
format it comes in: exporting it and importing it back changes nothing."""

import datetime
import io

import pytest

from django.core.management import call_command

from wagtail.models import Revision

from cms.caselist.export import case_list
from defenders.factories import DefenderFactory, MembershipFactory
from events.factories import EventFactory, SentenceFactory
from events.models import Charge
from records.factories import SourceFactory
from tests.cms.case_lists import PRIVATE_NOTE, make_case_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_file(db):
    """The reference records, and two people recorded in the admin."""
    records = make_case_file()
    report = SourceFactory(url="https://example.org/report/held")
    held = DefenderFactory(
        name="Testperson Held",
        name_be="Тэстасоба Затрыманая",
        name_ru="Тестперсона Задержанная",
        other_names="Testperson Khelt\nTestperson Held-Other",
        birth_year=1970,
        letter_address="Line one\nLine two",
        private_notes=PRIVATE_NOTE,
        sources=[report],
    )
    MembershipFactory(defender=held, organization=records["viasna"], role="lawyer")
    detention = EventFactory(
        type="detention",
        title="Detention of Testperson Held",
        date=datetime.date(2021, 7, 1),
        date_precision="month",
        defenders=[held],
        places=[records["minsk"]],
        detention_place=records["colony"],
    )
    EventFactory(
        type="release",
        title="Release of Testperson Held",
        date=datetime.date(2024, 1, 1),
        date_precision="year",
        defenders=[held],
    )
    for article in records["articles"][:2]:
        Charge.objects.create(defender=held, article=article, live=True)
    SentenceFactory(
        defender=held,
        verdict_date=datetime.date(2023, 3, 3),
        term_months=42,
        regime="unknown",
        regime_note="strict or special, sources differ",
    )
    DefenderFactory(
        name="Testperson Free",
        status="in_exile",
        role="journalist",
        sources=[SourceFactory(url="https://example.org/report/free")],
    )
    return {**records, "held": held, "detention": detention}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_exporting_and_importing_back_changes_nothing(tmp_path, case_file, kind):
    path = tmp_path / f"case-list.{kind}"
    call_command("export_case_list", str(path), stdout=io.StringIO())
    revisions = Revision.objects.count()

    out = io.StringIO()
    call_command("import_case_list", str(path), stdout=out)

    assert out.getvalue().splitlines()[-1] == "0 new, 0 updated, 2 unchanged, 0 errors"
    assert Revision.objects.count() == revisions


def test_the_export_writes_each_column_as_the_import_reads_it(case_file):
    rows = {row["name"]: row for row in case_list()}

    held = rows["Testperson Held"]
    assert held["other_names"] == "Testperson Khelt; Testperson Held-Other"
    assert held["organization"] == "viasna" and held["role"] == "lawyer"
    assert held["detained_on"] == "07.2021"
    assert held["detention_city"] == "Minsk"
    assert held["detention_place"] == "Penal colony No. 1"
    assert held["released_on"] == "2024"
    assert held["articles"] == "342-1; 342-2"
    assert held["sentence"] == "42"
    assert held["regime"] == "strict or special, sources differ"
    assert held["sources"] == "https://example.org/report/held"
    assert held["private_notes"] == PRIVATE_NOTE
    free = rows["Testperson Free"]
    assert (free["organization"], free["role"], free["detained_on"]) == (
        "",
        "journalist",
        "",
    )


def test_an_import_exported_again_is_the_file_that_came_in(tmp_path, case_file):
    """A row changed in the spreadsheet comes back as the researcher wrote
    it, once imported: the draft is what the export reads."""
    path = tmp_path / "case-list.csv"
    call_command("export_case_list", str(path), stdout=io.StringIO())
    text = path.read_text(encoding="utf-8-sig").replace("in_exile", "released")
    path.write_text(text, encoding="utf-8-sig")

    out = io.StringIO()
    call_command("import_case_list", str(path), stdout=out)

    assert out.getvalue().splitlines()[-1] == "0 new, 1 updated, 1 unchanged, 0 errors"
    assert {row["name"]: row["status"] for row in case_list()} == {
        "Testperson Free": "released",
        "Testperson Held": "imprisoned",
    }


def test_the_admin_download_is_for_the_team_only(client, researcher_client):
    path = "/admin/snippets/cms/caselistimport/download/export.csv"

    response = researcher_client.get(path)
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbfname,name_be")

    researcher_client.logout()
    assert client.get(path).status_code == 302
