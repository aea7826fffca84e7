"""Case file → Import in the real admin: a researcher uploads, checks every
row (new, update with its changes, unchanged, error), confirms; the drafts
go to review as one batch, which an editor approves as one task. Nothing is
public before, and private notes never are."""

import hashlib
import json

import pytest

from django.test import Client
from django.urls import reverse

from wagtail.models import ModelLogEntry, Revision

from cms.caselist.read import read
from cms.models import CaseListImport, CaseListUpload
from defenders.factories import DefenderFactory
from defenders.models import Defender
from events.models import Charge, Event, Sentence
from records.models import Source
from tests.admin_client import login
from tests.cms.case_lists import (
    PRIVATE_NOTE,
    csv_bytes,
    make_case_file,
    person,
    rows_of,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_file(db):
    return make_case_file()


IMPORTS = "wagtailsnippets_cms_caselistimport"


def url(name, *args):
    return reverse(f"{IMPORTS}:{name}", args=args)


def upload(client, data, name="case-list.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(url("add"), {"file": SimpleUploadedFile(name, data)})


def confirm_data(response):
    form = response.context["form"]
    return {"sha256": form["sha256"].value(), "digest": form["digest"].value()}


def rows_shown(response):
    """{row number: row plan} of the preview."""
    return {row.number: row for row in response.context["plan"].rows}


@pytest.fixture
def editor_browser(editor):
    """The editor, in a browser of their own (the researcher keeps theirs)."""
    browser = login(Client(), editor)
    browser.user = editor
    return browser


def test_a_researcher_imports_and_an_editor_approves_the_batch_as_one_task(
    researcher_client, editor_browser, case_file, home_page
):
    known = DefenderFactory(
        name="Testperson Fictional 0002", slug="testperson-fictional-0002"
    )
    unchanged = DefenderFactory(
        name="Testperson Fictional 0003",
        slug="testperson-fictional-0003",
        status="released",
        sources=[Source.objects.create(title="r", url="https://example.org/r/3")],
    )
    rows = [
        person(1),
        {"name": known.name, "status": "released", "status_as_of": "12.2025",
         "sources": "https://example.org/r/2"},
        {"name": unchanged.name, "status": "released", "status_as_of": "12.2025",
         "sources": "https://example.org/r/3"},
        person(4, detained_on="yesterday"),
    ]  # fmt: skip
    header = list(person(1))

    # A file with an error: every row is shown, nothing can be confirmed.
    response = upload(researcher_client, csv_bytes(rows_of(rows, header)))
    assert response.status_code == 302
    preview = researcher_client.get(response["Location"])
    assert preview.status_code == 200
    shown = rows_shown(preview)
    assert [shown[n].outcome for n in (2, 3, 4, 5)] == [
        "new",
        "update",
        "unchanged",
        "error",
    ]
    assert [
        (c.column, c.old, c.new) for c in shown[3].changes if c.column == "status"
    ] == [("status", "imprisoned", "released")]
    assert shown[5].errors[0][0] == "detained_on"
    page = preview.content.decode()
    assert 'data-outcome="error"' in page and "yesterday" in page
    assert "Import as drafts for review" not in page
    assert Defender.objects.count() == 2

    # Fixed, uploaded again, confirmed.
    rows[3] = person(4)
    response = upload(researcher_client, csv_bytes(rows_of(rows, header)))
    preview = researcher_client.get(response["Location"])
    assert preview.context["plan"].summary() == (
        "2 new, 1 updated, 1 unchanged, 0 errors"
    )
    response = researcher_client.post(response["Location"], confirm_data(preview))
    batch = CaseListImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("edit", batch.pk)
    # The confirmed file is gone; the one with the error waits a day.
    assert CaseListUpload.objects.count() == 1
    new = Defender.objects.get(name="Testperson Fictional 0001")
    assert not new.live
    known.refresh_from_db()
    assert known.live and known.status == "imprisoned" and known.has_unpublished_changes

    # The drafts are in the admin's search, by any spelling.
    found = researcher_client.get(
        "/admin/snippets/defenders/defender/", {"q": "Тэстасоба 0001"}
    )
    assert b"Testperson Fictional 0001" in found.content

    # Nothing is public yet.
    anonymous = Client()
    assert anonymous.get(f"/defenders/{new.slug}/").status_code == 404
    assert b"released" not in anonymous.get(f"/defenders/{known.slug}/").content

    # The editor sees one task, named by the file, and its rows.
    dashboard = editor_browser.get("/admin/")
    assert b"case-list.csv" in dashboard.content
    edit = editor_browser.get(url("edit", batch.pk))
    assert edit.status_code == 200
    assert b"Testperson Fictional 0001" in edit.content
    task_state = batch.current_workflow_task_state
    response = editor_browser.post(
        url("workflow_action", batch.pk, "approve", task_state.pk)
    )
    assert response.status_code == 302

    batch.refresh_from_db()
    new.refresh_from_db()
    known.refresh_from_db()
    assert batch.live and not batch.workflow_in_progress
    assert new.live and known.live and known.status == "released"
    assert not known.has_unpublished_changes
    for model in (Event, Charge, Sentence):
        assert model.objects.filter(live=False).count() == 0
    assert not Source.objects.filter(live=False).exists()
    # Published once each, by the editor, as Wagtail's publish action logs it.
    for record in (new, known, Event.objects.get(participants__defender=new)):
        entries = ModelLogEntry.objects.for_instance(record)
        assert [e.user for e in entries.filter(action="wagtail.publish")] == [
            editor_browser.user
        ]

    # The public sees them now, and never the private notes.
    profile = anonymous.get(f"/defenders/{new.slug}/")
    assert profile.status_code == 200
    for path in (
        f"/defenders/{new.slug}/",
        "/defenders/",
        f"/api/v1/defenders/{new.slug}/",
        "/api/v1/defenders/?format=csv",
        "/api/v1/events/",
        "/api/v1/charges/",
        "/feeds/updates.xml",
        "/search/?q=Testperson",
    ):
        response = anonymous.get(path)
        assert response.status_code == 200, path
        # getvalue(): the CSV list is streamed.
        assert PRIVATE_NOTE.encode() not in response.getvalue(), path


def test_requesting_changes_leaves_every_record_a_draft(
    researcher_client, editor_browser, case_file
):
    response = upload(researcher_client, csv_bytes(rows_of([person(1)])))
    preview = researcher_client.get(response["Location"])
    researcher_client.post(response["Location"], confirm_data(preview))
    batch = CaseListImport.objects.get()
    task_state = batch.current_workflow_task_state

    response = editor_browser.post(
        url("workflow_action", batch.pk, "reject", task_state.pk),
        {"comment": "Check the colony"},
    )

    assert response.status_code in (200, 302)
    batch.refresh_from_db()
    assert not batch.live
    assert batch.current_workflow_state.status == "needs_changes"
    assert not Defender.objects.get().live
    assert not Event.objects.filter(live=True).exists()


def test_confirming_after_the_case_file_changed_shows_the_new_preview(
    researcher_client, case_file
):
    response = upload(researcher_client, csv_bytes(rows_of([person(1)])))
    location = response["Location"]
    preview = researcher_client.get(location)
    # Meanwhile someone adds the same person in the admin.
    DefenderFactory(name="Testperson Fictional 0001")

    response = researcher_client.post(location, confirm_data(preview))

    assert response.status_code == 200
    assert rows_shown(response)[2].outcome == "update"
    assert b"changed since this preview" in response.content
    assert Defender.objects.count() == 1
    assert not CaseListImport.objects.exists()


def test_the_confirmed_file_must_be_the_previewed_one(researcher_client, case_file):
    response = upload(researcher_client, csv_bytes(rows_of([person(1)])))
    preview = researcher_client.get(response["Location"])
    upload_row = CaseListUpload.objects.get()
    upload_row.content = csv_bytes(rows_of([person(9)]))
    upload_row.save()

    response = researcher_client.post(response["Location"], confirm_data(preview))

    assert response.status_code == 302 and response["Location"] == url("add")
    assert not Defender.objects.exists()


def test_another_persons_upload_is_not_found(researcher_client, editor, case_file):
    data = csv_bytes(rows_of([person(1)]))
    theirs = CaseListUpload.objects.create(
        user=editor, name="theirs.csv", content=data,
        sha256=hashlib.sha256(data).hexdigest(),
    )  # fmt: skip

    assert researcher_client.get(url("check", theirs.pk)).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(url("add"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_empty_upload_is_refused(researcher_client):
    response = upload(researcher_client, b"", "empty.csv")

    assert response.status_code == 200
    assert "The submitted file is empty." in response.context["form"].errors["file"]
    assert not CaseListUpload.objects.exists()


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"\n \n", "blank.csv", "The file is empty."),
        (b"%PDF-1.7\n\x00\x01\x02binary", "report.pdf", "not a spreadsheet"),
        (csv_bytes([["name", "colour"], ["x", "y"]]), "bad.csv", "“colour”"),
        (
            xlsx_bytes(rows_of([person(1)]), lambda s: s.merge_cells("A2:A3")),
            "merged.xlsx",
            "merged cells",
        ),
    ],
)
def test_a_bad_file_is_shown_with_its_reason_and_cannot_be_confirmed(
    researcher_client, case_file, data, name, message
):
    response = upload(researcher_client, data, name)
    preview = researcher_client.get(response["Location"])

    assert preview.status_code == 200
    assert message in preview.context["file_error"]
    assert b"Import as drafts for review" not in preview.content
    response = researcher_client.post(
        response["Location"],
        {"sha256": CaseListUpload.objects.get().sha256, "digest": "0" * 64},
    )
    assert response.status_code == 200
    assert not CaseListImport.objects.exists()


def test_a_file_over_the_limit_is_refused(researcher_client, case_file, settings):
    settings.CASE_LIST_MAX_BYTES = 1000
    response = upload(researcher_client, b"name\n" + b"x" * 2000)

    assert response.status_code == 200
    (error,) = response.context["form"].errors["file"]
    assert "a case list can be at most 1000\xa0bytes" in error


def test_a_future_date_and_a_formula_are_shown_in_their_row(
    researcher_client, case_file
):
    rows = rows_of([person(1, status_as_of="2099"), person(2)])

    def formula(sheet):
        sheet["A3"] = "=CONCAT(B3)"

    response = upload(researcher_client, xlsx_bytes(rows, formula), "f.xlsx")
    preview = researcher_client.get(response["Location"])

    shown = rows_shown(preview)
    assert shown[2].errors[0][0] == "status_as_of"
    assert "future" in shown[2].errors[0][1]
    assert shown[3].errors[0] == (
        "name",
        "This cell holds a formula (=CONCAT(B3)): type its value instead.",
    )
    assert b"Import as drafts for review" not in preview.content


def test_every_row_unchanged_writes_nothing(researcher_client, case_file):
    data = csv_bytes(rows_of([person(1)]))
    for _attempt in range(2):
        response = upload(researcher_client, data)
        preview = researcher_client.get(response["Location"])
        response = researcher_client.post(response["Location"], confirm_data(preview))
    revisions = Revision.objects.count()

    response = upload(researcher_client, data)
    preview = researcher_client.get(response["Location"])
    assert (
        preview.context["plan"].summary() == "0 new, 0 updated, 1 unchanged, 0 errors"
    )
    response = researcher_client.post(response["Location"], confirm_data(preview))

    assert CaseListImport.objects.count() == 1
    assert Revision.objects.count() == revisions


def test_the_templates_describe_every_column(researcher_client):
    from openpyxl import load_workbook

    csv_template = researcher_client.get(url("download", "template", "csv"))
    assert csv_template["Content-Disposition"].endswith('case-list-template.csv"')
    sheet = read(csv_template.content)
    assert sheet.headers[:3] == ["name", "name_be", "name_ru"]
    assert len(sheet.rows) == 1

    xlsx = researcher_client.get(url("download", "template", "xlsx"))
    import io

    workbook = load_workbook(io.BytesIO(xlsx.content))
    case_list, columns = workbook.worksheets
    assert case_list["A1"].value == "name" and case_list["A1"].comment
    described = {row[0]: row for row in columns.iter_rows(min_row=2, values_only=True)}
    assert described["status"][3] == "yes"
    assert described["name_be"][1] == "імя па-беларуску"
    assert researcher_client.get(url("download", "template", "pdf")).status_code == 404


def test_the_rows_the_editor_reviews_are_kept_with_the_batch(
    researcher_client, case_file
):
    response = upload(researcher_client, csv_bytes(rows_of([person(1)])))
    preview = researcher_client.get(response["Location"])
    researcher_client.post(response["Location"], confirm_data(preview))

    batch = CaseListImport.objects.get()
    (row,) = batch.rows
    assert row["outcome"] == "new" and row["row"] == 2
    assert ["sentence", "", "3 years 6 months"] in row["changes"]
    json.dumps(batch.rows)  # stored as plain JSON


def test_confirming_twice_imports_once(researcher_client, case_file):
    response = upload(researcher_client, csv_bytes(rows_of([person(1)])))
    location = response["Location"]
    data = confirm_data(researcher_client.get(location))

    first = researcher_client.post(location, data)
    second = researcher_client.post(location, data)

    assert first.status_code == 302
    assert second.status_code == 404
    assert CaseListImport.objects.count() == 1
    assert Defender.objects.count() == 1


def test_a_researcher_cannot_approve_an_import(researcher_client, case_file):
    response = upload(researcher_client, csv_bytes(rows_of([person(1)])))
    researcher_client.post(
        response["Location"], confirm_data(researcher_client.get(response["Location"]))
    )
    batch = CaseListImport.objects.get()
    task_state = batch.current_workflow_task_state

    response = researcher_client.post(
        url("workflow_action", batch.pk, "approve", task_state.pk)
    )

    assert response.status_code in (302, 403)
    batch.refresh_from_db()
    assert not batch.live and batch.workflow_in_progress
    assert not Defender.objects.get().live


def test_the_import_page_is_in_the_case_file_menu_with_its_downloads(
    researcher_client,
):
    page = researcher_client.get(url("add"))

    assert page.status_code == 200
    assert url("download", "template", "xlsx").encode() in page.content
    assert url("download", "export", "csv").encode() in page.content
    menu = researcher_client.get("/admin/").content.decode()
    assert url("list") in menu


def test_what_the_case_file_lacks_is_listed_once(researcher_client, case_file):
    rows = [
        person(1, detention_city="Homiel", detention_place="Penal colony No. 9"),
        person(2, detention_city="Homiel", articles="342-1; 361-1"),
        person(3),
    ]
    response = upload(researcher_client, csv_bytes(rows_of(rows)))
    preview = researcher_client.get(response["Location"])
    assert preview.context["plan"].missing == {
        "Reference → Articles": ["361-1"],
        "Reference → Detention places": ["Penal colony No. 9"],
        "Reference → Places": ["Homiel"],
    }
    page = preview.content.decode()
    section = page.split("data-case-list-missing", 1)[1].split("</section>", 1)[0]
    assert section.count("<li>Homiel</li>") == 1
    assert "Import as drafts for review" not in page
